using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Processors.Shared;

namespace MiniCollector.Processors.Attributes;

/// <summary>Factory of the <c>attributes</c> processor (traces: span attributes, metrics: data point attributes, logs: record attributes).</summary>
public sealed class AttributesProcessorFactory() : ProcessorFactory<AttributesOptions>(
    new("attributes", AllSignals), (section, _) => AttributesOptions.Bind(section))
{
    /// <inheritdoc />
    public override string? ProblemFor(object options, Signal signal) => ((AttributesOptions)options).Match.ProblemFor(signal);

    /// <inheritdoc />
    public override IProcessor Create(ComponentContext context, AttributesOptions options, Signal signal, IConsumer next)
    {
        // The config parser reports this already (validate says it); options built in code reach here unchecked.
        if (options.Match.ProblemFor(signal) is { } problem)
        {
            throw new ComponentStartException($"processors::{context.Id}: {problem} (the processor is in a {signal.Name()} pipeline)");
        }

        return new ModelProcessor(next, signal switch
        {
            Signal.Traces => request => TraceAttributes.Apply((ExportTraceServiceRequest)request.Model, options, request.Metadata),
            Signal.Metrics => request => MetricAttributes.Apply((ExportMetricsServiceRequest)request.Model, options, request.Metadata),
            _ => request => LogAttributes.Apply((ExportLogsServiceRequest)request.Model, options, request.Metadata),
        });
    }
}
