using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Processors.Batch;

/// <summary>Factory of the <c>batch</c> processor.</summary>
public sealed class BatchProcessorFactory() : ProcessorFactory<BatchOptions>(new("batch", AllSignals), (section, _) => BatchOptions.Bind(section))
{
    /// <inheritdoc />
    public override IProcessor Create(ComponentContext context, BatchOptions options, Signal signal, IConsumer next)
    {
        return signal switch
        {
            Signal.Traces => new BatchProcessor<ExportTraceServiceRequest>(context, options, TracesKind.Instance, next, context.Time),
            Signal.Metrics => new BatchProcessor<ExportMetricsServiceRequest>(context, options, MetricsKind.Instance, next, context.Time),
            _ => new BatchProcessor<ExportLogsServiceRequest>(context, options, LogsKind.Instance, next, context.Time),
        };
    }
}
