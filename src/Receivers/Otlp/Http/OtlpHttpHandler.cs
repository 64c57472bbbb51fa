using System.Globalization;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using MiniCollector.Otlp.Rpc;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Receivers.Otlp;

namespace MiniCollector.Receivers.Otlp.Http;

/// <summary>
/// Serves OTLP/HTTP: routes <c>/v1/{signal}</c> to the signal's pipelines and maps every outcome to the status code
/// and <c>google.rpc.Status</c> body the OTLP spec prescribes, encoded like the request.
/// </summary>
public sealed class OtlpHttpHandler
{
    private const string ProtobufType = "application/x-protobuf";
    private const string JsonType = "application/json";

    // gRPC status codes carried in Status.code.
    private const int InvalidArgument = 3;
    private const int Unimplemented = 12;
    private const int Internal = 13;

    private readonly HttpServerOptions _options;
    private const int Unauthenticated = 16;

    private readonly Dictionary<string, (SignalKind Kind, IConsumer Consumer, AdmissionGates Gates)> _routes = new(StringComparer.Ordinal);
    private readonly IServerAuthenticator? _authenticator;
    private readonly CorsPolicy? _cors;
    private readonly ILogger _logger;
    private readonly SignalConsumers _consumers;

    public OtlpHttpHandler(HttpServerOptions options, SignalConsumers consumers, ILogger logger, IServerAuthenticator? authenticator = null)
    {
        _options = options;
        _consumers = consumers;
        _logger = logger;
        _authenticator = authenticator;
        _cors = options.Cors is { } c && c.AllowedOrigins.Count > 0 ? new CorsPolicy(c) : null;
        foreach (var kind in SignalKind.All)
        {
            AddRoute(options.UrlPaths[(int)kind.Signal], kind, consumers.For(kind.Signal), consumers.GatesFor(kind.Signal));
        }
    }

    /// <summary>This transport's receiver counters.</summary>
    public ReceiverTelemetry Telemetry { get; init; } = new("otlp", "http");

    /// <summary>Handles one HTTP request.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        foreach (var (name, value) in _options.ResponseHeaders)
        {
            response.Headers[name] = value;
        }

        if (_cors is not null)
        {
            if (CorsPolicy.IsPreflight(request))
            {
                _cors.HandlePreflight(context);
                return;
            }

            _cors.DecorateResponse(context);
        }

        // Credentials first: nothing about the endpoints is revealed to an unauthenticated client.
        if (_authenticator is not null)
        {
            var auth = await _authenticator.AuthenticateAsync(request.Headers, context.RequestAborted).ConfigureAwait(false);
            if (!auth.Succeeded)
            {
                _logger.LogDebug("Refused an unauthenticated request from {Remote}: {Reason}", context.Connection.RemoteIpAddress, auth.Failure);
                await WriteStatusAsync(context, StatusCodes.Status401Unauthorized, Unauthenticated, "401 unauthorized: missing or invalid credentials", IsJsonRequest(request)).ConfigureAwait(false);
                return;
            }
        }

        if (!_routes.TryGetValue(request.Path.Value ?? string.Empty, out var route) || !_consumers.Serves(route.Kind.Signal))
        {
            var serving = _routes.Where(r => _consumers.Serves(r.Value.Kind.Signal)).Select(r => r.Key);
            await WriteStatusAsync(context, StatusCodes.Status404NotFound, Unimplemented, $"404 page not found: no OTLP endpoint at {request.Path} (serving {string.Join(", ", serving)})", IsJsonRequest(request)).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            response.Headers.Allow = "POST";
            await WriteStatusAsync(context, StatusCodes.Status405MethodNotAllowed, Unimplemented, "405 method not allowed, supported: [POST]", IsJsonRequest(request)).ConfigureAwait(false);
            return;
        }

        bool? json = ContentKind(request.ContentType);
        if (json is null)
        {
            var got = string.IsNullOrEmpty(request.ContentType) ? "none" : request.ContentType;
            await WriteStatusAsync(context, StatusCodes.Status415UnsupportedMediaType, InvalidArgument, $"415 unsupported media type {got}, supported: [application/json, application/x-protobuf]", IsJsonRequest(request)).ConfigureAwait(false);
            return;
        }

        // Over the memory limit: refuse before reading a byte of the body.
        if (!route.Gates.TryAdmit(out var retryAfter, out var refusal))
        {
            await WriteResultAsync(context, route.Kind, ConsumeResult.Refuse(refusal, retryAfter, DropReason.MemoryLimiter), json.Value).ConfigureAwait(false);
            return;
        }

        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        if (!_options.CompressionAlgorithms.Contains(encoding) && !(encoding == "identity" && _options.CompressionAlgorithms.Contains(string.Empty)))
        {
            await WriteStatusAsync(context, StatusCodes.Status400BadRequest, InvalidArgument, $"unsupported Content-Encoding: {encoding} (accepted: {AcceptedEncodings()})", json.Value).ConfigureAwait(false);
            return;
        }

