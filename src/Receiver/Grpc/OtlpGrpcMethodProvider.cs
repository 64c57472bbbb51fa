using Grpc.AspNetCore.Server.Model;

namespace MiniCollector.Receiver.Grpc;

/// <summary>
/// Tells Grpc.AspNetCore which methods <see cref="OtlpGrpcService"/> serves. Written by hand instead of generated
/// service code, because the methods depend on the configured pipelines and carry our own marshallers.
/// </summary>
internal sealed class OtlpGrpcMethodProvider(OtlpGrpcService service) : IServiceMethodProvider<OtlpGrpcService>
{
    /// <inheritdoc />
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OtlpGrpcService> context)
    {
        foreach (var export in service.Exports)
        {
            context.AddUnaryMethod(export.Method, [], (s, request, call) => s.ExportAsync(export, request, call));
        }

        context.AddUnaryMethod(service.HealthCheck, [], (s, request, call) => s.CheckHealthAsync(request, call));
    }
}
