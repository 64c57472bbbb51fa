using MiniCollector.Pipeline.Config;

namespace MiniCollector.Processors.Batch;

/// <summary>Options of the <c>batch</c> processor, with the reference collector's defaults.</summary>
public sealed record BatchOptions
{
    /// <summary>Item count that triggers a send (not a cap).</summary>
    public int SendBatchSize { get; init; } = 8192;

    /// <summary>Longest time the first buffered item waits; zero sends at once.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Hard cap on items per sent batch; zero means no cap.</summary>
    public int SendBatchMaxSize { get; init; }

    /// <summary>Client metadata keys whose distinct values get separate batches.</summary>
    public IReadOnlyList<string> MetadataKeys { get; init; } = [];

    /// <summary>Most distinct metadata combinations batched at once.</summary>
    public int MetadataCardinalityLimit { get; init; } = 1000;

    /// <summary>
    /// Most items held at once, buffered or being sent; more is refused with a retryable error. Zero (the default)
    /// means ten times <c>send_batch_size</c> (or <c>send_batch_max_size</c> if larger), at least 65,536.
    /// A MiniCollector key: the reference's buffer is unbounded.
    /// </summary>
    public int MaxBufferedItems { get; init; }

    /// <summary>The buffer bound in force: <see cref="MaxBufferedItems"/>, or its automatic value.</summary>
    public long BufferCapacity => MaxBufferedItems > 0 ? MaxBufferedItems : Math.Max(65_536L, 10L * Math.Max(SendBatchSize, SendBatchMaxSize));

    /// <summary>Binds <c>processors::batch</c>, reporting every problem.</summary>
    public static BatchOptions Bind(ConfigSection section)
    {
        var defaults = new BatchOptions();
        var options = new BatchOptions
        {
            SendBatchSize = section.Int("send_batch_size", defaults.SendBatchSize, min: 0),
            Timeout = section.Duration("timeout", defaults.Timeout),
            SendBatchMaxSize = section.Int("send_batch_max_size", defaults.SendBatchMaxSize, min: 0),
            MetadataKeys = section.StringList("metadata_keys") ?? [],
            MetadataCardinalityLimit = section.Int("metadata_cardinality_limit", defaults.MetadataCardinalityLimit, min: 0),
            MaxBufferedItems = section.Int("max_buffered_items", defaults.MaxBufferedItems, min: 0),
        };
        section.ReportUnknownKeys();

        if (options.SendBatchMaxSize > 0 && options.SendBatchMaxSize < options.SendBatchSize)
        {
            section.Invalid("send_batch_max_size", "send_batch_max_size must be greater or equal to send_batch_size");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in options.MetadataKeys)
        {
            if (!seen.Add(key))
            {
                section.Invalid("metadata_keys", $"duplicate entry in metadata_keys: \"{key}\" (case-insensitive)");
            }
        }

        return options;
    }
}