        var (status, body, error) = await RequestBodyReader.ReadAsync(request.Body, encoding, request.ContentLength, _options.MaxRequestBodySize, context.RequestAborted).ConfigureAwait(false);
        if (status == RequestBodyReader.Status.TooLarge)
        {
            await WriteStatusAsync(context, StatusCodes.Status413RequestEntityTooLarge, InvalidArgument, $"request body too large: the limit is {_options.MaxRequestBodySize} bytes after decompression (max_request_body_size)", json.Value).ConfigureAwait(false);
            return;
        }

        if (status == RequestBodyReader.Status.BadEncoding)
        {
            await WriteStatusAsync(context, StatusCodes.Status400BadRequest, InvalidArgument, error!, json.Value).ConfigureAwait(false);
            return;
        }

        DecodedRequest decoded;
        try
        {
            decoded = route.Kind.Decode(body, json.Value, _options.IncludeMetadata ? RequestMetadata.From(request) : ClientMetadata.Empty);
        }
        catch (InvalidOtlpException ex)
        {
            _logger.LogDebug("Rejected a malformed {Signal} request: {Message}", route.Kind.Signal, ex.Message);
            await WriteStatusAsync(context, StatusCodes.Status400BadRequest, InvalidArgument, ex.Message, json.Value).ConfigureAwait(false);
            return;
        }

        var result = ConsumeResult.Success;
        if (decoded.Request is not null)
        {
            result = await route.Consumer.ConsumeAsync(decoded.Request, context.RequestAborted).ConfigureAwait(false);
        }

        Telemetry.Record(route.Kind.Signal, result, decoded.Request?.ItemCount ?? 0, decoded.Rejected);
        if (decoded.Rejected > 0)
        {
            result = result.WithItemsDroppedBefore(decoded.Rejected, decoded.RejectReason!, DropReason.InvalidId);
        }

        await WriteResultAsync(context, route.Kind, result, json.Value).ConfigureAwait(false);
    }

    private async Task WriteResultAsync(HttpContext context, SignalKind kind, ConsumeResult result, bool json)
    {
        switch (result.Outcome)
        {
            case ConsumeOutcome.Accepted:
                var message = kind.Response(result.RejectedItems, result.RejectedItems > 0 || !string.IsNullOrEmpty(result.Message) ? result.Message : null);
                await WriteMessageAsync(context, StatusCodes.Status200OK, message, json).ConfigureAwait(false);
                return;
            case ConsumeOutcome.Refused:
                var status = RefusalStatus.Create(result, out var delay);
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await WriteMessageAsync(context, StatusCodes.Status503ServiceUnavailable, status, json).ConfigureAwait(false);
                return;
            case ConsumeOutcome.Rejected:
                await WriteStatusAsync(context, StatusCodes.Status400BadRequest, InvalidArgument, result.Message ?? "invalid data", json).ConfigureAwait(false);
                return;
            default:
                await WriteStatusAsync(context, StatusCodes.Status500InternalServerError, Internal, result.Message ?? "internal error", json).ConfigureAwait(false);
                return;
        }
    }

    private static Task WriteStatusAsync(HttpContext context, int httpStatus, int code, string message, bool json)
        => WriteMessageAsync(context, httpStatus, new Status { Code = code, Message = message }, json);

    private static async Task WriteMessageAsync(HttpContext context, int httpStatus, IMessage message, bool json)
    {
        var bytes = SignalKind.Encode(message, json);
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = json ? JsonType : ProtobufType;
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    // null when the content type is neither OTLP encoding; parameters such as charset are ignored.
    private static bool? ContentKind(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return null;
        }

        var media = parsed.MediaType.Value;
        if (string.Equals(media, ProtobufType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (string.Equals(media, JsonType, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return null;
    }

    // Error answers before the body's encoding is known: protobuf only when the client said protobuf, else readable JSON.
    private static bool IsJsonRequest(HttpRequest request) => ContentKind(request.ContentType) != false;

    private string AcceptedEncodings()
        => string.Join(", ", _options.CompressionAlgorithms.Select(a => a.Length == 0 ? "identity" : a));

    private void AddRoute(string path, SignalKind kind, IConsumer? consumer, AdmissionGates gates)
    {
        // Like the reference, a signal without a pipeline has no endpoint.
        if (consumer is not null)
        {
            _routes[path] = (kind, consumer, gates);
        }
    }
}
