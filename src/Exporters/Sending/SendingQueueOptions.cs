using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Exporters.Sending;

/// <summary>
/// <c>sending_queue</c>, the reference's exporterhelper shape: a bounded queue (in memory, or on disk with
/// <c>storage</c>) drained by several consumers, optionally batching.
/// </summary>
public sealed record SendingQueueOptions
{
    public bool Enabled { get; init; } = true;

    public int NumConsumers { get; init; } = 10;

    /// <summary>Capacity, in <see cref="Sizer"/> units.</summary>
    public long QueueSize { get; init; } = 1000;

    /// <summary>What <see cref="QueueSize"/> counts.</summary>
    public QueueSizer Sizer { get; init; } = QueueSizer.Requests;

    /// <summary>When full: wait for room (true) or refuse the request with a retryable error (false).</summary>
    public bool BlockOnOverflow { get; init; }

    /// <summary>Answer the caller only once its data was sent (or given up on), with that outcome.</summary>
    public bool WaitForResult { get; init; }

    /// <summary>Batching inside the exporter; null when off (the default).</summary>
    public QueueBatchOptions? Batch { get; init; }

    /// <summary>The storage extension holding a persistent queue; null for the in-memory queue.</summary>
    public ComponentId? Storage { get; init; }

    /// <summary>Where <see cref="Storage"/> is written in the config, for reference errors.</summary>
    public string StoragePath { get; init; } = "sending_queue::storage";

    /// <summary>Binds <c>sending_queue</c>, reporting every problem.</summary>
    public static SendingQueueOptions Bind(ConfigSection section)
    {
        var d = new SendingQueueOptions();
        var options = new SendingQueueOptions
        {
            Enabled = section.Bool("enabled", d.Enabled),
            NumConsumers = section.Int("num_consumers", d.NumConsumers, min: 1),
            QueueSize = section.Int("queue_size", (int)d.QueueSize, min: 1),
            Sizer = QueueSizes.Parse(section.Choice("sizer", "requests", QueueSizes.Names)),
            BlockOnOverflow = section.Bool("block_on_overflow", d.BlockOnOverflow),
            WaitForResult = section.Bool("wait_for_result", d.WaitForResult),
            Batch = section.Has("batch") ? QueueBatchOptions.Bind(section.Section("batch")) : null,
            Storage = BindStorage(section),
            StoragePath = section.Path + "::storage",
        };

        section.ReportUnknownKeys();
        return options;
    }

    private static ComponentId? BindStorage(ConfigSection section)
    {
        var text = section.StringOrNull("storage");
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!ComponentId.TryParse(text, out var id, out var error))
        {
            section.Invalid("storage", error!);
            return null;
        }

        return id;
    }
}
