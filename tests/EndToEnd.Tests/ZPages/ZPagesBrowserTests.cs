using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MiniCollector.EndToEnd.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace MiniCollector.EndToEnd.Tests.ZPages;

/// <summary>
/// The zpages page in a real browser (Debian's chromium driven by Playwright) against a real collector fed by the
/// OpenTelemetry .NET SDK: find a trace by its root span, open its waterfall, see its log, follow a log to its trace,
/// filter by service, watch live updates arrive (and hold while paused), chart a metric, read the service view. With
/// <c>MINICOLLECTOR_SCREENSHOTS</c> set to a directory the tests also save a screenshot of each view there
/// (<c>scripts/zpages-screenshots.sh</c>).
/// </summary>
public sealed class ZPagesBrowserTests : IAsyncLifetime
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
          batch:
            timeout: 10ms
        exporters:
          nop:
        connectors:
          forward:
        extensions:
          zpages:
            endpoint: 127.0.0.1:0
        service:
          extensions: [zpages]
          pipelines:
            traces: {receivers: [otlp], processors: [batch], exporters: [nop, forward]}
            traces/joined: {receivers: [forward], exporters: [nop]}
            metrics: {receivers: [otlp], processors: [batch], exporters: [nop]}
            logs: {receivers: [otlp], processors: [batch], exporters: [nop]}
        """;

    private TestCollector? _collector;
    private Chromium? _chromium;

    private TestCollector Collector => _collector!;

    public async Task InitializeAsync()
    {
        SetDefaultExpectTimeout((float)Chromium.HangGuard.TotalMilliseconds);
        _collector = await TestCollector.StartAsync(Config);
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_trace_is_found_by_its_root_span_and_its_waterfall_shows_its_spans_and_its_log()
    {
        var page = await OpenAsync("#/traces");
        var sent = ShopTelemetry.SendTrace(Collector, "checkout", "place-order");
        ShopTelemetry.SendTrace(Collector, "inventory", "reserve-stock", childName: "lock-row", logBody: "row locked", orderId: "B-2");

        var row = page.GetByTestId("trace-row").Filter(new() { Has = page.GetByTestId("trace-root").GetByText("place-order", new() { Exact = true }) });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("trace-service")).ToHaveTextAsync("checkout");
        await row.ClickAsync();

        await Expect(page.GetByTestId("trace-id")).ToHaveTextAsync(sent.TraceId);
        var spans = page.GetByTestId("waterfall-row");
        await Expect(spans).ToHaveCountAsync(2);
        await Expect(spans.Nth(0)).ToContainTextAsync("place-order");
        await Expect(spans.Nth(1)).ToContainTextAsync("charge-card");

        await spans.Nth(1).ClickAsync();
        var detail = page.GetByTestId("span-detail");
        await Expect(page.GetByTestId("span-name")).ToHaveTextAsync("charge-card");
        await Expect(detail).ToContainTextAsync("error: declined");
        await Expect(detail).ToContainTextAsync("payment.amount");
        await Expect(detail).ToContainTextAsync("card-checked");

        await spans.Nth(0).ClickAsync();
        await Expect(detail).ToContainTextAsync("[redacted]");
        await Expect(detail).Not.ToContainTextAsync(ShopTelemetry.SecretValue);

        var traceLogs = page.GetByTestId("trace-log-row");
        await Expect(traceLogs).ToHaveCountAsync(1);
        await Expect(traceLogs).ToContainTextAsync("card declined by issuer");
        await Expect(traceLogs).ToContainTextAsync(sent.ChildSpanId);
        await ScreenshotAsync(page, "zpages-trace.png");
    }

    [Fact]
    public async Task A_log_links_to_its_trace()
    {
        var page = await OpenAsync("#/logs");
        var sent = ShopTelemetry.SendTrace(Collector, "checkout", "place-order");

        var log = page.GetByTestId("log-row").Filter(new() { HasText = "card declined by issuer" });
        await Expect(log).ToHaveCountAsync(1);
        await Expect(log).ToContainTextAsync("checkout");
        await ScreenshotAsync(page, "zpages-logs.png");
        await log.GetByTestId("log-trace-link").ClickAsync();

        await Expect(page.GetByTestId("view-traces")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("trace-id")).ToHaveTextAsync(sent.TraceId);
        await Expect(page.GetByTestId("waterfall-row")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task The_traces_are_filtered_by_service()
    {
        var page = await OpenAsync("#/traces");
        ShopTelemetry.SendTrace(Collector, "checkout", "place-order");
        ShopTelemetry.SendTrace(Collector, "inventory", "reserve-stock", childName: "lock-row", logBody: "row locked", orderId: "B-2");
        await Expect(page.GetByTestId("trace-row")).ToHaveCountAsync(2);

        await page.GetByTestId("filter-service").FillAsync("inventory");
        await page.GetByTestId("apply-filters").ClickAsync();

        await Expect(page.GetByTestId("trace-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("trace-root")).ToHaveTextAsync("reserve-stock");

        await page.GetByTestId("clear-filters").ClickAsync();
        await Expect(page.GetByTestId("trace-row")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task Live_updates_arrive_without_a_reload_and_wait_while_paused()
    {
        var page = await OpenAsync("#/traces");
        await Expect(page.GetByTestId("live")).ToHaveTextAsync("live");

        // A mark on the window: it would be gone if the page were reloaded.
        await page.EvaluateAsync("() => { window.zpagesTestMark = 'same page'; }");
        ShopTelemetry.SendTrace(Collector, "checkout", "first-order");
        await Expect(page.GetByTestId("trace-root")).ToHaveTextAsync(["first-order"]);

        await page.GetByTestId("pause").ClickAsync();
        await Expect(page.GetByTestId("pause")).ToHaveTextAsync("Resume");
        var updatesBefore = await UpdatesAsync(page);
        ShopTelemetry.SendTrace(Collector, "checkout", "second-order");

        // The update is announced to the page, which holds the list as it was.
        await Expect(page.GetByTestId("live")).Not.ToHaveAttributeAsync("data-updates", updatesBefore);
        await Expect(page.GetByTestId("trace-root")).ToHaveTextAsync(["first-order"]);

        await page.GetByTestId("pause").ClickAsync();
        await Expect(page.GetByTestId("trace-root")).ToHaveTextAsync(["second-order", "first-order"]);
        Assert.Equal("same page", await page.EvaluateAsync<string>("() => window.zpagesTestMark"));
    }

    [Fact]
    public async Task A_metric_series_is_charted()
    {
        var page = await OpenAsync("#/metrics");
        ShopTelemetry.SendCounter(Collector, "checkout", 40, 42, 45);

        var row = page.GetByTestId("metric-row").Filter(new() { Has = page.GetByTestId("metric-name").GetByText("orders.placed", new() { Exact = true }) });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.GetByTestId("metric-latest")).ToHaveTextAsync("45");
        await row.ClickAsync();

        await Expect(page.GetByTestId("metric-detail")).ToBeVisibleAsync();
        var points = page.GetByTestId("metric-chart").Locator("circle");
        await Expect(points).Not.ToHaveCountAsync(0);
        Assert.True(await points.CountAsync() >= 3);
        await ScreenshotAsync(page, "zpages-metrics.png");
    }

    [Fact]
    public async Task The_pipelines_view_shows_each_pipeline_from_receivers_to_exporters_and_connectors_on_both_sides()
    {
        var page = await OpenAsync("#/pipelines");

        var pipelines = page.GetByTestId("pipeline");
        await Expect(pipelines).ToHaveCountAsync(4);
        var traces = page.Locator("[data-pipeline='traces']");
        await Expect(traces.GetByTestId("pipeline-receiver")).ToHaveTextAsync(["otlp"]);
        await Expect(traces.GetByTestId("pipeline-processor")).ToHaveTextAsync(["batch"]);
        await Expect(traces.GetByTestId("pipeline-exporter")).ToHaveTextAsync(["nop"]);
        await Expect(traces.GetByTestId("pipeline-connector")).ToHaveTextAsync(["forward"]);
        var joined = page.Locator("[data-pipeline='traces/joined']");
        await Expect(joined.GetByTestId("pipeline-receiver")).ToHaveCountAsync(0);
        await Expect(joined.GetByTestId("pipeline-connector")).ToHaveTextAsync(["forward"]);
        await Expect(joined.GetByTestId("pipeline-exporter")).ToHaveTextAsync(["nop"]);
        await Expect(page.GetByTestId("filters")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_pipelines_view_counts_what_each_component_takes_in_and_the_count_moves_live()
    {
        var page = await OpenAsync("#/pipelines");
        // The SDK sends over gRPC, the receiver's first line (transports in label order).
        var accepted = page.Locator("[data-pipeline='traces'] [data-component='otlp'] [data-metric='otelcol_receiver_accepted_spans']").Filter(new() { HasText = "transport=grpc" }).GetByTestId("metric-value");
        await Expect(accepted).ToBeVisibleAsync();
        var before = Total([await accepted.InnerTextAsync()]);

        ShopTelemetry.SendTrace(Collector, "checkout", "counted-order");

        // A redraw (a live update, or the view's own every 2 s) shows the collector's own counters: the root span and its child more.
        await Expect(accepted).ToHaveTextAsync((before + 2).ToString(System.Globalization.CultureInfo.InvariantCulture));

        // From the second reading on, each counter shows its rate.
        await Expect(page.Locator("[data-pipeline='traces'] [data-component='otlp'] [data-metric='otelcol_receiver_accepted_spans'] [data-testid='component-rate']").First).ToHaveTextAsync(new Regex(@"·\s*[\d.,]+/s$"));
        await Expect(page.Locator("[data-pipeline='traces'] [data-component='nop'] [data-metric='otelcol_exporter_sent_spans']").First).ToBeVisibleAsync();

        // Each pipeline shows its own signal's series (and those of no signal, such as the batch buffer's fill).
        await Expect(page.Locator("[data-pipeline='traces'] [data-metric='otelcol_receiver_accepted_log_records']")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-pipeline='logs'] [data-metric='otelcol_receiver_accepted_log_records']").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-pipeline='traces'] [data-component='batch'] [data-fill='batch buffer']")).ToContainTextAsync(new Regex(@"batch buffer\s+\d+ / [\d,]+$"));
    }

    [Fact]
    public async Task The_pipelines_view_breaks_refusals_down_by_reason_and_shows_the_batch_buffers_fill()
    {
        var page = await OpenAsync("#/pipelines");
        var receiver = page.Locator("[data-pipeline='logs'] [data-component='otlp']");
        await Expect(receiver.GetByTestId("component-metric").First).ToBeVisibleAsync();
        await Expect(receiver.GetByTestId("component-reason")).ToHaveCountAsync(0);

        // One log record of two has a malformed span id: the receiver refuses it and says why.
        using (var http = new HttpClient())
        {
            using var response = await http.PostAsync(Collector.HttpUrl + "/v1/logs", new StringContent("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"ok"}},{"spanId":"0102","body":{"stringValue":"bad"}}]}]}]}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }

        var reason = receiver.Locator("[data-testid='component-reason'][data-reason='invalid_id']");
        await Expect(reason).ToHaveTextAsync("↳ invalid_id 1");
        await Expect(receiver.Locator("[data-metric='otelcol_receiver_refused_log_records']").Filter(new() { HasText = "transport=http" })).ToContainTextAsync("refused_log_records {transport=http} 1");
        await Expect(page.Locator("[data-pipeline='logs'] [data-component='batch'] [data-fill='batch buffer'] meter")).ToBeVisibleAsync();

        // The batch processor is in all three pipelines; each draws its rates.
        await Expect(page.Locator("[data-pipeline='logs'] [data-component='batch'] [data-testid='component-rate']").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "zpages-pipelines.png");
    }

    [Fact]
    public async Task The_service_view_shows_the_version_components_and_the_redacted_config()
    {
        // A collector of its own, whose config holds secrets (one set through the environment).
        await using var collector = await TestCollector.StartAsync(ZPagesServiceTests.ConfigWithSecrets(ZPagesServiceTests.TokenVariable()));
        var page = await OpenAsync("#/pipelines", collector);
        await page.GetByTestId("tab-service").ClickAsync();

        await Expect(page.GetByTestId("view-service")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("service-version")).ToHaveTextAsync("minicollector " + Hosting.CollectorBuildInfo.Current.Version);
        await Expect(page.GetByTestId("service-runtime")).ToHaveTextAsync("JIT");
        await Expect(page.GetByTestId("service-extension").Locator("td:first-child")).ToHaveTextAsync(["bearertokenauth", "zpages"]);
        await Expect(page.GetByTestId("service-component").Filter(new() { HasText = "otlp/backend" })).ToContainTextAsync("exporter");
        var config = page.GetByTestId("service-config");
        await Expect(config).ToContainTextAsync("Authorization: '[REDACTED]'");
        await Expect(config).ToContainTextAsync("token: '[REDACTED]'");
        await Expect(page.GetByTestId("filters")).ToBeHiddenAsync();
        var text = await page.Locator("body").InnerTextAsync();
        foreach (var secret in ZPagesServiceTests.Secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        await ScreenshotAsync(page, "zpages-service.png");
    }

    // The values of "accepted_spans {transport=grpc} 23" lines, summed over transports.
    private static double Total(IReadOnlyList<string> lines) => lines.Sum(line => double.Parse(line.Replace(",", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<string> UpdatesAsync(IPage page) => await page.GetByTestId("live").GetAttributeAsync("data-updates") ?? string.Empty;

    // Opening the page is what starts capture (capture: on_view), so data is sent after this.
    private async Task<IPage> OpenAsync(string hash, TestCollector? collector = null)
    {
        var page = await _chromium!.NewPageAsync();
        await page.GotoAsync(ZPagesApiTests.ZPagesUrl(collector ?? Collector) + "/" + hash);
        await Expect(page.GetByTestId("status")).ToContainTextAsync("capturing since");
        return page;
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("MINICOLLECTOR_SCREENSHOTS") is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name), FullPage = true });
        }
    }
}
