namespace MiniCollector.Benchmarks.Load.Drivers;

/// <summary>Sends one fixed OTLP export request over gRPC.</summary>
public sealed class GrpcExportDriver : IExportDriver
{
    /// <summary>The OTLP trace export method.</summary>
    public const string TraceExport = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    /// <summary>The OTLP metrics export method.</summary>
    public const string MetricsExport = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

    private readonly GrpcUnaryClient _client;
    private readonly byte[] _framed;

    /// <summary>Creates a driver calling <paramref name="method"/> with <paramref name="message"/> (serialized, unframed).</summary>
    public GrpcExportDriver(Uri baseAddress, string method, byte[] message)
    {
        _client = new GrpcUnaryClient(baseAddress, method);
        _framed = GrpcFraming.Frame(message);
    }

    /// <inheritdoc />
    public Task<CallOutcome> SendAsync(CancellationToken cancellationToken) => _client.CallAsync(_framed, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
