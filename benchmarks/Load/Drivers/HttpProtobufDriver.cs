using System.Net;
using System.Net.Http.Headers;

namespace MiniCollector.Benchmarks.Load.Drivers;

/// <summary>OTLP/HTTP with protobuf bodies over HTTP/1.1; each concurrent caller gets its own pooled connection.</summary>
public sealed class HttpProtobufDriver : IExportDriver
{
    private readonly HttpClient _client;
    private readonly Uri _uri;
    private readonly byte[] _body;

    /// <summary>Creates a driver posting <paramref name="body"/> to <paramref name="uri"/> (e.g. <c>http://127.0.0.1:4318/v1/traces</c>).</summary>
    public HttpProtobufDriver(Uri uri, byte[] body)
    {
        _uri = uri;
        _body = body;
        _client = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <inheritdoc />
    public async Task<CallOutcome> SendAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(_body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK
            ? CallOutcome.Success
            : CallOutcome.Failure("HTTP " + (int)response.StatusCode);
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
