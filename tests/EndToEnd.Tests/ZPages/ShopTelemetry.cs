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

namespace MiniCollector.EndToEnd.Tests.ZPages;

/// <summary>
/// Telemetry an application sends with the OpenTelemetry .NET SDK over OTLP/gRPC: a trace of two spans (the child
/// failing, with an event and a secret header attribute), a log written inside the child span, a counter exported
/// twice. Every export completes before a method returns (simple processors, forced flushes).
/// </summary>
internal static class ShopTelemetry
{
    /// <summary>The value of the secret attribute, which the pages must never show.</summary>
    public const string SecretValue = "Bearer s3cr3t-token-value";

    /// <summary>Sends one trace of <paramref name="service"/>: a server root span and a failing client child, with a log inside the child.</summary>
    public static SentTrace SendTrace(TestCollector collector, string service, string rootName, string childName = "charge-card", string logBody = "card declined by issuer", string orderId = "A-17")
    {
        var sourceName = "zpages.e2e." + Guid.NewGuid().ToString("N");
        using var tracerProvider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddSource(sourceName)
            .AddOtlpExporter(o => Target(o, collector))
            .Build();
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service));
            o.IncludeFormattedMessage = true;
            o.AddOtlpExporter(e => Target(e, collector));
        }));
        var logger = loggerFactory.CreateLogger("Shop.Payments");
        using var source = new ActivitySource(sourceName, "1.0.0");
        string traceId, rootId, childId;
        using (var root = source.StartActivity(rootName, ActivityKind.Server)!)
        {
            root.SetTag("order.id", orderId);
            root.SetTag("http.request.header.authorization", SecretValue);
            traceId = root.TraceId.ToHexString();
            rootId = root.SpanId.ToHexString();
            using var child = source.StartActivity(childName, ActivityKind.Client)!;
            childId = child.SpanId.ToHexString();
            child.SetTag("payment.amount", 12.75);
            child.AddEvent(new ActivityEvent("card-checked"));
            child.SetStatus(ActivityStatusCode.Error, "declined");
            logger.LogError("{Body}", logBody);
        }

        Assert.True(tracerProvider.ForceFlush(30_000));
        loggerFactory.Dispose();
        return new SentTrace(traceId, rootId, childId);
    }

    /// <summary>A monotonic counter <c>orders.placed</c> exported once per value in <paramref name="totals"/>.</summary>
    public static void SendCounter(TestCollector collector, string service, params long[] totals)
    {
        var meterName = "zpages.e2e.metrics." + Guid.NewGuid().ToString("N");
        using var meterProvider = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService(service))
            .AddMeter(meterName)
            .AddOtlpExporter((o, reader) =>
            {
                Target(o, collector);
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            })
            .Build();
        using var meter = new Meter(meterName);
        var orders = meter.CreateCounter<long>("orders.placed", unit: "{order}", description: "Orders placed");
        long sent = 0;
        foreach (var total in totals)
        {
            orders.Add(total - sent, new KeyValuePair<string, object?>("region", "eu"));
            sent = total;
            Assert.True(meterProvider.ForceFlush(30_000));
        }
    }

    private static void Target(OtlpExporterOptions options, TestCollector collector)
    {
        options.Endpoint = new Uri(collector.GrpcUrl);
        options.Protocol = OtlpExportProtocol.Grpc;
        options.ExportProcessorType = ExportProcessorType.Simple;
    }

    /// <summary>The ids of a sent trace, as lowercase hex.</summary>
    internal sealed record SentTrace(string TraceId, string RootSpanId, string ChildSpanId);
}
