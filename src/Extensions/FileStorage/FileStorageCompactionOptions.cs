using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// The reference's <c>compaction</c> settings, accepted and validated so its configs work unchanged, but without
/// effect: the reference compacts a bbolt database file that never shrinks by itself, while our segment log gives
/// space back by deleting each segment once every record in it is complete.
/// </summary>
public sealed record FileStorageCompactionOptions
{
    /// <summary>Compact when the extension starts.</summary>
    public bool OnStart { get; init; }

    /// <summary>Compact while running once usage rebounds.</summary>
    public bool OnRebound { get; init; }

    /// <summary>Where the reference writes the temporary compacted file.</summary>
    public string Directory { get; init; } = FileStorageOptions.DefaultDirectory;

    /// <summary>Keys copied per compaction transaction.</summary>
    public long MaxTransactionSize { get; init; } = 65536;

    /// <summary>Remove temporary compaction files left by a previous run.</summary>
    public bool CleanupOnStart { get; init; }

    /// <summary>Database size that makes a rebound compaction needed.</summary>
    public long ReboundNeededThresholdMiB { get; init; } = 100;

    /// <summary>Data size below which a needed rebound compaction runs.</summary>
    public long ReboundTriggerThresholdMiB { get; init; } = 10;

    /// <summary>How often the rebound conditions are checked.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Binds <c>extensions::file_storage::compaction</c>, reporting every problem.</summary>
    public static FileStorageCompactionOptions Bind(ConfigSection section)
    {
        var d = new FileStorageCompactionOptions();
        var options = new FileStorageCompactionOptions
        {
            OnStart = section.Bool("on_start", d.OnStart),
            OnRebound = section.Bool("on_rebound", d.OnRebound),
            Directory = section.String("directory", d.Directory),
            MaxTransactionSize = section.Long("max_transaction_size", d.MaxTransactionSize),
            CleanupOnStart = section.Bool("cleanup_on_start", d.CleanupOnStart),
            ReboundNeededThresholdMiB = section.Long("rebound_needed_threshold_mib", d.ReboundNeededThresholdMiB, min: 0),
            ReboundTriggerThresholdMiB = section.Long("rebound_trigger_threshold_mib", d.ReboundTriggerThresholdMiB, min: 0),
            CheckInterval = section.Duration("check_interval", d.CheckInterval),
        };
        section.ReportUnknownKeys();

        // The reference's own messages for these two.
        if (options.MaxTransactionSize < 0)
        {
            section.Invalid("max_transaction_size", "max transaction size for compaction cannot be less than 0");
        }

        if (options.OnRebound && options.CheckInterval <= TimeSpan.Zero)
        {
            section.Invalid("check_interval", "compaction check interval must be positive when rebound compaction is set");
        }

        return options;
    }
}
