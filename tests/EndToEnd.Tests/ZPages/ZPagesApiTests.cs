using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MiniCollector.EndToEnd.Tests.TestSupport;
using MiniCollector.Pipeline.Components;

namespace MiniCollector.EndToEnd.Tests.ZPages;

/// <summary>
/// The zpages JSON endpoints on a real collector fed by the OpenTelemetry .NET SDK: traces, one trace, logs, metrics,
/// one series, the filters, capture only while viewed, secrets never echoed, and the auth extension in front.
/// </summary>
public sealed class ZPagesApiTests
{
    private const string Config = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
        exporters:
          nop:
        extensions:
          zpages:
            endpoint: 127.0.0.1:0
        service:
          extensions: [zpages]
          pipelines:
            traces: {receivers: [otlp], exporters: [nop]}
            metrics: {receivers: [otlp], exporters: [nop]}
            logs: {receivers: [otlp], exporters: [nop]}
        """;

    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Traces_logs_and_metrics_sent_by_the_sdk_are_listed_with_their_details()
    {
        await using var collector = await TestCollector.StartAsync(Config);
        using var http = Client(collector);

        // Capture is on_view: what arrives before anyone looks is not kept.
        ShopTelemetry.SendTrace(collector, "checkout", "before-anyone-looked");
        using (var status = await GetJson(http, "/api/status"))
        {
            Assert.Equal("on_view", status.RootElement.GetProperty("capture").GetString());
            Assert.True(status.RootElement.GetProperty("capturing").GetBoolean());
        }

        var sent = ShopTelemetry.SendTrace(collector, "checkout", "place-order");
        ShopTelemetry.SendTrace(collector, "inventory", "reserve-stock", childName: "lock-row", logBody: "row locked", orderId: "B-2");
        ShopTelemetry.SendCounter(collector, "checkout", 40, 42);

        using (var traces = await GetJson(http, "/api/traces"))
        {
            var rows = traces.RootElement.GetProperty("traces").EnumerateArray().ToList();
            Assert.Equal(["reserve-stock", "place-order"], rows.Select(r => r.GetProperty("rootName").GetString()).Order().Reverse());
            var row = rows.Single(r => r.GetProperty("traceId").GetString() == sent.TraceId);
            Assert.Equal("checkout", row.GetProperty("service").GetString());
            Assert.Equal("place-order", row.GetProperty("rootName").GetString());
            Assert.Equal(2, row.GetProperty("spanCount").GetInt32());
            Assert.True(row.GetProperty("error").GetBoolean());
            Assert.True(row.GetProperty("durationMs").GetDouble() >= 0);
        }

        Assert.Equal(["place-order"], await RootNames(http, "/api/traces?service=checkout"));
        Assert.Equal(["reserve-stock"], await RootNames(http, "/api/traces?name=lock"));
        Assert.Equal(["place-order"], await RootNames(http, "/api/traces?attr=A-17"));
        Assert.Equal(["place-order"], await RootNames(http, "/api/traces?trace_id=" + sent.TraceId[..8]));
        Assert.Empty(await RootNames(http, "/api/traces?service=nobody"));

        var traceBody = await http.GetStringAsync("/api/traces/" + sent.TraceId);
        Assert.DoesNotContain(ShopTelemetry.SecretValue, traceBody);
        using (var trace = JsonDocument.Parse(traceBody))
        {
            var spans = trace.RootElement.GetProperty("spans").EnumerateArray().ToList();
            Assert.Equal(["place-order", "charge-card"], spans.Select(s => s.GetProperty("name").GetString()));
            Assert.Equal([0, 1], spans.Select(s => s.GetProperty("depth").GetInt32()));
            var root = spans[0];
            Assert.Equal(sent.RootSpanId, root.GetProperty("spanId").GetString());
            Assert.Equal("server", root.GetProperty("kind").GetString());
            Assert.Equal("A-17", root.GetProperty("attributes").GetProperty("order.id").GetString());
            Assert.Equal("[redacted]", root.GetProperty("attributes").GetProperty("http.request.header.authorization").GetString());
            Assert.Equal("checkout", root.GetProperty("resource").GetProperty("service.name").GetString());
            var child = spans[1];
            Assert.Equal(sent.RootSpanId, child.GetProperty("parentSpanId").GetString());
            Assert.Equal("error", child.GetProperty("status").GetProperty("code").GetString());
            Assert.Equal("declined", child.GetProperty("status").GetProperty("message").GetString());
            Assert.Equal(12.75, child.GetProperty("attributes").GetProperty("payment.amount").GetDouble());
            Assert.Equal("card-checked", child.GetProperty("events")[0].GetProperty("name").GetString());
        }

        using (var logs = await GetJson(http, "/api/logs?trace_id=" + sent.TraceId))
        {
            var log = Assert.Single(logs.RootElement.GetProperty("logs").EnumerateArray());
            Assert.Equal("card declined by issuer", log.GetProperty("body").GetString());
            Assert.Equal("checkout", log.GetProperty("service").GetString());
            Assert.Equal(sent.ChildSpanId, log.GetProperty("spanId").GetString());
            Assert.Equal(17, log.GetProperty("severityNumber").GetInt32());
        }

        using (var logs = await GetJson(http, "/api/logs?service=inventory&severity=error&attr=locked"))
        {
            Assert.Equal(["row locked"], logs.RootElement.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("body").GetString()));
        }

        using (var logs = await GetJson(http, "/api/logs?severity=fatal"))
        {
            Assert.Empty(logs.RootElement.GetProperty("logs").EnumerateArray());
        }

        string seriesId;
        using (var metrics = await GetJson(http, "/api/metrics?service=checkout&name=orders"))
        {
            var series = Assert.Single(metrics.RootElement.GetProperty("series").EnumerateArray());
            Assert.Equal("orders.placed", series.GetProperty("name").GetString());
            Assert.Equal("sum", series.GetProperty("type").GetString());
            Assert.True(series.GetProperty("monotonic").GetBoolean());
            Assert.Equal("cumulative", series.GetProperty("temporality").GetString());
            Assert.Equal("{order}", series.GetProperty("unit").GetString());
            Assert.Equal("eu", series.GetProperty("attributes").GetProperty("region").GetString());
            Assert.Equal(42, series.GetProperty("latest").GetProperty("value").GetDouble());
            seriesId = series.GetProperty("id").GetString()!;
        }

        using (var one = await GetJson(http, "/api/metrics/" + seriesId))
        {
            // The SDK exports once more when its provider is disposed: the last total again.
            var values = one.RootElement.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToList();
            Assert.Equal([40.0, 42.0], values.Take(2));
            Assert.All(values.Skip(2), v => Assert.Equal(42.0, v));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/traces/00000000000000000000000000000000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/logs?severity=loud")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync("/api/traces", new StringContent(string.Empty))).StatusCode);
        Assert.DoesNotContain(ShopTelemetry.SecretValue, await http.GetStringAsync("/api/traces?limit=5000"));
    }

    [Fact]
    public async Task The_pipelines_are_described_component_by_component()
    {
        await using var collector = await TestCollector.StartAsync(Config);
        using var http = Client(collector);

        using var document = await GetJson(http, "/api/pipelines");

        var pipelines = document.RootElement.GetProperty("pipelines").EnumerateArray().ToList();
        Assert.Equal(["traces", "metrics", "logs"], pipelines.Select(p => p.GetProperty("name").GetString()));
        Assert.All(pipelines, p =>
        {
            Assert.Equal(p.GetProperty("name").GetString(), p.GetProperty("signal").GetString());
            Assert.Equal(["otlp"], p.GetProperty("receivers").EnumerateArray().Select(r => r.GetString()));
            Assert.Empty(p.GetProperty("processors").EnumerateArray());
            Assert.Equal(["nop"], p.GetProperty("exporters").EnumerateArray().Select(r => r.GetString()));
        });

        // Each component's own counters, the same instruments :8888 shows, keyed by kind and id.
        var components = document.RootElement.GetProperty("components");
        var receiver = components.GetProperty("receiver/otlp").EnumerateArray().ToList();
        Assert.Contains(receiver, m => m.GetProperty("name").GetString() == "otelcol_receiver_accepted_spans"
            && m.GetProperty("labels").GetProperty("receiver").GetString() == "otlp"
            && m.GetProperty("value").GetDouble() == 0
            && m.GetProperty("counter").GetBoolean());
        Assert.Contains(components.GetProperty("exporter/nop").EnumerateArray(), m => m.GetProperty("name").GetString() == "otelcol_exporter_sent_spans");
    }

    [Fact]
    public async Task The_page_and_its_files_are_served_from_the_executable()
    {
        await using var collector = await TestCollector.StartAsync(Config);
        using var http = Client(collector);

        using var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<script src=\"app.js\"", await page.Content.ReadAsStringAsync());
        Assert.Equal("text/javascript", (await http.GetAsync("/app.js")).Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/css", (await http.GetAsync("/app.css")).Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/nothing.js")).StatusCode);
    }

    [Fact]
    public async Task With_an_authenticator_every_page_and_endpoint_needs_credentials()
    {
        var config = Config
            .Replace("    endpoint: 127.0.0.1:0\nservice:", "    endpoint: 127.0.0.1:0\n    auth: {authenticator: basicauth/ui}\n  basicauth/ui:\n    htpasswd: {inline: \"viewer:pass\"}\nservice:", StringComparison.Ordinal)
            .Replace("extensions: [zpages]", "extensions: [basicauth/ui, zpages]", StringComparison.Ordinal);
        await using var collector = await TestCollector.StartAsync(config);
        using var http = Client(collector);

        foreach (var path in new[] { "/", "/app.js", "/api/status", "/api/traces", "/api/live" })
        {
            using var refused = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.StartsWith("Basic", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("viewer:pass")));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task The_live_stream_announces_new_data()
    {
        await using var collector = await TestCollector.StartAsync(Config);
        using var http = Client(collector);
        using var cancel = new CancellationTokenSource(HangGuard);
        using var response = await http.GetAsync("/api/live", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        // The first update reports the state when the stream opened; later ones follow the data (the log, written
        // inside a span, may be announced before the trace).
        Assert.Contains("\"traces\":0", await NextUpdate(reader, _ => true, cancel.Token));
        ShopTelemetry.SendTrace(collector, "checkout", "live-order");
        await NextUpdate(reader, data => !data.Contains("\"traces\":0", StringComparison.Ordinal), cancel.Token);
    }

    private static async Task<string> NextUpdate(StreamReader reader, Func<string, bool> wanted, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal) && wanted(line))
            {
                return line;
            }
        }

        throw new EndOfStreamException("the live stream ended");
    }

    private static HttpClient Client(TestCollector collector)
        => new() { BaseAddress = new Uri(ZPagesUrl(collector)), Timeout = HangGuard };

    /// <summary>The zpages base URL of a running collector.</summary>
    internal static string ZPagesUrl(TestCollector collector)
        => Assert.IsType<IListeningComponent>(collector.Host.Graph.Extensions.First(e => e.Id.Type == "zpages").Component, exactMatch: false).Endpoints[0].Url;

    private static async Task<JsonDocument> GetJson(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    private static async Task<List<string?>> RootNames(HttpClient http, string path)
    {
        using var document = await GetJson(http, path);
        return [.. document.RootElement.GetProperty("traces").EnumerateArray().Select(t => t.GetProperty("rootName").GetString())];
    }
}
