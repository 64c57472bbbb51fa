using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Processors.Batch;

/// <summary>Factory of the <c>batch</c> processor.</summary>
public sealed class BatchProcessorFactory : ProcessorFactory
{
    /// <inheritdoc />
    public override string Type => "batch";

    /// <inheritdoc />
    public override IReadOnlyList<Signal> Signals => [Signal.Traces, Signal.Metrics, Signal.Logs];

    /// <inheritdoc />
    public override object BindOptions(ConfigSection section, string typeAsWritten) => BatchOptions.Bind(section);

    /// <inheritdoc />
    public override IProcessor Create(ComponentContext context, object options, Signal signal, IConsumer next)
    {
        var o = (BatchOptions)options;
        return signal switch
        {
            Signal.Traces => new BatchProcessor<ExportTraceServiceRequest>(context, o, TracesKind.Instance, next, context.Time),
            Signal.Metrics => new BatchProcessor<ExportMetricsServiceRequest>(context, o, MetricsKind.Instance, next, context.Time),
            _ => new BatchProcessor<ExportLogsServiceRequest>(context, o, LogsKind.Instance, next, context.Time),
        };
    }
}
