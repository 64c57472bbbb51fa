using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MiniCollector.EndToEnd.Tests.TestSupport;
using MiniCollector.Pipeline.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MiniCollector.EndToEnd.Tests;

/// <summary>The collector's own metrics (<c>service::telemetry::metrics</c>) count what really went through.</summary>
public sealed class SelfTelemetryTests
{
    private const string Config = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
              http:
                endpoint: 127.0.0.1:0
        processors:
          memory_limiter:
            check_interval: 1s
            limit_mib: 4000
          batch:
            timeout: 0s
        exporters:
          nop:
          debug:
        service:
          telemetry:
            metrics:
              readers:
                - pull:
                    exporter:
                      prometheus:
                        host: 127.0.0.1
                        port: 0
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter, batch]
              exporters: [nop, debug]
            logs:
              receivers: [otlp]
              exporters: [nop]
        """;

    [Fact]
    public async Task Receiver_exporter_and_processor_counts_match_the_items_sent()
    {
        await using var collector = await TestCollector.StartAsync(Config);
        var source = "selftel." + Guid.NewGuid().ToString("N");
        const int Spans = 37;
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("selftel"))
            .AddSource(source)
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(collector.HttpUrl + "/v1/traces");
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
            })
            .Build())
        {
            using var activitySource = new ActivitySource(source);
            for (int i = 0; i < Spans; i++)
            {
                activitySource.StartActivity("span-" + i)?.Dispose();
            }

            Assert.True(provider.ForceFlush(10_000));
        }

        // One log record with a malformed span id: refused by the receiver itself.
        using var http = new HttpClient();
        await http.PostAsync(collector.HttpUrl + "/v1/logs", new StringContent("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"ok"}},{"spanId":"0102","body":{"stringValue":"bad"}}]}]}]}""", Encoding.UTF8, "application/json"));

        // The batch processor answers once the data is buffered and (timeout 0s: no timer involved) sends it right
        // after on another thread; scrape until the exporters have counted it, bounded only as a hang guard.
        var text = await http.GetStringAsync(collector.TelemetryUrl + "/metrics");
        using (var hangGuard = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            while (!AllSent(text))
            {
                await Task.Delay(10, hangGuard.Token);
                text = await http.GetStringAsync(collector.TelemetryUrl + "/metrics", hangGuard.Token);
            }
        }

        Assert.Equal(Spans, Value(text, "otelcol_receiver_accepted_spans", "receiver=\"otlp\",transport=\"http\""));
        Assert.Equal(0, Value(text, "otelcol_receiver_accepted_spans", "receiver=\"otlp\",transport=\"grpc\""));
        Assert.Equal(1, Value(text, "otelcol_receiver_accepted_log_records", "receiver=\"otlp\",transport=\"http\""));
        Assert.Equal(1, Value(text, "otelcol_receiver_refused_log_records", "receiver=\"otlp\",transport=\"http\""));

        // The same refusal with its reason; reasons that counted nothing have no series.
        Assert.Equal(1, Value(text, "minicollector_receiver_refused_log_records", "reason=\"invalid_id\",receiver=\"otlp\",transport=\"http\""));
        Assert.Single(Regex.Matches(text, "^minicollector_receiver_refused_", RegexOptions.Multiline));
        Assert.Equal(Spans, Value(text, "otelcol_exporter_sent_spans", "exporter=\"nop\""));
        Assert.Equal(Spans, Value(text, "otelcol_exporter_sent_spans", "exporter=\"debug\""));
        Assert.Equal(1, Value(text, "otelcol_exporter_sent_log_records", "exporter=\"nop\""));
        Assert.Equal(Spans, Value(text, "otelcol_processor_memory_limiter_accepted_spans", "processor=\"memory_limiter\""));
        Assert.True(Value(text, "otelcol_processor_batch_timeout_trigger_send", "processor=\"batch\"") >= 1);
        Assert.True(Value(text, "otelcol_process_uptime", string.Empty) > 0);
        Assert.True(Value(text, "otelcol_process_memory_rss", string.Empty) > 0);
        Assert.True(Value(text, "otelcol_process_runtime_heap_alloc_bytes", string.Empty) > 0);
        Assert.Contains("otelcol_process_cpu_seconds", text);
        Promtool.AssertParses(text);

        static bool AllSent(string text) =>
            text.Contains($"otelcol_exporter_sent_spans{{exporter=\"nop\"}} {Spans}\n", StringComparison.Ordinal)
            && text.Contains($"otelcol_exporter_sent_spans{{exporter=\"debug\"}} {Spans}\n", StringComparison.Ordinal)
            && text.Contains("otelcol_exporter_sent_log_records{exporter=\"nop\"} 1\n", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_MeterListener_sees_what_the_sdk_sent_as_the_endpoint_shows_it()
    {
        await using var collector = await TestCollector.StartAsync(Config);
        const int Spans = 23;
        SendSpans(collector.GrpcUrl, OtlpExportProtocol.Grpc, Spans);

        var seen = MeterSnapshot.Take(collector.Host.Meter.Owns);

        var accepted = Assert.Single(seen.Instruments, i => i.Name == "otelcol_receiver_accepted_spans");
        Assert.Equal(CollectorMeter.MeterName, accepted.Meter.Name);
        Assert.IsType<ObservableCounter<long>>(accepted);
        Assert.Equal(Spans, seen.Value("otelcol_receiver_accepted_spans", "receiver=otlp", "transport=grpc"));
        Assert.Equal(0, seen.Value("otelcol_receiver_accepted_spans", "receiver=otlp", "transport=http"));
        Assert.Equal(Spans, seen.Value("otelcol_processor_memory_limiter_accepted_spans", "processor=memory_limiter"));
        Assert.IsType<ObservableGauge<long>>(Assert.Single(seen.Instruments, i => i.Name == "otelcol_processor_batch_buffered_items"));
        Assert.True(seen.Value("otelcol_process_uptime") > 0);

        // The endpoint renders the same instruments: counter or gauge, the description as help, no unit, no _total.
        using var http = new HttpClient();
        var text = await http.GetStringAsync(collector.TelemetryUrl + "/metrics");
        Assert.Contains("# HELP otelcol_receiver_accepted_spans Items successfully pushed into the pipeline\n# TYPE otelcol_receiver_accepted_spans counter\n", text);
        Assert.Contains("# TYPE otelcol_processor_batch_buffered_items gauge\n", text);
        Assert.Contains("# TYPE otelcol_process_uptime counter\n", text);
        Assert.Contains("# TYPE otelcol_process_memory_rss gauge\n", text);
        Assert.DoesNotMatch(new Regex(@"^\w+_total[{ ]", RegexOptions.Multiline), text);
        Assert.Equal(Spans, Value(text, "otelcol_receiver_accepted_spans", "receiver=\"otlp\",transport=\"grpc\""));
        // Every instrument with a series; a breakdown by reason has none until something is refused or dropped.
        var names = seen.Readings.Select(r => r.Instrument.Name).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(names, Regex.Matches(text, @"^# TYPE (\S+) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value));
    }

    [Fact]
    public async Task Two_collectors_in_one_process_keep_their_own_instruments()
    {
        await using var first = await TestCollector.StartAsync(Config);
        await using var second = await TestCollector.StartAsync(Config);
        SendSpans(first.GrpcUrl, OtlpExportProtocol.Grpc, 5);
        SendSpans(second.HttpUrl + "/v1/traces", OtlpExportProtocol.HttpProtobuf, 3);

        var one = MeterSnapshot.Take(first.Host.Meter.Owns);
        var two = MeterSnapshot.Take(second.Host.Meter.Owns);

        Assert.Empty(one.Instruments.Intersect(two.Instruments));
        Assert.Equal(5, one.Value("otelcol_receiver_accepted_spans", "receiver=otlp", "transport=grpc"));
        Assert.Equal(0, one.Value("otelcol_receiver_accepted_spans", "receiver=otlp", "transport=http"));
        Assert.Equal(0, two.Value("otelcol_receiver_accepted_spans", "receiver=otlp", "transport=grpc"));
        Assert.Equal(3, two.Value("otelcol_receiver_accepted_spans", "receiver=otlp", "transport=http"));
        using var http = new HttpClient();
        var secondText = await http.GetStringAsync(second.TelemetryUrl + "/metrics");
        Assert.Equal(0, Value(secondText, "otelcol_receiver_accepted_spans", "receiver=\"otlp\",transport=\"grpc\""));
        Assert.Equal(3, Value(secondText, "otelcol_receiver_accepted_spans", "receiver=\"otlp\",transport=\"http\""));
    }

    [Fact]
    public async Task The_instruments_end_when_the_collector_stops()
    {
        var collector = await TestCollector.StartAsync(Config);
        var meter = collector.Host.Meter;
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
        var running = MeterSnapshot.Take(meter.Owns).Instruments.Select(i => i.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("otelcol_receiver_accepted_spans", running);

        await collector.DisposeAsync();

        Assert.Equal(running, completed.Order(StringComparer.Ordinal));
        Assert.Empty(MeterSnapshot.Take(meter.Owns).Instruments);
    }

    [Fact]
    public async Task Level_none_turns_the_endpoint_off()
    {
        await using var collector = await TestCollector.StartAsync(Config.Replace("    metrics:\n      readers:", "    metrics:\n      level: none\n      readers:", StringComparison.Ordinal));

        Assert.Null(collector.Host.Telemetry);
    }

    // Spans from the OpenTelemetry .NET SDK, flushed: the collector has answered for them.
    private static void SendSpans(string endpoint, OtlpExportProtocol protocol, int count)
    {
        var source = "selftel." + Guid.NewGuid().ToString("N");
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("selftel"))
            .AddSource(source)
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(endpoint);
                o.Protocol = protocol;
            })
            .Build();
        using var activitySource = new ActivitySource(source);
        for (int i = 0; i < count; i++)
        {
            activitySource.StartActivity("span-" + i)?.Dispose();
        }

        Assert.True(provider.ForceFlush(10_000));
    }

    private static double Value(string exposition, string name, string labels)
    {
        var pattern = labels.Length == 0 ? $@"^{name} (\S+)$" : $@"^{name}\{{{Regex.Escape(labels)}\}} (\S+)$";
        var match = Regex.Match(exposition, pattern, RegexOptions.Multiline);
        Assert.True(match.Success, $"{name}{{{labels}}} not found in:\n{exposition}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
