using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Pipeline.Tests.Telemetry;

/// <summary>
/// Refusals and failures counted by reason report the reference's total and, from the same numbers, a
/// <c>minicollector_</c> breakdown with a <c>reason</c> label that has a series only for reasons that occurred.
/// </summary>
public sealed class ReasonCountersTests
{
    [Fact]
    public void The_total_and_its_breakdown_by_reason_come_from_the_same_counts()
    {
        using var meter = new CollectorMeter();
        var refused = new ReasonCounters();
        refused.Register(meter, "otelcol_receiver_refused", "Items refused", Label.Of("receiver", "otlp"), Label.Of("transport", "grpc"));
        refused.Add(Signal.Traces, DropReason.MemoryLimiter, 10);
        refused.Add(Signal.Traces, DropReason.InvalidId, 2);
        refused.Add(Signal.Logs, DropReason.QueueFull, 5);
        refused.Add(Signal.Logs, DropReason.BatchBufferFull, 0);

        var seen = MeterSnapshot.Take(meter.Owns);

        Assert.Equal(12, seen.Value("otelcol_receiver_refused_spans", "receiver=otlp", "transport=grpc"));
        Assert.Equal(0, seen.Value("otelcol_receiver_refused_metric_points", "receiver=otlp", "transport=grpc"));
        Assert.Equal(10, seen.Value("minicollector_receiver_refused_spans", "reason=memory_limiter", "receiver=otlp", "transport=grpc"));
        Assert.Equal(2, seen.Value("minicollector_receiver_refused_spans", "reason=invalid_id", "receiver=otlp", "transport=grpc"));
        Assert.Equal(5, seen.Value("minicollector_receiver_refused_log_records", "reason=queue_full", "receiver=otlp", "transport=grpc"));
        Assert.Equal(3, seen.Readings.Count(r => r.Instrument.Name.StartsWith("minicollector_", StringComparison.Ordinal)));
        Assert.Equal("{spans}", Assert.Single(seen.Instruments, i => i.Name == "minicollector_receiver_refused_spans").Unit);
        Assert.Equal(17, refused.Total);
        Assert.Equal(12, refused[Signal.Traces]);
        Assert.Equal(10, refused[Signal.Traces, DropReason.MemoryLimiter]);
    }

    [Fact]
    public void Breakdowns_registered_twice_with_equal_labels_add_up()
    {
        using var meter = new CollectorMeter();
        var first = new ReasonCounters();
        var second = new ReasonCounters();
        first.Register(meter, "otelcol_exporter_send_failed", "failed", Label.Of("exporter", "otlp"));
        second.Register(meter, "otelcol_exporter_send_failed", "failed", Label.Of("exporter", "otlp"));
        first.Add(Signal.Metrics, DropReason.RetriesExhausted, 4);
        second.Add(Signal.Metrics, DropReason.RetriesExhausted, 3);
        second.Add(Signal.Metrics, DropReason.Shutdown, 1);

        var seen = MeterSnapshot.Take(meter.Owns);

        Assert.Equal(8, seen.Value("otelcol_exporter_send_failed_metric_points", "exporter=otlp"));
        Assert.Equal(7, seen.Value("minicollector_exporter_send_failed_metric_points", "exporter=otlp", "reason=retries_exhausted"));
        Assert.Equal(1, seen.Value("minicollector_exporter_send_failed_metric_points", "exporter=otlp", "reason=shutdown"));
    }

    [Fact]
    public void Only_reference_names_can_be_broken_down()
    {
        using var meter = new CollectorMeter();
        Assert.Throws<ArgumentException>(() => new ReasonCounters().Register(meter, "receiver_refused", "x"));
    }
}
