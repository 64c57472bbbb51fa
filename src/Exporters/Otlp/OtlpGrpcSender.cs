using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using MiniCollector.Exporters.Sending;
using MiniCollector.Pipeline.Otlp;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Otlp;

/// <summary>
/// One unary OTLP/gRPC Export call over HttpClient HTTP/2 (h2c when insecure): our framing, gzip, grpc-timeout,
/// headers; the status comes from the trailers (or the headers of a trailers-only answer), RetryInfo included.
/// The request's serialized bytes are sent as they are, never re-encoded.
/// </summary>
internal sealed class OtlpGrpcSender : IRequestSender, IDisposable
{
    private readonly HttpClient _client;
    private readonly Uri _baseAddress;
    private readonly OtlpClientOptions _options;
    private readonly TimeProvider _time;

    public OtlpGrpcSender(Uri baseAddress, OtlpClientOptions options, TimeProvider time)
    {
        _baseAddress = baseAddress;
        _options = options;
        _time = time;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
        };
        options.Tls.Apply(handler.SslOptions);
        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// The server address: <c>host:port</c> means TLS unless <c>tls.insecure</c>; an <c>http://</c> or <c>https://</c>
    /// URL says so itself.
    /// </summary>
    public static Uri BaseAddress(string endpoint, bool insecure)
    {
        if (endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(endpoint);
        }

        return new Uri((insecure ? "http://" : "https://") + endpoint);
    }

    /// <inheritdoc />
    public async Task<ExportAttempt> SendAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        HttpContent content;
        if (_options.Gzip)
        {
            byte[] body = GzipPayload.Compress(request, prefixLength: 5);
            body[0] = 1;
            BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)(body.Length - 5));
            content = new ByteArrayContent(body);
        }
        else
        {
            content = new PayloadContent(request, grpcFrame: true);
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseAddress, SignalKind.For(request.Signal).GrpcExportPath))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(GrpcHeaders.ContentType);
        message.Headers.TryAddWithoutValidation("te", "trailers");
        message.Headers.TryAddWithoutValidation(GrpcHeaders.AcceptEncoding, "identity,gzip");
        if (_options.Timeout > TimeSpan.Zero)
        {
            message.Headers.TryAddWithoutValidation(GrpcHeaders.Timeout, GrpcTimeout.Format(_options.Timeout));
        }
        if (_options.Gzip)
        {
            message.Headers.TryAddWithoutValidation(GrpcHeaders.Encoding, "gzip");
        }

        foreach (var (name, value) in _options.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        // A zero timeout means no timeout, as in the reference. The deadline runs on the component's clock.
        using var deadline = _options.Timeout > TimeSpan.Zero ? new CancellationTokenSource(_options.Timeout, _time) : null;
        using var timeout = deadline is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        HttpResponseMessage response;
        byte[] responseBody;
        try
        {
            response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            responseBody = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ExportAttempt.Retry($"DEADLINE_EXCEEDED: no answer from {_baseAddress} within {_options.Timeout.TotalSeconds:0.###}s");
        }
        catch (HttpRequestException ex)
        {
            return ExportAttempt.Retry($"cannot reach {_baseAddress}: {HttpFailure.Describe(ex)}");
        }

        using (response)
        {
            var statusText = Header(response, GrpcHeaders.Status);
            if (statusText is null)
            {
                var mapped = response.StatusCode == HttpStatusCode.OK ? GrpcStatusCode.Internal : GrpcClientStatus.FromHttpStatus((int)response.StatusCode);
                var text = $"HTTP {(int)response.StatusCode} from {_baseAddress} without grpc-status";
                return GrpcClientStatus.IsRetryable(mapped, hasRetryInfo: false) ? ExportAttempt.Retry(text) : ExportAttempt.Fail(text);
            }

            var code = int.TryParse(statusText, out var c) ? (GrpcStatusCode)c : GrpcStatusCode.Unknown;
            var grpcMessage = GrpcMessageText.Decode(Header(response, GrpcHeaders.Message) ?? string.Empty);
            if (code == GrpcStatusCode.Ok)
            {
                return Success(request.Signal, responseBody);
            }

            var delay = GrpcClientStatus.RetryDelay(Header(response, GrpcHeaders.StatusDetails));
            var description = $"gRPC status {(int)code}: {grpcMessage}";
            return GrpcClientStatus.IsRetryable(code, delay is not null) ? ExportAttempt.Retry(description, delay) : ExportAttempt.Fail(description);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static ExportAttempt Success(Signal signal, byte[] body)
    {
        if (body.Length < 5)
        {
            return ExportAttempt.Sent();
        }

        try
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
            var message = body.AsSpan(5, Math.Min(length, body.Length - 5));
            if (body[0] == 1)
            {
                using var gzip = new GZipStream(new MemoryStream(message.ToArray()), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                message = plain.ToArray();
            }

            var (rejected, text) = SignalKind.For(signal).ReadPartialSuccess(message, json: false);
            return ExportAttempt.Sent(rejected, text);
        }
        catch (Exception ex) when (ex is InvalidDataException or Google.Protobuf.InvalidProtocolBufferException)
        {
            // The spec treats an unreadable success answer as permanent: the data may or may not have arrived.
            return ExportAttempt.Fail("the server's OK answer could not be read: " + ex.Message);
        }
    }

    private static string? Header(HttpResponseMessage response, string name)
    {
        if (response.TrailingHeaders.TryGetValues(name, out var values) || response.Headers.TryGetValues(name, out values))
        {
            return values.FirstOrDefault();
        }

        return null;
    }
}
