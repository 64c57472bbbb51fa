using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Pipeline.Tests.Telemetry;

/// <summary>
/// A reload releases the self-metrics of the components it stops: a series nobody feeds any more disappears, a kept
/// component's goes on, and a counter rebuilt under the same labels never goes down.
/// </summary>
public sealed class OwnedSelfMetricsTests
{
    [Fact]
    public void Releasing_an_owner_removes_its_series_and_leaves_the_others()
    {
        using var meter = new CollectorMeter();
        object kept = new(), removed = new();
        meter.Owned(kept).Counter("otelcol_test_sent", "{items}", "Sent", () => 5L, Label.Of("exporter", "kept"));
        meter.Owned(removed).Counter("otelcol_test_sent", "{items}", "Sent", () => 7L, Label.Of("exporter", "removed"));
        meter.Owned(removed).Gauge("otelcol_test_queue", "{items}", "Queued", () => 3L, Label.Of("exporter", "removed"));

        meter.Release(removed);

        var readings = meter.Read();
        var sent = Assert.Single(readings, r => r.Name == "otelcol_test_sent");
        Assert.Equal(5, sent.Value);
        Assert.Equal("kept", sent.Labels.Single(l => l.Key == "exporter").Value);
        Assert.DoesNotContain(readings, r => r.Name == "otelcol_test_queue");
    }

    [Fact]
    public void A_counter_rebuilt_under_the_same_labels_keeps_the_released_readers_last_value()
    {
        using var meter = new CollectorMeter();
        object old = new(), rebuilt = new();
        long oldCount = 10, newCount = 0, oldReason = 4;
        meter.Owned(old).Counter("otelcol_test_batches", "{batches}", "Batches", () => oldCount, Label.Of("processor", "batch"));
        meter.Owned(old).CounterBy("minicollector_test_dropped", "{items}", "Dropped", "reason", () => [new("queue_full", oldReason)], Label.Of("processor", "batch"));

        // The reload registers the new build first, then releases the old one after it stopped.
        meter.Owned(rebuilt).Counter("otelcol_test_batches", "{batches}", "Batches", () => newCount, Label.Of("processor", "batch"));
        meter.Owned(rebuilt).CounterBy("minicollector_test_dropped", "{items}", "Dropped", "reason", () => [new("queue_full", 1L)], Label.Of("processor", "batch"));
        meter.Release(old);
        oldCount = 1_000;
        oldReason = 1_000;
        newCount = 2;

        var readings = meter.Read();
        Assert.Equal(12, Assert.Single(readings, r => r.Name == "otelcol_test_batches").Value);
        Assert.Equal(5, Assert.Single(readings, r => r.Name == "minicollector_test_dropped").Value);

        // Once nothing feeds the series, it goes, frozen values included.
        meter.Release(rebuilt);
        Assert.DoesNotContain(meter.Read(), r => r.Name is "otelcol_test_batches" or "minicollector_test_dropped");
    }
}
