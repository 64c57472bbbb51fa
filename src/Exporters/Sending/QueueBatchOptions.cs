using MiniCollector.Pipeline.Config;

namespace MiniCollector.Exporters.Sending;

/// <summary>
/// <c>sending_queue::batch</c>: batching inside the exporter, which the reference now recommends over the batch
/// processor. Present means enabled (<c>batch: {}</c> takes the defaults).
/// </summary>
public sealed record QueueBatchOptions
{
    /// <summary>Longest time the first queued request waits for a batch to fill; must be positive.</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Size (in <see cref="Sizer"/> units) that sends a batch at once.</summary>
    public long MinSize { get; init; } = 8192;

    /// <summary>Largest batch; bigger ones are split. Zero means no limit.</summary>
    public long MaxSize { get; init; }

    /// <summary><c>items</c> or <c>bytes</c>.</summary>
    public QueueSizer Sizer { get; init; } = QueueSizer.Items;

    /// <summary>Binds <c>sending_queue::batch</c>, reporting every problem.</summary>
    public static QueueBatchOptions Bind(ConfigSection section)
    {
        var d = new QueueBatchOptions();
        var options = new QueueBatchOptions
        {
            FlushTimeout = section.Duration("flush_timeout", d.FlushTimeout),
            MinSize = section.Int("min_size", (int)d.MinSize, min: 0),
            MaxSize = section.Int("max_size", (int)d.MaxSize, min: 0),
            Sizer = QueueSizes.Parse(section.Choice("sizer", "items", QueueSizes.Names)),
        };

        if (options.Sizer == QueueSizer.Requests)
        {
            section.Invalid("sizer", "the batch sizer must be items or bytes (requests cannot be batched by count)");
        }

        if (options.FlushTimeout <= TimeSpan.Zero)
        {
            section.Invalid("flush_timeout", "flush_timeout must be greater than zero");
        }

        if (options.MaxSize > 0 && options.MaxSize < options.MinSize)
        {
            section.Invalid("max_size", "max_size must be greater than or equal to min_size");
        }

        if (section.Section("partition").IsPresent)
        {
            section.Invalid("partition", "batch partitioning by metadata is not supported by MiniCollector; use the batch processor's metadata_keys");
        }

        section.ReportUnknownKeys();
        return options;
    }
}
