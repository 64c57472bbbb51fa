namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>The shape of the otlp exporter's <c>sending_queue</c> in the exporter-queue scenarios.</summary>
/// <param name="Batch">Whether <c>sending_queue::batch</c> is on (with its defaults: <c>batch: {}</c>).</param>
/// <param name="Storage">The <c>file_storage</c> extension that makes the queue persistent; null for the in-memory queue.</param>
public sealed record ExporterQueue(bool Batch, FileStorageSettings? Storage);
