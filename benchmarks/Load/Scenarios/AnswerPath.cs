namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>What carries an answer-latency scenario's traces from the OTLP receiver to where they end.</summary>
public enum AnswerPath
{
    /// <summary>otlp → batch (the collector's defaults: 8192 items, 200 ms) → nop.</summary>
    BatchProcessor,

    /// <summary>otlp → nop, nothing between: what <see cref="BatchProcessor"/> is compared with.</summary>
    NoProcessor,

    /// <summary>otlp → otlp exporter with <c>sending_queue::batch</c> (defaults) → a second collector.</summary>
    ExporterBatch,

    /// <summary>otlp → otlp exporter with a persistent <c>sending_queue</c> (file_storage, fsync off) → a second collector.</summary>
    PersistentQueue,

    /// <summary>As <see cref="PersistentQueue"/> with <c>fsync: true</c>.</summary>
    PersistentQueueFsync,
}
