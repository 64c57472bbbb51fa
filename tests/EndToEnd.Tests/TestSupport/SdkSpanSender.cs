using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MiniCollector.EndToEnd.Tests.TestSupport;

/// <summary>Sends one span with the OpenTelemetry .NET SDK's OTLP exporter, as an application would, with the given headers.</summary>
internal static class SdkSpanSender
{
    /// <summary>Sends <paramref name="spanName"/> over <paramref name="protocol"/> and returns whether the SDK's flush succeeded.</summary>
    public static bool Send(OtlpExportProtocol protocol, string grpcUrl, string httpUrl, string headers, string source, string spanName)
    {
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("my-awesome-project"))
            .AddSource(source)
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = new Uri(protocol == OtlpExportProtocol.Grpc ? grpcUrl : httpUrl + "/v1/traces");
                o.Headers = headers;
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();
        using (var activities = new ActivitySource(source))
        {
            activities.StartActivity(spanName)?.Dispose();
        }

        return provider.ForceFlush(10_000);
    }
}
