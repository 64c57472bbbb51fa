using MiniCollector.Pipeline.Config;

namespace MiniCollector.Exporters.Sending;

/// <summary><c>retry_on_failure</c>: exponential backoff with jitter for retryable export failures.</summary>
public sealed record RetryOptions
{
    public bool Enabled { get; init; } = true;

    public TimeSpan InitialInterval { get; init; } = TimeSpan.FromSeconds(5);

    public double RandomizationFactor { get; init; } = 0.5;

    public double Multiplier { get; init; } = 1.5;

    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Give up after this long; zero retries for ever.</summary>
    public TimeSpan MaxElapsedTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Binds <c>retry_on_failure</c>, reporting every problem.</summary>
    public static RetryOptions Bind(ConfigSection section)
    {
        var d = new RetryOptions();
        var options = new RetryOptions
        {
            Enabled = section.Bool("enabled", d.Enabled),
            InitialInterval = section.Duration("initial_interval", d.InitialInterval),
            RandomizationFactor = section.Double("randomization_factor", d.RandomizationFactor),
            Multiplier = section.Double("multiplier", d.Multiplier),
            MaxInterval = section.Duration("max_interval", d.MaxInterval),
            MaxElapsedTime = section.Duration("max_elapsed_time", d.MaxElapsedTime),
        };
        section.ReportUnknownKeys();
        if (options.RandomizationFactor is < 0 or > 1)
        {
            section.Invalid("randomization_factor", "'randomization_factor' must be within [0, 1]");
        }

        if (options.Multiplier <= 0)
        {
            section.Invalid("multiplier", "'multiplier' must be positive");
        }

        if (options.Enabled && options.MaxElapsedTime != TimeSpan.Zero)
        {
            if (options.MaxElapsedTime < options.InitialInterval)
            {
                section.Invalid("max_elapsed_time", "'max_elapsed_time' must not be less than 'initial_interval'");
            }

            if (options.MaxElapsedTime < options.MaxInterval)
            {
                section.Invalid("max_elapsed_time", "'max_elapsed_time' must not be less than 'max_interval'");
            }
        }

        return options;
    }
}
