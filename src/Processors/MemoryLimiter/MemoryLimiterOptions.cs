using MiniCollector.Pipeline.Config;

namespace MiniCollector.Processors.MemoryLimiter;

/// <summary>Options of the <c>memory_limiter</c> processor, with the reference's defaults and validation.</summary>
public sealed record MemoryLimiterOptions
{
    /// <summary>How often memory is measured; must be above zero.</summary>
    public TimeSpan CheckInterval { get; init; }

    /// <summary>Hard limit in MiB (wins over the percentage).</summary>
    public long LimitMib { get; init; }

    /// <summary>Headroom below the hard limit; the soft limit is limit − spike. Default 20% of the limit.</summary>
    public long SpikeLimitMib { get; init; }

    /// <summary>Hard limit as a percentage of the memory available to the process (cgroup limit or physical memory).</summary>
    public int LimitPercentage { get; init; }

    /// <summary>Spike as a percentage; default 20% of <see cref="LimitPercentage"/>.</summary>
    public int SpikeLimitPercentage { get; init; }

    /// <summary>Least time between forced collections while over the soft limit.</summary>
    public TimeSpan MinGcIntervalWhenSoftLimited { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Least time between forced collections while over the hard limit.</summary>
    public TimeSpan MinGcIntervalWhenHardLimited { get; init; }

    /// <summary>Cap of the back-off between forced collections that do not help; zero disables the back-off.</summary>
    public TimeSpan MaxGcIntervalWhenSoftLimited { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxGcIntervalWhenHardLimited { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Binds <c>processors::memory_limiter</c>, reporting every problem.</summary>
    public static MemoryLimiterOptions Bind(ConfigSection section)
    {
        var d = new MemoryLimiterOptions();
        var options = new MemoryLimiterOptions
        {
            CheckInterval = section.Duration("check_interval", TimeSpan.Zero),
            LimitMib = section.Long("limit_mib", 0, min: 0),
            SpikeLimitMib = section.Long("spike_limit_mib", 0, min: 0),
            LimitPercentage = section.Int("limit_percentage", 0, min: 0, max: 100),
            SpikeLimitPercentage = section.Int("spike_limit_percentage", 0, min: 0, max: 100),
            MinGcIntervalWhenSoftLimited = section.Duration("min_gc_interval_when_soft_limited", d.MinGcIntervalWhenSoftLimited),
            MinGcIntervalWhenHardLimited = section.Duration("min_gc_interval_when_hard_limited", d.MinGcIntervalWhenHardLimited),
            MaxGcIntervalWhenSoftLimited = section.Duration("max_gc_interval_when_soft_limited", d.MaxGcIntervalWhenSoftLimited),
            MaxGcIntervalWhenHardLimited = section.Duration("max_gc_interval_when_hard_limited", d.MaxGcIntervalWhenHardLimited),
        };
        section.ReportUnknownKeys();

        if (options.CheckInterval <= TimeSpan.Zero)
        {
            section.Invalid("check_interval", "'check_interval' must be greater than zero");
        }

        if (options.LimitMib == 0 && options.LimitPercentage == 0)
        {
            section.Invalid("'limit_mib' or 'limit_percentage' must be greater than zero");
        }

        if (options.LimitMib > 0 && options.SpikeLimitMib >= options.LimitMib)
        {
            section.Invalid("spike_limit_mib", "'spike_limit_mib' must be smaller than 'limit_mib'");
        }

        if (options.LimitPercentage > 0 && options.SpikeLimitPercentage >= options.LimitPercentage)
        {
            section.Invalid("spike_limit_percentage", "'spike_limit_percentage' must be smaller than 'limit_percentage'");
        }

        if (options.MinGcIntervalWhenSoftLimited < options.MinGcIntervalWhenHardLimited)
        {
            section.Invalid("min_gc_interval_when_soft_limited", "'min_gc_interval_when_soft_limited' should be larger than or equal to 'min_gc_interval_when_hard_limited'");
        }

        return options;
    }

    /// <summary>Hard and soft limits in bytes, given the memory available to the process.</summary>
    public (long Hard, long Soft) Limits(long availableBytes)
    {
        const long Mib = 1024 * 1024;
        if (LimitMib > 0)
        {
            long hard = LimitMib * Mib;
            long spike = SpikeLimitMib > 0 ? SpikeLimitMib * Mib : hard / 5;
            return (hard, hard - spike);
        }

        long hardByPercent = availableBytes / 100 * LimitPercentage;

        // The default spike is a fifth of the limit itself, not of a rounded-down percentage.
        long spikeByPercent = SpikeLimitPercentage > 0 ? availableBytes / 100 * SpikeLimitPercentage : hardByPercent / 5;
        return (hardByPercent, hardByPercent - spikeByPercent);
    }
}
