using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using MiniCollector.Exporters.Sending;
using MiniCollector.Pipeline.Otlp.Json;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Otlp;

/// <summary>
/// One OTLP/HTTP export: POST of the request (its received protobuf bytes as they are, or OTLP/JSON), gzip, headers;
/// 429/502/503/504 are retryable with <c>Retry-After</c> (seconds or an HTTP date), other failures permanent with
/// the server's <c>google.rpc.Status</c> message.
/// </summary>
internal sealed class OtlpHttpSender : IRequestSender, IDisposable
{
    private readonly HttpClient _client;
    private readonly OtlpHttpExporterOptions _options;
    private readonly TimeProvider _time;

    public OtlpHttpSender(OtlpHttpExporterOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.GZip };
        options.Client.Tls.Apply(handler.SslOptions);
        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <inheritdoc />
    public async Task<ExportAttempt> SendAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        var url = _options.UrlFor(request.Signal);
        bool json = _options.Json;
        HttpContent content;
        if (json)
        {
            byte[] payload = OtlpJsonWriter.ToUtf8Bytes(request.Model);
            content = _options.Client.Gzip ? new ByteArrayContent(GzipPayload.Compress(payload)) : new ByteArrayContent(payload);
        }
        else
        {
            content = _options.Client.Gzip ? new ByteArrayContent(GzipPayload.Compress(request)) : new PayloadContent(request, grpcFrame: false);
        }

        if (_options.Client.Gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        content.Headers.ContentType = new MediaTypeHeaderValue(json ? "application/json" : "application/x-protobuf");
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        foreach (var (name, value) in _options.Client.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        // A zero timeout means no timeout, as in the reference. The deadline runs on the component's clock.
        using var deadline = _options.Client.Timeout > TimeSpan.Zero ? new CancellationTokenSource(_options.Client.Timeout, _time) : null;
        using var timeout = deadline is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await _client.SendAsync(message, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            bool jsonAnswer = response.Content.Headers.ContentType?.MediaType == "application/json";
            int status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                try
                {
                    var (rejected, text) = SignalKind.For(request.Signal).ReadPartialSuccess(body, jsonAnswer);
                    return ExportAttempt.Sent(rejected, text);
                }
                catch (Exception ex) when (ex is InvalidProtocolBufferException or OtlpJsonException)
                {
                    return ExportAttempt.Fail($"the 2xx answer from {url} could not be read: {ex.Message}");
                }
            }

            var description = $"HTTP {status} from {url}: {StatusMessage(body, jsonAnswer)}";
            if (status is 429 or 502 or 503 or 504)
            {
                return ExportAttempt.Retry(description, status is 429 or 503 ? RetryAfter(response) : null);
            }

            return ExportAttempt.Fail(description);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ExportAttempt.Retry($"no answer from {url} within {_options.Client.Timeout.TotalSeconds:0.###}s");
        }
        catch (HttpRequestException ex)
        {
            return ExportAttempt.Retry($"cannot reach {url}: {HttpFailure.Describe(ex)}");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    // Retry-After is delta-seconds or an HTTP date (both allowed since OTLP 1.11); a date is read against the
    // component's clock, the one the retry then waits on.
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string StatusMessage(byte[] body, bool json)
    {
        if (body.Length == 0)
        {
            return "(empty body)";
        }

        try
        {
            var status = json ? OtlpJsonReader.ReadStatus(body) : MiniCollector.Otlp.Rpc.Status.Parser.ParseFrom(body);
            if (status.Message.Length > 0)
            {
                return status.Message;
            }
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or OtlpJsonException)
        {
            // Not a Status: fall back to the text.
        }

        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512));
        return text.Trim();
    }
}
