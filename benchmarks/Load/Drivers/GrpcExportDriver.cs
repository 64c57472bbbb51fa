namespace MiniCollector.Benchmarks.Load.Drivers;

/// <summary>Sends one fixed OTLP export request over gRPC, or several in rotation.</summary>
public sealed class GrpcExportDriver : IExportDriver
{
    /// <summary>The OTLP trace export method.</summary>
    public const string TraceExport = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    /// <summary>The OTLP metrics export method.</summary>
    public const string MetricsExport = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

    private readonly GrpcUnaryClient _client;
    private readonly byte[][] _framed;
    private int _next = -1;

    /// <summary>Creates a driver calling <paramref name="method"/> with <paramref name="message"/> (serialized, unframed).</summary>
    public GrpcExportDriver(Uri baseAddress, string method, byte[] message)
        : this(baseAddress, method, [message])
    {
    }

    /// <summary>Creates a driver calling <paramref name="method"/> with each of <paramref name="messages"/> in turn, across all callers.</summary>
    public GrpcExportDriver(Uri baseAddress, string method, IReadOnlyList<byte[]> messages)
    {
        _client = new GrpcUnaryClient(baseAddress, method);
        _framed = messages.Select(m => GrpcFraming.Frame(m)).ToArray();
    }

    /// <inheritdoc />
    public Task<CallOutcome> SendAsync(CancellationToken cancellationToken) =>
        _client.CallAsync(_framed.Length == 1 ? _framed[0] : _framed[(int)((uint)Interlocked.Increment(ref _next) % (uint)_framed.Length)], cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
