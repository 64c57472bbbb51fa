using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Hosting;
using MiniCollector.Pipeline.Telemetry;
using MiniCollector.Receiver.Grpc;
using MiniCollector.Receiver.Http;

namespace MiniCollector.Receiver.Otlp;

/// <summary>
/// The <c>otlp</c> receiver: one instance serves every signal its pipelines take, on one listener per protocol.
/// </summary>
public sealed class OtlpReceiver : IListeningComponent, IShutdownAware, ITelemetryProducer
{
    private readonly ComponentContext _context;
    private readonly OtlpReceiverOptions _options;
    private readonly SignalConsumers _consumers;
    private HttpEndpointServer? _http;
    private HttpEndpointServer? _grpc;
    private OtlpGrpcHandler? _grpcHandler;
    private readonly ReceiverTelemetry _grpcTelemetry;
    private readonly ReceiverTelemetry _httpTelemetry;

    public OtlpReceiver(ComponentContext context, OtlpReceiverOptions options, SignalConsumers consumers)
    {
        _context = context;
        _options = options;
        _consumers = consumers;
        _grpcTelemetry = new ReceiverTelemetry(context.Id.ToString(), "grpc");
        _httpTelemetry = new ReceiverTelemetry(context.Id.ToString(), "http");
    }

    /// <inheritdoc />
    public void Collect(TelemetryCollector collector)
    {
        // Only the transports that are served, as the reference reports them.
        if (_options.Grpc is not null)
        {
            _grpcTelemetry.Collect(collector);
        }

        if (_options.Http is not null)
        {
            _httpTelemetry.Collect(collector);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<BoundEndpoint> Endpoints => [.. _grpc?.Endpoints ?? [], .. _http?.Endpoints ?? []];

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Grpc is { } grpc)
        {
            _grpcHandler = new OtlpGrpcHandler(grpc, _consumers, _context.Logger, Authenticator(grpc.Authenticator, "grpc")) { Telemetry = _grpcTelemetry };
            _grpc = await HttpEndpointServer.StartAsync(
                $"receivers::{_context.Id}::protocols::grpc",
                "grpc",
                grpc.Endpoint,
                HttpProtocols.Http2,
                _grpcHandler.HandleAsync,
                _context.LoggerFactory,
                kestrel => GrpcKestrelSettings.Apply(grpc, kestrel),
                listen => GrpcKestrelSettings.Apply(grpc, listen),
                transport => GrpcKestrelSettings.Apply(grpc, transport),
                grpc.Tls,
                cancellationToken).ConfigureAwait(false);
            foreach (var endpoint in _grpc.Endpoints)
            {
                _context.Logger.LogInformation("Starting GRPC server on {Endpoint} (OTLP/gRPC{Tls}, max message {Max} MiB)", endpoint.Address, endpoint.Tls ? " over TLS" : string.Empty, grpc.MaxRecvMsgSizeMib);
            }
        }

        if (_options.Http is { } http)
        {
            var handler = new OtlpHttpHandler(http, _consumers, _context.Logger, Authenticator(http.Authenticator, "http")) { Telemetry = _httpTelemetry };

            // HTTP/1.1 and cleartext HTTP/2 (prior knowledge) on the same port, as OTLP/HTTP clients use either.
            _http = await HttpEndpointServer.StartAsync(
                $"receivers::{_context.Id}::protocols::http",
                "http",
                http.Endpoint,
                HttpProtocols.Http1AndHttp2,
                handler.HandleAsync,
                _context.LoggerFactory,
                tls: http.Tls,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var endpoint in _http.Endpoints)
            {
                _context.Logger.LogInformation("Starting HTTP server on {Endpoint} (OTLP/HTTP{Tls}: {Traces}, {Metrics}, {Logs})", endpoint.Address, endpoint.Tls ? " over TLS" : string.Empty, http.TracesUrlPath, http.MetricsUrlPath, http.LogsUrlPath);
            }
        }
    }

    private IServerAuthenticator? Authenticator(ComponentId? id, string protocol)
    {
        if (id is not { } authenticatorId)
        {
            return null;
        }

        if (_context.Extensions.TryGetValue(authenticatorId, out var extension) && extension is IServerAuthenticator authenticator)
        {
            return authenticator;
        }

        throw new ComponentStartException($"receivers::{_context.Id}::protocols::{protocol}::auth: extension \"{authenticatorId}\" is not an authenticator (use bearertokenauth or basicauth)");
    }

    /// <inheritdoc />
    public void OnShutdownBegins()
    {
        if (_grpcHandler is not null)
        {
            _grpcHandler.Serving = false;
        }
    }

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        if (_grpc is not null)
        {
            await _grpc.StopAsync(cancellationToken).ConfigureAwait(false);
            _grpc = null;
        }

        if (_http is not null)
        {
            await _http.StopAsync(cancellationToken).ConfigureAwait(false);
            _http = null;
        }
    }
}
