using MiniCollector.Ottl;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Processors.Transform;

/// <summary>Factory of the <c>transform</c> processor: runs OTTL statements on traces, metrics and logs.</summary>
public sealed class TransformProcessorFactory() : ProcessorFactory<TransformOptions>(
    new("transform", AllSignals), (section, _) => TransformOptions.Bind(section))
{
    /// <inheritdoc />
    public override IProcessor Create(ComponentContext context, TransformOptions options, Signal signal, IConsumer next)
    {
        var groups = signal switch
        {
            Signal.Traces => options.Traces,
            Signal.Metrics => options.Metrics,
            _ => options.Logs,
        };

        // Checked when the config was bound; compiled again here with the component's logger.
        var compiled = new List<OttlStatements>(groups.Count);
        foreach (var group in groups)
        {
            var errors = new List<OttlError>();
            compiled.Add(OttlParser.ParseStatements(group.Statements, group.Context, errors, group.ErrorMode, context.Logger, group.Conditions)
                ?? throw new ComponentStartException($"invalid {group.Context.Name()} statement: {errors[0]} (in \"{errors[0].Text}\")"));
        }

        OttlStatements[] statements = [.. compiled];
        return new TransformProcessor(next, signal switch
        {
            Signal.Traces => request => TraceTransform.Apply((ExportTraceServiceRequest)request.Model, statements),
            Signal.Metrics => request => MetricTransform.Apply((ExportMetricsServiceRequest)request.Model, statements),
            _ => request => LogTransform.Apply((ExportLogsServiceRequest)request.Model, statements),
        }, context.Logger);
    }
}
