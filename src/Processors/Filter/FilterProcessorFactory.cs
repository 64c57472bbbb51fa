using Microsoft.Extensions.Logging;
using MiniCollector.Ottl;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Processors.Filter;

/// <summary>Factory of the <c>filter</c> processor: drops spans, span events, metrics, data points and logs that OTTL conditions match.</summary>
public sealed class FilterProcessorFactory() : ProcessorFactory<FilterOptions>(
    new("filter", AllSignals), (section, _) => FilterOptions.Bind(section))
{
    /// <inheritdoc />
    public override IProcessor Create(ComponentContext context, FilterOptions options, Signal signal, IConsumer next)
    {
        var counter = new FilterCounter();
        var (name, description) = signal switch
        {
            Signal.Traces => ("otelcol_processor_filter_spans_filtered", "Number of spans dropped by the filter processor"),
            Signal.Metrics => ("otelcol_processor_filter_datapoints_filtered", "Number of metric data points dropped by the filter processor"),
            _ => ("otelcol_processor_filter_logs_filtered", "Number of logs dropped by the filter processor"),
        };
        context.Meter.Counter(name, "1", description, counter.Read, Label.Of("filter", context.Id.ToString()));

        IRequestFilter filter = signal switch
        {
            Signal.Traces => new TraceFilter(Compile(options.Span, OttlContextKind.Span, options, context.Logger), Compile(options.SpanEvent, OttlContextKind.SpanEvent, options, context.Logger)),
            Signal.Metrics => new MetricFilter(Compile(options.Metric, OttlContextKind.Metric, options, context.Logger), Compile(options.DataPoint, OttlContextKind.DataPoint, options, context.Logger)),
            _ => new LogFilter(Compile(options.LogRecord, OttlContextKind.Log, options, context.Logger)),
        };
        return new FilterProcessor(next, filter, counter, context.Logger);
    }

    // The conditions were checked when the config was bound; here they are compiled with the component's logger.
    private static OttlConditions? Compile(IReadOnlyList<string> texts, OttlContextKind kind, FilterOptions options, ILogger logger)
    {
        if (texts.Count == 0)
        {
            return null;
        }

        var errors = new List<OttlError>();
        return OttlParser.ParseConditions(texts, kind, errors, options.ErrorMode, logger)
            ?? throw new ComponentStartException($"invalid {kind.Name()} condition: {errors[0]} (in \"{errors[0].Text}\")");
    }
}
