using System.Net;
using System.Net.Http.Headers;

namespace MiniCollector.Benchmarks.Load.Drivers;

/// <summary>
/// A unary gRPC client of its own over HttpClient (Grpc.Net.Client is not available here): HTTP/2 with prior
/// knowledge on http:// (h2c), one connection multiplexing every caller's stream, as the OpenTelemetry SDKs'
/// exporters do.
/// </summary>
public sealed class GrpcUnaryClient : IDisposable
{
    private readonly HttpClient _client;
    private readonly Uri _uri;

    /// <summary>Creates a client of <paramref name="method"/> (e.g. <c>/opentelemetry.proto.collector.trace.v1.TraceService/Export</c>).</summary>
    public GrpcUnaryClient(Uri baseAddress, string method)
    {
        _uri = new Uri(baseAddress, method);
        _client = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>Calls the method with an already framed message (see <see cref="GrpcFraming"/>); success is <c>grpc-status: 0</c>.</summary>
    public async Task<CallOutcome> CallAsync(byte[] framedMessage, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(framedMessage),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return CallOutcome.Failure("HTTP " + (int)response.StatusCode);
        }

        // Trailers arrive after the body, which ResponseContentRead has already consumed; a trailers-only error
        // answer carries the status in the headers instead.
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
        if (status == "0")
        {
            return CallOutcome.Success;
        }

        var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message");
        return CallOutcome.Failure($"grpc-status {status ?? "missing"}" + (message is null ? string.Empty : ": " + Uri.UnescapeDataString(message)));
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
