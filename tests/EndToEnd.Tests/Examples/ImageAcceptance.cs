using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// What the image's acceptance tests (<see cref="ImageAcceptanceTests"/> without Docker, <see cref="ContainerAcceptanceTests"/>
/// on a real engine) do from outside the collector they are handed: send with the OpenTelemetry .NET SDK, as an
/// application would, and scrape the collector's endpoints until what was sent shows.
/// </summary>
internal static class ImageAcceptance
{
    /// <summary>
    /// Points an OTLP exporter at the collector. The SDK appends nothing to an endpoint set in code: gRPC takes the
    /// server's base URL, HTTP the full path, so <paramref name="httpPath"/> is added for HTTP only.
    /// </summary>
    public static Action<OtlpExporterOptions> Target(string endpoint, OtlpExportProtocol protocol, OtlpExportCompression compression, string httpPath) => o =>
    {
        o.Endpoint = new Uri(protocol == OtlpExportProtocol.Grpc ? endpoint : endpoint + httpPath);
        o.Protocol = protocol;
        o.Compression = compression;
    };

    /// <summary>Sends <paramref name="spans"/> spans of the source <c>{scope}.{service}</c> from a provider of service <paramref name="service"/>.</summary>
    public static void SendTraces(Action<OtlpExporterOptions> target, string scope, string service, int spans)
    {
        var sourceName = scope + "." + service;
        Uri? endpoint = null;
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(sourceName)
            .AddOtlpExporter(o =>
            {
                target(o);
                o.ExportProcessorType = ExportProcessorType.Batch;
                endpoint = o.Endpoint;
            })
            .Build();
        using var source = new ActivitySource(sourceName);
        for (int i = 0; i < spans; i++)
        {
            source.StartActivity("request-" + i, ActivityKind.Server)?.Dispose();
        }

        Assert.True(provider.Shutdown(30_000), $"{service}: the SDK could not export spans to {endpoint}");
    }

    /// <summary>
    /// Adds <paramref name="orders"/> to the counter <c>{scope}.orders</c> of service <paramref name="service"/>, served
    /// by the prometheus exporter as <c>{scope with _}_orders_total</c>: one data point.
    /// </summary>
    public static void SendMetrics(Action<OtlpExporterOptions> target, string scope, string service, int orders)
    {
        var meterName = scope + "." + service;
        Uri? endpoint = null;
        using var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddMeter(meterName)
            .AddOtlpExporter((o, reader) =>
            {
                target(o);
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
                endpoint = o.Endpoint;
            })
            .Build();
        using var meter = new Meter(meterName);
        meter.CreateCounter<long>(scope + ".orders").Add(orders);

        // Shutdown exports once; a flush before it would send the cumulative point a second time.
        Assert.True(provider.Shutdown(30_000), $"{service}: the SDK could not export metrics to {endpoint}");
    }

    /// <summary>
    /// Scrapes <paramref name="url"/> until <paramref name="done"/> holds and returns that scrape. The collector runs in
    /// another process and tells nothing when its counters or its batch processor move, so this is the shared bounded
    /// wait; its failure says what was <paramref name="awaited"/> and shows the last scrape.
    /// </summary>
    public static async Task<string> ScrapeUntilAsync(HttpClient client, string url, string awaited, Func<string, bool> done)
    {
        string text = string.Empty;
        await WaitUntilAsync(
            async () => done(text = await client.GetStringAsync(url)),
            () => $"{url} never showed what was sent ({awaited}); its last scrape:\n{text}");
        return text;
    }
}
