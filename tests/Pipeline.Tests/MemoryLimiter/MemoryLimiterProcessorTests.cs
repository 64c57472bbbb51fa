using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;
using MiniCollector.Pipeline.Tests.TestSupport;
using MiniCollector.Processors.MemoryLimiter;
using static MiniCollector.Pipeline.Tests.TestSupport.Shape;

namespace MiniCollector.Pipeline.Tests.MemoryLimiter;

/// <summary>
/// The memory limiter against a scripted memory reading and a fake clock: admitting and refusing around the soft limit,
/// the transition logs, forced collections with their minimum interval and back-off, the hard limit.
/// </summary>
public sealed class MemoryLimiterProcessorTests
{
    private const long Mib = 1024 * 1024;
    private const string Refusing = "Memory usage is above soft limit. Refusing data.";
    private const string Resuming = "Memory usage back within limits. Resuming normal operation.";
    private const string AboveHard = "Memory usage is above hard limit. Forcing a GC.";
    private const string RefusalReason = "data refused due to high memory usage";

    // Hard 100 MiB, soft 80 MiB.
    private static readonly MemoryLimiterOptions Options = new() { CheckInterval = TimeSpan.FromSeconds(1), LimitMib = 100, SpikeLimitMib = 20 };

    /// <summary>A limiter whose memory reading is <see cref="Usage"/> (in MiB) and whose collections are recorded.</summary>
    private sealed class Rig
    {
        public Rig(MemoryLimiterOptions? options = null, CollectorMeter? meter = null)
        {
            Processor = new MemoryLimiterProcessor(
                new ComponentContext(new ComponentId("memory_limiter", string.Empty), ComponentKind.Processor, Logs) { Meter = meter ?? CollectorMeter.None },
                options ?? Options,
                Next,
                measure: () =>
                {
                    Measurements++;
                    return (long)(Usage * Mib);
                },
                collect: () =>
                {
                    Collections.Add(Clock.GetUtcNow());
                    Usage = AfterCollection?.Invoke(Usage) ?? Usage;
                },
                time: Clock,
                allocated: () => (long)(Allocated * Mib));
        }

        /// <summary>What the process has allocated so far, in MiB (the counter admissions compare against).</summary>
        public double Allocated { get; set; }

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

        public LogCapture Logs { get; } = new();

        public RecordingConsumer Next { get; } = new();

        public MemoryLimiterProcessor Processor { get; }

        /// <summary>Current reading in MiB.</summary>
        public double Usage { get; set; }

        /// <summary>What a forced collection leaves (in MiB); null: collections free nothing.</summary>
        public Func<double, double>? AfterCollection { get; set; }

        public int Measurements { get; private set; }

        public List<DateTimeOffset> Collections { get; } = [];

        /// <summary>Sets the reading and runs one check, as the timer would.</summary>
        public void CheckAt(double usageMib)
        {
            Usage = usageMib;
            Processor.Check();
        }

        /// <summary>Moves the clock by one check interval and runs one check.</summary>
        public void NextCheck(double usageMib)
        {
            Clock.Advance(Interval);
            CheckAt(usageMib);
        }

        /// <summary>The check interval the tests step by (that of <see cref="Options"/>).</summary>
        public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

        public bool Admits() => Processor.TryAdmit(out _, out _);
    }

    private static TelemetryRequest Spans(int count, string service = "svc")
        => TracesKind.Instance.FromBytes(TracesCase.Instance.Build(R(service, S("scope", count))).ToByteArray());

