using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using MiniCollector.EndToEnd.Tests.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MiniCollector.EndToEnd.Tests;

/// <summary>
/// The OpenTelemetry .NET SDK's OTLP exporter, over gRPC and over HTTP/protobuf, sends to a real collector whose
/// debug exporter (verbosity detailed) must show what was sent.
/// </summary>
public sealed class SdkExportTests
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
            timeout: 50ms
        exporters:
          debug:
            verbosity: detailed
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [batch]
              exporters: [debug]
            metrics:
              receivers: [otlp]
              processors: [batch]
              exporters: [debug]
            logs:
              receivers: [otlp]
              processors: [batch]
              exporters: [debug]
        """;

    private const string DebugCategory = "exporter/debug";

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, OtlpExportCompression.None)]
    [InlineData(OtlpExportProtocol.Grpc, OtlpExportCompression.GZip)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, OtlpExportCompression.None)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, OtlpExportCompression.GZip)]
    public async Task Spans_sent_by_the_sdk_are_printed_with_names_and_attributes(OtlpExportProtocol protocol, OtlpExportCompression compression)
    {
        await using var collector = await TestCollector.StartAsync(Config);
        var sourceName = "e2e.traces." + Guid.NewGuid().ToString("N");
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("checkout-service"))
            .AddSource(sourceName)
            .AddOtlpExporter(o => Target(o, collector, protocol, compression, "/v1/traces"))
            .Build())
        {
            using var source = new ActivitySource(sourceName, "2.1.0");
            using (var parent = source.StartActivity("place-order", ActivityKind.Server))
            {
                parent!.SetTag("order.id", "A-17");
                parent.SetTag("order.items", 3);
                using var child = source.StartActivity("charge-card", ActivityKind.Client);
                child!.SetTag("payment.ok", true);
                child.AddEvent(new ActivityEvent("card-authorised"));
            }

            Assert.True(provider.ForceFlush(10_000));
        }

        var output = await collector.Logs.WaitForAsync(DebugCategory, t => t.Contains("place-order") && t.Contains("charge-card"));

        Assert.Contains("-> service.name: Str(checkout-service)", output);
        Assert.Contains("InstrumentationScope " + sourceName + " 2.1.0", output);
        Assert.Contains("Name           : place-order", output);
        Assert.Contains("Kind           : Server", output);
        Assert.Contains("-> order.id: Str(A-17)", output);
        Assert.Contains("-> order.items: Int(3)", output);
        Assert.Contains("Name           : charge-card", output);
        Assert.Contains("-> payment.ok: Bool(true)", output);
        Assert.Contains("card-authorised", output);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, OtlpExportCompression.None)]
    [InlineData(OtlpExportProtocol.Grpc, OtlpExportCompression.GZip)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, OtlpExportCompression.None)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, OtlpExportCompression.GZip)]
    public async Task Metrics_sent_by_the_sdk_are_printed_with_their_values(OtlpExportProtocol protocol, OtlpExportCompression compression)
    {
        await using var collector = await TestCollector.StartAsync(Config);
        var meterName = "e2e.metrics." + Guid.NewGuid().ToString("N");
        using (var provider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("metrics-service"))
            .AddMeter(meterName)
            .AddOtlpExporter((o, reader) =>
            {
                Target(o, collector, protocol, compression, "/v1/metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            })
            .Build())
        {
            using var meter = new Meter(meterName);
            var orders = meter.CreateCounter<long>("orders.placed", unit: "{order}", description: "Orders placed");
            var latency = meter.CreateHistogram<double>("checkout.duration", unit: "ms");
            orders.Add(40, new KeyValuePair<string, object?>("region", "eu"));
            orders.Add(2, new KeyValuePair<string, object?>("region", "eu"));
            latency.Record(12.5);
            latency.Record(30);
            meter.CreateObservableGauge("queue.depth", () => 7);

            Assert.True(provider.ForceFlush(10_000));
        }

        var output = await collector.Logs.WaitForAsync(DebugCategory, t => t.Contains("orders.placed") && t.Contains("checkout.duration") && t.Contains("queue.depth"));

        Assert.Contains("-> service.name: Str(metrics-service)", output);
        Assert.Contains("-> Name: orders.placed", output);
        Assert.Contains("-> Description: Orders placed", output);
        Assert.Contains("-> DataType: Sum", output);
        Assert.Contains("-> IsMonotonic: true", output);
        Assert.Contains("-> region: Str(eu)", output);
        Assert.Contains("Value: 42", output);
        Assert.Contains("-> Name: checkout.duration", output);
        Assert.Contains("-> DataType: Histogram", output);
        Assert.Contains("Count: 2", output);
        Assert.Contains("Sum: 42.500000", output);
        Assert.Contains("-> Name: queue.depth", output);
        Assert.Contains("Value: 7", output);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, OtlpExportCompression.None)]
    [InlineData(OtlpExportProtocol.Grpc, OtlpExportCompression.GZip)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, OtlpExportCompression.None)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, OtlpExportCompression.GZip)]
    public async Task Logs_sent_by_the_sdk_are_printed_with_their_bodies(OtlpExportProtocol protocol, OtlpExportCompression compression)
    {
        await using var collector = await TestCollector.StartAsync(Config);
        using (var loggerFactory = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("billing"));
            o.AddOtlpExporter(e => Target(e, collector, protocol, compression, "/v1/logs"));
        })))
        {
            var logger = loggerFactory.CreateLogger("Billing.Payments");
            logger.LogWarning("Payment {PaymentId} declined for {Amount} EUR", "P-9", 12.75);
        }

        var output = await collector.Logs.WaitForAsync(DebugCategory, t => t.Contains("P-9"));

        Assert.Contains("-> service.name: Str(billing)", output);
        Assert.Contains("SeverityText: Warning", output);
        Assert.Contains("SeverityNumber: Warn(13)", output);
        Assert.Contains("Body: Str(Payment {PaymentId} declined for {Amount} EUR)", output);
        Assert.Contains("-> PaymentId: Str(P-9)", output);
        Assert.Contains("-> Amount: Double(12.75)", output);
    }

    private static void Target(OtlpExporterOptions options, TestCollector collector, OtlpExportProtocol protocol, OtlpExportCompression compression, string httpPath)
    {
        options.Compression = compression;
        // The SDK appends nothing to an endpoint set in code: gRPC takes the server's base URL, HTTP the full path.
        options.Endpoint = new Uri(protocol == OtlpExportProtocol.Grpc ? collector.GrpcUrl : collector.HttpUrl + httpPath);
        options.Protocol = protocol;
        options.ExportProcessorType = ExportProcessorType.Simple;
    }
}
