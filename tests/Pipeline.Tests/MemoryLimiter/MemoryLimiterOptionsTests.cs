using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Tests.TestSupport;
using MiniCollector.Processors.MemoryLimiter;

namespace MiniCollector.Pipeline.Tests.MemoryLimiter;

/// <summary>Binding and validating <c>processors::memory_limiter</c>, and the limits it derives.</summary>
public sealed class MemoryLimiterOptionsTests
{
    private const long Mib = 1024 * 1024;
    private const string Path = "processors::memory_limiter";

    private static (MemoryLimiterOptions Options, IReadOnlyList<ConfigError> Errors) Bind(string yaml)
    {
        return ConfigHelper.Bind<MemoryLimiterOptions>(new MemoryLimiterProcessorFactory(), yaml, Path);
    }

    [Fact]
    public void Minimal_section_gives_the_reference_defaults()
    {
        var (options, errors) = Bind("check_interval: 1s\nlimit_mib: 100\n");

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(1), options.CheckInterval);
        Assert.Equal(100, options.LimitMib);
        Assert.Equal(0, options.SpikeLimitMib);
        Assert.Equal(0, options.LimitPercentage);
        Assert.Equal(0, options.SpikeLimitPercentage);
        Assert.Equal(TimeSpan.FromSeconds(10), options.MinGcIntervalWhenSoftLimited);
        Assert.Equal(TimeSpan.Zero, options.MinGcIntervalWhenHardLimited);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxGcIntervalWhenSoftLimited);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxGcIntervalWhenHardLimited);
    }

    [Fact]
    public void Every_key_is_bound()
    {
        var (options, errors) = Bind("""
            check_interval: 250ms
            limit_mib: 400
            spike_limit_mib: 50
            limit_percentage: 75
            spike_limit_percentage: 15
            min_gc_interval_when_soft_limited: 5s
            min_gc_interval_when_hard_limited: 2s
            max_gc_interval_when_soft_limited: 40s
            max_gc_interval_when_hard_limited: 20s
            """);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.CheckInterval);
        Assert.Equal(400, options.LimitMib);
        Assert.Equal(50, options.SpikeLimitMib);
        Assert.Equal(75, options.LimitPercentage);
        Assert.Equal(15, options.SpikeLimitPercentage);
        Assert.Equal(TimeSpan.FromSeconds(5), options.MinGcIntervalWhenSoftLimited);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MinGcIntervalWhenHardLimited);
        Assert.Equal(TimeSpan.FromSeconds(40), options.MaxGcIntervalWhenSoftLimited);
        Assert.Equal(TimeSpan.FromSeconds(20), options.MaxGcIntervalWhenHardLimited);
    }

    [Theory]
    [InlineData("limit_mib: 100\n")]
    [InlineData("check_interval: 0s\nlimit_mib: 100\n")]
    [InlineData("check_interval: 0\nlimit_mib: 100\n")]
    public void Check_interval_is_required_and_must_be_above_zero(string yaml)
    {
        var (_, errors) = Bind(yaml);

        var error = Assert.Single(errors);
        Assert.Equal("'check_interval' must be greater than zero", error.Message);
        Assert.Equal(Path + "::check_interval", error.Path);
    }

    [Fact]
    public void A_negative_check_interval_is_an_error()
    {
        var (_, errors) = Bind("check_interval: -1s\nlimit_mib: 100\n");

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Equal(Path + "::check_interval", e.Path));
    }

    [Fact]
    public void Without_limit_mib_or_limit_percentage_the_reference_error_is_reported()
    {
        var (_, errors) = Bind("check_interval: 1s\n");

        var error = Assert.Single(errors);
        Assert.Equal("'limit_mib' or 'limit_percentage' must be greater than zero", error.Message);
        Assert.Equal(Path, error.Path);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var (_, errors) = Bind("spike_limit_mib: 10\n");

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Message == "'check_interval' must be greater than zero");
        Assert.Contains(errors, e => e.Message == "'limit_mib' or 'limit_percentage' must be greater than zero");
    }

    [Theory]
    [InlineData(100)]
    [InlineData(150)]
    public void Spike_at_or_above_the_limit_is_an_error(int spike)
    {
        var (_, errors) = Bind($"check_interval: 1s\nlimit_mib: 100\nspike_limit_mib: {spike}\n");

        var error = Assert.Single(errors);
        Assert.Equal("'spike_limit_mib' must be smaller than 'limit_mib'", error.Message);
        Assert.Equal(Path + "::spike_limit_mib", error.Path);
        Assert.Equal(3, error.Location!.Value.Line);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(80)]
    public void Spike_percentage_at_or_above_the_limit_percentage_is_an_error(int spike)
    {
        var (_, errors) = Bind($"check_interval: 1s\nlimit_percentage: 50\nspike_limit_percentage: {spike}\n");

        var error = Assert.Single(errors);
        Assert.Equal("'spike_limit_percentage' must be smaller than 'limit_percentage'", error.Message);
        Assert.Equal(Path + "::spike_limit_percentage", error.Path);
    }

    [Fact]
    public void Percentages_above_one_hundred_are_errors()
    {
        var (_, errors) = Bind("check_interval: 1s\nlimit_percentage: 101\n");

        Assert.Contains(errors, e => e.Path == Path + "::limit_percentage");
    }

    [Fact]
    public void Min_gc_interval_when_soft_limited_below_the_hard_one_is_an_error()
    {
        var (_, errors) = Bind("check_interval: 1s\nlimit_mib: 100\nmin_gc_interval_when_soft_limited: 1s\nmin_gc_interval_when_hard_limited: 2s\n");

        var error = Assert.Single(errors);
        Assert.Equal(Path + "::min_gc_interval_when_soft_limited", error.Path);
        Assert.Contains("'min_gc_interval_when_soft_limited'", error.Message);
        Assert.Contains("'min_gc_interval_when_hard_limited'", error.Message);
    }

    [Fact]
    public void Equal_min_gc_intervals_are_valid()
    {
        Assert.Empty(Bind("check_interval: 1s\nlimit_mib: 100\nmin_gc_interval_when_soft_limited: 2s\nmin_gc_interval_when_hard_limited: 2s\n").Errors);
    }

    [Fact]
    public void Unknown_keys_are_errors()
    {
        var (_, errors) = Bind("check_interval: 1s\nlimit_mib: 100\nballast_size_mib: 10\n");

        var error = Assert.Single(errors);
        Assert.Equal(Path, error.Path);
        Assert.StartsWith("unknown key \"ballast_size_mib\"", error.Message);
        Assert.Contains("limit_mib", error.Message);
        Assert.Equal(3, error.Location!.Value.Line);
    }

    [Fact]
    public void Spike_defaults_to_a_fifth_of_limit_mib()
    {
        var (options, errors) = Bind("check_interval: 1s\nlimit_mib: 1000\n");

        Assert.Empty(errors);
        Assert.Equal((1000 * Mib, 800 * Mib), options.Limits(availableBytes: 64L * 1024 * Mib));
    }

    [Fact]
    public void An_explicit_spike_sets_the_soft_limit()
    {
        var (options, _) = Bind("check_interval: 1s\nlimit_mib: 1000\nspike_limit_mib: 100\n");

        Assert.Equal((1000 * Mib, 900 * Mib), options.Limits(availableBytes: 64L * 1024 * Mib));
    }

    [Fact]
    public void Limit_mib_wins_over_the_percentage()
    {
        var (options, errors) = Bind("check_interval: 1s\nlimit_mib: 100\nlimit_percentage: 50\n");

        Assert.Empty(errors);
        Assert.Equal((100 * Mib, 80 * Mib), options.Limits(availableBytes: 10_000 * Mib));
    }

    [Theory]
    [InlineData(50, 10, 500, 400)]
    [InlineData(80, 0, 800, 640)]
    [InlineData(25, 0, 250, 200)]
    [InlineData(90, 30, 900, 600)]
    public void Percentages_are_taken_of_the_available_memory(int limit, int spike, long hardMib, long softMib)
    {
        var yaml = $"check_interval: 1s\nlimit_percentage: {limit}\n" + (spike > 0 ? $"spike_limit_percentage: {spike}\n" : string.Empty);
        var (options, errors) = Bind(yaml);

        Assert.Empty(errors);
        Assert.Equal((hardMib * Mib, softMib * Mib), options.Limits(availableBytes: 1000 * Mib));
    }

    // The reference takes the default spike as a fifth of the hard limit in bytes (newFixedMemUsageChecker:
    // memAllocLimit / 5), so the soft limit is always 80% of the hard one, whatever the percentage.
    [Theory]
    [InlineData(4, 40, 32)]
    [InlineData(12, 120, 96)]
    [InlineData(3, 30, 24)]
    public void Default_spike_percentage_is_a_fifth_of_the_limit_even_when_the_limit_is_not_a_multiple_of_five(int limit, long hardMib, long softMib)
    {
        var (options, errors) = Bind($"check_interval: 1s\nlimit_percentage: {limit}\n");

        Assert.Empty(errors);
        Assert.Equal((hardMib * Mib, softMib * Mib), options.Limits(availableBytes: 1000 * Mib));
    }
}