    private static Task<ConsumeResult> Send(IConsumer consumer, TelemetryRequest request)
        => consumer.ConsumeAsync(request, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Below_the_soft_limit_data_is_admitted_and_passed_to_the_next_consumer()
    {
        var rig = new Rig();
        rig.CheckAt(50);

        Assert.True(rig.Processor.TryAdmit(out _, out _));
        Assert.False(rig.Processor.Refusing);
        var request = Spans(3);
        var result = await Send(rig.Processor, request);

        Assert.Equal(ConsumeResult.Success, result);
        Assert.Same(request, Assert.Single(rig.Next.Received));
        Assert.Equal(3, rig.Processor.AcceptedItems);
        Assert.Equal(0, rig.Processor.RefusedItems);
        Assert.Empty(rig.Collections);
        Assert.Equal(0, rig.Logs.Count(Refusing));
    }

    [Fact]
    public async Task Its_state_and_refusals_are_self_metrics_and_a_refusal_names_the_memory_limiter_as_its_reason()
    {
        using var meter = new CollectorMeter();
        var rig = new Rig(meter: meter);
        rig.CheckAt(50);
        var below = MeterSnapshot.Take(meter.Owns);
        Assert.Equal(0, below.Value("minicollector_processor_memory_limiter_refusing", "processor=memory_limiter"));
        Assert.Equal(50 * Mib, below.Value("minicollector_processor_memory_limiter_heap_bytes", "processor=memory_limiter"));

        rig.CheckAt(90);
        Assert.False(rig.Admits());
        Assert.False(rig.Admits());
        var result = await Send(rig.Processor, Spans(4));

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
        Assert.Equal(DropReason.MemoryLimiter, result.Reason);
        var above = MeterSnapshot.Take(meter.Owns);
        Assert.Equal(1, above.Value("minicollector_processor_memory_limiter_refusing", "processor=memory_limiter"));
        Assert.Equal(90 * Mib, above.Value("minicollector_processor_memory_limiter_heap_bytes", "processor=memory_limiter"));
        Assert.Equal(80 * Mib, above.Value("minicollector_processor_memory_limiter_soft_limit_bytes", "processor=memory_limiter"));
        Assert.Equal(100 * Mib, above.Value("minicollector_processor_memory_limiter_hard_limit_bytes", "processor=memory_limiter"));
        Assert.Equal(2, above.Value("minicollector_processor_memory_limiter_refused_requests", "processor=memory_limiter"));
        Assert.Equal(4, above.Value("otelcol_processor_memory_limiter_refused_spans", "processor=memory_limiter"));
    }

    [Fact]
    public async Task The_next_consumers_answer_is_passed_back()
    {
        var rig = new Rig();
        rig.CheckAt(10);
        rig.Next.Answer = _ => ConsumeResult.Partial(1, "one bad span");

        var result = await Send(rig.Processor, Spans(2));

        Assert.Equal(ConsumeResult.Partial(1, "one bad span"), result);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(80.5)]
    [InlineData(99)]
    public async Task At_or_above_the_soft_limit_data_is_refused_with_the_check_interval_as_retry_delay(double usage)
    {
        var rig = new Rig();
        rig.CheckAt(usage);

        Assert.True(rig.Processor.Refusing);
        Assert.False(rig.Processor.TryAdmit(out var retryAfter, out var reason));
        Assert.Equal(Options.CheckInterval, retryAfter);
        Assert.Equal(RefusalReason, reason);

        var result = await Send(rig.Processor, Spans(4));

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
        Assert.Equal(Options.CheckInterval, result.RetryAfter);
        Assert.Equal(RefusalReason, result.Message);
        Assert.Empty(rig.Next.Received);
        Assert.Equal(4, rig.Processor.RefusedItems);
        Assert.Equal(0, rig.Processor.AcceptedItems);
    }

    [Fact]
    public void Just_below_the_soft_limit_is_admitted()
    {
        var rig = new Rig();
        rig.Usage = 80;
        rig.Processor.Check();
        Assert.False(rig.Admits());

        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        rig.Usage = 80 - (1.0 / Mib);
        rig.Processor.Check();

        Assert.True(rig.Admits());
    }

    [Fact]
    public async Task Back_below_the_soft_limit_data_is_admitted_again()
    {
        var rig = new Rig();
        rig.CheckAt(90);
        Assert.Equal(ConsumeOutcome.Refused, (await Send(rig.Processor, Spans(1))).Outcome);

        rig.NextCheck(60);

        Assert.True(rig.Admits());
        Assert.Equal(ConsumeResult.Success, await Send(rig.Processor, Spans(2)));
        Assert.Equal(2, Assert.Single(rig.Next.Received).ItemCount);
    }

    [Fact]
    public void The_transition_logs_are_written_once_per_transition()
    {
        var rig = new Rig();
        double[] readings = [50, 90, 91, 95, 85, 50, 40, 60, 85, 88, 30];
        foreach (var usage in readings)
        {
            rig.NextCheck(usage);
        }

        // Two entries into the refusing state (90, 85) and two exits (50, 30).
        var refusing = rig.Logs.Containing(Refusing);
        var resuming = rig.Logs.Containing(Resuming);
        Assert.Equal(2, refusing.Count);
        Assert.Equal(2, resuming.Count);
        Assert.All(refusing, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.All(resuming, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.All(refusing.Concat(resuming), e => Assert.Equal("processor/memory_limiter", e.Category));

        // In order: refusing, resuming, refusing, resuming.
        var transitions = rig.Logs.Entries.Where(e => e.Message.Contains(Refusing, StringComparison.Ordinal) || e.Message.Contains(Resuming, StringComparison.Ordinal))
            .Select(e => e.Message.Contains(Refusing, StringComparison.Ordinal) ? "refuse" : "resume").ToList();
        Assert.Equal(["refuse", "resume", "refuse", "resume"], transitions);
    }

    [Fact]
    public void The_refusing_warning_reports_the_current_usage_and_the_limits()
    {
        var rig = new Rig();
        rig.CheckAt(90);

        var line = Assert.Single(rig.Logs.Containing(Refusing)).Message;
        Assert.Contains("90", line);
        Assert.Contains("80", line);
        Assert.Contains("100", line);
    }

    [Fact]
    public void Above_the_soft_limit_a_collection_is_forced_and_not_again_before_the_soft_minimum_interval()
    {
        var rig = new Rig(Options with { MinGcIntervalWhenSoftLimited = TimeSpan.FromSeconds(10), MaxGcIntervalWhenSoftLimited = TimeSpan.Zero });
        var start = rig.Clock.GetUtcNow();

        rig.CheckAt(85);
        Assert.Single(rig.Collections);
        Assert.Equal(start, rig.Collections[0]);

        for (int i = 1; i < 10; i++)
        {
            rig.NextCheck(85);
            Assert.True(rig.Collections.Count == 1, $"a second collection {i}s after the first, before min_gc_interval_when_soft_limited (10s)");
            Assert.False(rig.Admits());
        }

        rig.NextCheck(85);
        Assert.Equal(2, rig.Collections.Count);
        Assert.Equal(TimeSpan.FromSeconds(10), rig.Collections[1] - rig.Collections[0]);
    }

    [Fact]
    public void Below_the_soft_limit_no_collection_is_forced()
    {
        var rig = new Rig();
        for (int i = 0; i < 20; i++)
        {
            rig.NextCheck(79);
        }

        Assert.Empty(rig.Collections);
    }

    [Fact]
    public void A_collection_that_frees_enough_memory_keeps_data_flowing()
    {
        var rig = new Rig { AfterCollection = _ => 40 };
        rig.CheckAt(85);

        Assert.Single(rig.Collections);
        Assert.True(rig.Admits());
        Assert.Equal(0, rig.Logs.Count(Refusing));
    }

    [Fact]
    public void A_collection_that_frees_enough_memory_while_refusing_resumes_at_once()
    {
        var rig = new Rig(Options with { MinGcIntervalWhenSoftLimited = TimeSpan.FromSeconds(2) });
        rig.CheckAt(85);
        Assert.False(rig.Admits());

        rig.AfterCollection = _ => 40;
        rig.NextCheck(85);
        rig.NextCheck(85);

        Assert.Equal(2, rig.Collections.Count);
        Assert.True(rig.Admits());
        Assert.Equal(1, rig.Logs.Count(Resuming));
    }

    [Fact]
    public void When_collections_do_not_help_the_interval_between_them_doubles_up_to_max_gc_interval()
    {
        var min = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromSeconds(8);
        var rig = new Rig(Options with { MinGcIntervalWhenSoftLimited = min, MaxGcIntervalWhenSoftLimited = max });

        rig.CheckAt(85);
        for (int i = 0; i < 60; i++)
        {
            rig.NextCheck(85);
        }

        var intervals = rig.Collections.Zip(rig.Collections.Skip(1), (a, b) => b - a).ToList();
        Assert.True(intervals.Count >= 6, $"only {rig.Collections.Count} collections in a minute");
        Assert.Equal(min, intervals[0]);
        for (int i = 1; i < intervals.Count; i++)
        {
            var expected = TimeSpan.FromTicks(Math.Min(intervals[i - 1].Ticks * 2, max.Ticks));
            Assert.True(expected == intervals[i], $"interval {i} is {intervals[i]}, expected {expected}; all: {string.Join(", ", intervals)}");
        }

        Assert.Equal(max, intervals[^1]);
        Assert.False(rig.Admits());
    }

    [Fact]
    public void Without_a_max_gc_interval_there_is_no_back_off()
    {
        var min = TimeSpan.FromSeconds(2);
        var rig = new Rig(Options with { MinGcIntervalWhenSoftLimited = min, MaxGcIntervalWhenSoftLimited = TimeSpan.Zero });

        rig.CheckAt(85);
        for (int i = 0; i < 20; i++)
        {
            rig.NextCheck(85);
        }

        var intervals = rig.Collections.Zip(rig.Collections.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(10, intervals.Count);
        Assert.All(intervals, i => Assert.Equal(min, i));
    }

    [Fact]
    public void The_back_off_starts_again_after_memory_came_back_within_limits()
    {
        var rig = new Rig(Options with { MinGcIntervalWhenSoftLimited = TimeSpan.FromSeconds(1), MaxGcIntervalWhenSoftLimited = TimeSpan.FromSeconds(8) });
        rig.CheckAt(85);
        for (int i = 0; i < 20; i++)
        {
            rig.NextCheck(85);
        }

        rig.NextCheck(10);
        Assert.True(rig.Admits());
        rig.Clock.Advance(TimeSpan.FromSeconds(30));
        rig.Collections.Clear();

        rig.NextCheck(85);
        rig.NextCheck(85);
        rig.NextCheck(85);

        Assert.Equal(2, rig.Collections.Count);
        Assert.Equal(TimeSpan.FromSeconds(1), rig.Collections[1] - rig.Collections[0]);
    }

    [Fact]
    public void Above_the_hard_limit_a_collection_is_forced_with_a_warning()
    {
        var rig = new Rig();
        rig.CheckAt(120);

        Assert.Single(rig.Collections);
        var warning = Assert.Single(rig.Logs.Containing(AboveHard));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("processor/memory_limiter", warning.Category);
        Assert.False(rig.Admits());
    }

    [Fact]
    public void Exactly_at_the_hard_limit_counts_as_above_it()
    {
        var rig = new Rig();
        rig.CheckAt(100);

        Assert.Single(rig.Logs.Containing(AboveHard));
    }

    [Fact]
    public void Between_the_soft_and_the_hard_limit_there_is_no_hard_limit_warning()
    {
        var rig = new Rig();
        rig.CheckAt(95);

        Assert.Single(rig.Collections);
        Assert.Equal(0, rig.Logs.Count(AboveHard));
    }

    [Fact]
    public void Above_the_hard_limit_collections_follow_the_hard_minimum_interval()
    {
        var rig = new Rig(Options with { MinGcIntervalWhenHardLimited = TimeSpan.FromSeconds(3), MinGcIntervalWhenSoftLimited = TimeSpan.FromSeconds(10), MaxGcIntervalWhenHardLimited = TimeSpan.Zero });
        rig.CheckAt(120);
        for (int i = 0; i < 9; i++)
        {
            rig.NextCheck(120);
        }

        var intervals = rig.Collections.Zip(rig.Collections.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(3, intervals.Count);
        Assert.All(intervals, i => Assert.Equal(TimeSpan.FromSeconds(3), i));
        Assert.Equal(4, rig.Logs.Count(AboveHard));
    }

    // In the reference (internal/memorylimiter CheckMemLimits) a reading above the hard limit lowers the wait to
    // min_gc_interval_when_hard_limited (default 0): a jump past the hard limit is collected at the next check,
    // however recently a soft-limit collection ran.
    [Fact]
    public void Crossing_the_hard_limit_forces_a_collection_even_right_after_a_soft_limit_collection()
    {
        var rig = new Rig();
        rig.CheckAt(85);
        Assert.Single(rig.Collections);

        rig.NextCheck(150);

        Assert.True(rig.Collections.Count == 2, $"no collection one check after crossing the hard limit (collections: {rig.Collections.Count}); it waits for min_gc_interval_when_soft_limited of the earlier soft collection");
        Assert.Single(rig.Logs.Containing(AboveHard));
    }

    [Fact]
    public async Task Between_checks_an_admission_that_may_have_reached_the_soft_limit_reads_the_heap_and_refuses_without_collecting()
    {
        var rig = new Rig();
        rig.CheckAt(50);
        int measured = rig.Measurements;

        // 29 MiB allocated since a 50 MiB reading: at most 79 MiB, no new reading needed.
        rig.Allocated = 29;
        rig.Usage = 85;
        Assert.True(rig.Admits());
        Assert.Equal(measured, rig.Measurements);

        // 30 MiB: the bound reaches the soft limit (80), so the heap is read, and it is above it.
        rig.Allocated = 30;
        Assert.False(rig.Admits());
        Assert.Equal(measured + 1, rig.Measurements);
        Assert.True(rig.Processor.Refusing);
        Assert.Empty(rig.Collections);
        Assert.Equal(1, rig.Logs.Count(Refusing));

        var result = await Send(rig.Processor, Spans(2));
        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
        Assert.Equal(1, rig.Logs.Count(Refusing));

        // The next check collects and resumes as before.
        rig.AfterCollection = _ => 40;
        rig.NextCheck(85);
        Assert.True(rig.Admits());
        Assert.Single(rig.Collections);
    }

    [Fact]
    public void Between_checks_a_fresh_reading_below_the_soft_limit_keeps_data_flowing_and_becomes_the_new_base()
    {
        var rig = new Rig();
        rig.CheckAt(50);

        // Much was allocated, but the runtime collected it: the fresh reading is low.
        rig.Allocated = 100;
        rig.Usage = 55;
        Assert.True(rig.Admits());
        int measured = rig.Measurements;

        // The bound now starts from 55 MiB at 100 MiB allocated: 20 more MiB stay under it without a reading.
        rig.Allocated = 124;
        Assert.True(rig.Admits());
        Assert.Equal(measured, rig.Measurements);
        Assert.False(rig.Processor.Refusing);
        Assert.Equal(0, rig.Logs.Count(Refusing));
    }

    [Fact]
    public async Task Data_reaching_the_limiter_between_checks_is_refused_once_the_heap_has_grown_past_the_soft_limit()
    {
        var rig = new Rig();
        rig.CheckAt(50);
        rig.Allocated = 40;
        rig.Usage = 90;

        var result = await Send(rig.Processor, Spans(3));

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
        Assert.Empty(rig.Next.Received);
        Assert.Equal(3, rig.Processor.RefusedItems);
    }

    [Fact]
    public async Task Start_checks_at_once_and_then_every_check_interval_until_shutdown()
    {
        var rig = new Rig();
        rig.Usage = 90;

        await rig.Processor.StartAsync(CancellationToken.None);
        Assert.False(rig.Admits());

        rig.Usage = 10;
        int before = rig.Measurements;
        rig.Clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(before, rig.Measurements);
        Assert.False(rig.Admits());

        rig.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(rig.Admits());

        rig.Usage = 95;
        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(rig.Admits());

        int measured = rig.Measurements;
        rig.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(rig.Measurements > measured);

        // Shutdown stops the checks: however far the clock moves, nothing is measured any more.
        await rig.Processor.ShutdownAsync(CancellationToken.None);
        measured = rig.Measurements;
        rig.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(measured, rig.Measurements);
    }

    [Fact]
    public async Task Start_logs_the_limits()
    {
        var rig = new Rig();
        rig.Usage = 10;

        await rig.Processor.StartAsync(CancellationToken.None);
        await rig.Processor.ShutdownAsync(CancellationToken.None);

        var line = Assert.Single(rig.Logs.Containing("Memory limits"));
        Assert.Contains("100", line.Message);
        Assert.Contains("80", line.Message);
    }

    [Fact]
    public async Task Refusals_and_acceptances_are_counted_per_signal_in_self_telemetry_names()
    {
        var rig = new Rig();
        rig.CheckAt(10);
        await Send(rig.Processor, Spans(5));
        rig.NextCheck(90);
        await Send(rig.Processor, Spans(7));

        Assert.Equal(5, rig.Processor.AcceptedItems);
        Assert.Equal(7, rig.Processor.RefusedItems);
        Assert.False(rig.Processor.MutatesData);
    }

    [Fact]
    public void The_factory_builds_a_gate_for_every_signal()
    {
        var factory = new MemoryLimiterProcessorFactory();
        Assert.Equal("memory_limiter", factory.Type);
        Assert.Equal([Signal.Traces, Signal.Metrics, Signal.Logs], factory.Signals);

        var processor = factory.Create(new ComponentContext(new ComponentId("memory_limiter", string.Empty), ComponentKind.Processor, new LogCapture()), Options, Signal.Logs, new RecordingConsumer());

        Assert.IsAssignableFrom<IAdmissionGate>(processor);
    }
}
