using System.Diagnostics.Metrics;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Pipeline.Tests.Telemetry;

/// <summary>
/// Self-metrics are observable instruments of the collector's own meter: any <see cref="MeterListener"/> reads the
/// components' counters through them, one meter's series are not another's, and disposing the meter ends them.
/// </summary>
public sealed class CollectorMeterTests
{
    [Fact]
    public void Counters_and_gauges_are_observable_instruments_of_the_MiniCollector_meter_with_their_labels()
    {
        using var meter = new CollectorMeter();
        var counters = new SignalCounters();
        counters.Register(meter, "otelcol_receiver_accepted", "Items successfully pushed into the pipeline", Label.Of("transport", "grpc"), Label.Of("receiver", "otlp"));
        long queued = 4;
        meter.Gauge("otelcol_exporter_queue_size", string.Empty, "What waits", () => queued, Label.Of("exporter", "otlp"));
        counters.Add(Signal.Traces, 37);
        counters.Add(Signal.Logs, 2);

        var seen = MeterSnapshot.Take(meter.Owns);

        var spans = Assert.Single(seen.Instruments, i => i.Name == "otelcol_receiver_accepted_spans");
        Assert.Equal(CollectorMeter.MeterName, spans.Meter.Name);
        Assert.IsType<ObservableCounter<long>>(spans);
        Assert.Equal("{spans}", spans.Unit);
        Assert.Equal("Items successfully pushed into the pipeline", spans.Description);
        Assert.IsType<ObservableGauge<long>>(Assert.Single(seen.Instruments, i => i.Name == "otelcol_exporter_queue_size"));
        Assert.Equal(37, seen.Value("otelcol_receiver_accepted_spans", "receiver=otlp", "transport=grpc"));
        Assert.Equal(0, seen.Value("otelcol_receiver_accepted_metric_points", "receiver=otlp", "transport=grpc"));
        Assert.Equal(2, seen.Value("otelcol_receiver_accepted_log_records", "receiver=otlp", "transport=grpc"));
        Assert.Equal(4, seen.Value("otelcol_exporter_queue_size", "exporter=otlp"));

        // Values are read when a listener collects, not copied at registration.
        counters.Add(Signal.Traces, 1);
        queued = 0;
        var later = MeterSnapshot.Take(meter.Owns);
        Assert.Equal(38, later.Value("otelcol_receiver_accepted_spans", "receiver=otlp", "transport=grpc"));
        Assert.Equal(0, later.Value("otelcol_exporter_queue_size", "exporter=otlp"));
    }

    [Fact]
    public void Readers_with_equal_labels_add_up_to_one_series_and_other_labels_are_their_own()
    {
        using var meter = new CollectorMeter();
        meter.Counter("otelcol_processor_batch_dropped_items", "{items}", "dropped", () => 3L, Label.Of("processor", "batch"));
        meter.Counter("otelcol_processor_batch_dropped_items", "{items}", "dropped", () => 4L, Label.Of("processor", "batch"));
        meter.Counter("otelcol_processor_batch_dropped_items", "{items}", "dropped", () => 5L, Label.Of("processor", "batch/2"));

        var seen = MeterSnapshot.Take(meter.Owns);

        Assert.Single(seen.Instruments);
        Assert.Equal(2, seen.Readings.Count);
        Assert.Equal(7, seen.Value("otelcol_processor_batch_dropped_items", "processor=batch"));
        Assert.Equal(5, seen.Value("otelcol_processor_batch_dropped_items", "processor=batch/2"));
    }

    [Fact]
    public void Two_meters_keep_their_own_instruments()
    {
        using var first = new CollectorMeter();
        using var second = new CollectorMeter();
        first.Counter("otelcol_exporter_sent_spans", "{spans}", "sent", () => 10L, Label.Of("exporter", "nop"));
        second.Counter("otelcol_exporter_sent_spans", "{spans}", "sent", () => 20L, Label.Of("exporter", "nop"));

        Assert.Equal(10, MeterSnapshot.Take(first.Owns).Value("otelcol_exporter_sent_spans", "exporter=nop"));
        Assert.Equal(20, MeterSnapshot.Take(second.Owns).Value("otelcol_exporter_sent_spans", "exporter=nop"));
    }

    [Fact]
    public void Disposing_ends_the_instruments_for_listeners_that_have_them_and_hides_them_from_new_ones()
    {
        var meter = new CollectorMeter();
        meter.Counter("otelcol_process_uptime", "s", "Uptime", () => 1.5);
        meter.Gauge("otelcol_process_memory_rss", "By", "RSS", () => 1L);
        var completed = new List<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (meter.Owns(instrument))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
            MeasurementsCompleted = (instrument, _) => completed.Add(instrument.Name),
        };
        listener.Start();

        meter.Dispose();

        Assert.Equal(["otelcol_process_memory_rss", "otelcol_process_uptime"], completed.Order(StringComparer.Ordinal));
        Assert.Empty(MeterSnapshot.Take(meter.Owns).Instruments);
    }

    [Fact]
    public void A_name_registered_as_a_counter_cannot_come_back_as_a_gauge()
    {
        using var meter = new CollectorMeter();
        meter.Counter("otelcol_exporter_queue_size", string.Empty, "size", () => 1L);

        Assert.Throws<InvalidOperationException>(() => meter.Gauge("otelcol_exporter_queue_size", string.Empty, "size", () => 1L));
        Assert.Throws<InvalidOperationException>(() => meter.Counter("otelcol_exporter_queue_size", string.Empty, "size", () => 1.0));
    }

    [Fact]
    public void None_holds_nothing_a_listener_could_see()
    {
        var name = "otelcol_test_" + Guid.NewGuid().ToString("N");
        CollectorMeter.None.Counter(name, string.Empty, "unseen", () => 1L);

        Assert.Empty(MeterSnapshot.Take(i => i.Name == name).Instruments);
    }
}
