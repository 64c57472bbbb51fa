using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using MiniCollector.Endpoints;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Telemetry;
using MiniCollector.Receivers.Otlp.Grpc;
using MiniCollector.Receivers.Otlp.Http;

namespace MiniCollector.Receivers.Otlp;

/// <summary>
/// The <c>otlp</c> receiver: one instance serves every signal its pipelines take, on one listener per protocol. A
/// reload that changes one protocol restarts only that protocol's listener (<see cref="IReconfigurable"/>).
/// </summary>
public sealed class OtlpReceiver : IListeningComponent, IShutdownAware, IReconfigurable
{
    private readonly ComponentContext _context;
    private OtlpReceiverOptions _options;
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

        // Only the transports that are served, as the reference reports them.
        if (options.Grpc is not null)
        {
            _grpcTelemetry.Register(context.Meter);
        }

        if (options.Http is not null)
        {
            _httpTelemetry.Register(context.Meter);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<BoundEndpoint> Endpoints => [.. _grpc?.Endpoints ?? [], .. _http?.Endpoints ?? []];

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Grpc is { } grpc)
        {
            (_grpcHandler, _grpc) = await StartGrpcAsync(grpc, cancellationToken).ConfigureAwait(false);
        }

        if (_options.Http is { } http)
        {
            try
            {
                _http = await StartHttpAsync(http, cancellationToken).ConfigureAwait(false);
            }
            catch when (_grpc is not null)
            {
                // A component that fails to start is not stopped by the graph: let go of the gRPC port here.
                await _grpc.StopAsync(CancellationToken.None).ConfigureAwait(false);
                (_grpcHandler, _grpc) = (null, null);
                throw;
            }
        }
    }

    /// <inheritdoc />
    public bool CanReconfigure(ConfigChange change) => change.Options is OtlpReceiverOptions;

    /// <inheritdoc />
    public async Task ReconfigureAsync(ConfigChange change, CancellationToken cancellationToken)
    {
        var next = (OtlpReceiverOptions)change.Options;
        if (change.Changed("protocols", "grpc"))
        {
            var (oldHandler, oldServer) = (_grpcHandler, _grpc);
            if (oldHandler is not null)
            {
                oldHandler.Serving = false;
            }

            (_grpcHandler, _grpc) = (null, null);
            if (next.Grpc is { } grpc)
            {
                if (_options.Grpc is null)
                {
                    _grpcTelemetry.Register(_context.Meter);
                }

                (_grpcHandler, _grpc) = await ReplaceAsync(oldServer, () => StartGrpcAsync(grpc, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            else if (oldServer is not null)
            {
                await oldServer.StopAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (change.Changed("protocols", "http"))
        {
            var oldServer = _http;
            _http = null;
            if (next.Http is { } http)
            {
                if (_options.Http is null)
                {
                    _httpTelemetry.Register(_context.Meter);
                }

                (_, _http) = await ReplaceAsync(oldServer, async () => ((object?)null, await StartHttpAsync(http, cancellationToken).ConfigureAwait(false)), cancellationToken).ConfigureAwait(false);
            }
            else if (oldServer is not null)
            {
                await oldServer.StopAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        _options = next;
    }

    // The new listener starts beside the old one when it can (another port: no moment without a listener); on the
    // same port it can only bind once the old one has let go.
    private static async Task<(T Handler, HttpEndpointServer Server)> ReplaceAsync<T>(HttpEndpointServer? old, Func<Task<(T, HttpEndpointServer)>> start, CancellationToken cancellationToken)
    {
        (T, HttpEndpointServer) started;
        try
        {
            started = await start().ConfigureAwait(false);
        }
        catch (ComponentStartException) when (old is not null)
        {
            await old.StopAsync(cancellationToken).ConfigureAwait(false);
            old = null;
            started = await start().ConfigureAwait(false);
        }

        if (old is not null)
        {
            await old.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        return started;
    }

    private async Task<(OtlpGrpcHandler Handler, HttpEndpointServer Server)> StartGrpcAsync(GrpcServerOptions grpc, CancellationToken cancellationToken)
    {
        var grpcHandler = new OtlpGrpcHandler(grpc, _consumers, _context.Logger, Authenticator(grpc.Authenticator, "grpc")) { Telemetry = _grpcTelemetry };
        var server = await HttpEndpointServer.StartAsync(
            $"receivers::{_context.Id}::protocols::grpc",
            "grpc",
            grpc.Endpoint,
            HttpProtocols.Http2,
            grpcHandler.HandleAsync,
            _context.LoggerFactory,
            kestrel => GrpcKestrelSettings.Apply(grpc, kestrel),
            listen => GrpcKestrelSettings.Apply(grpc, listen),
            transport => GrpcKestrelSettings.Apply(grpc, transport),
            grpc.Tls,
            cancellationToken).ConfigureAwait(false);
        foreach (var endpoint in server.Endpoints)
        {
            _context.Logger.LogInformation("Starting GRPC server on {Endpoint} (OTLP/gRPC{Tls}, max message {Max} MiB)", endpoint.Address, endpoint.Tls ? " over TLS" : string.Empty, grpc.MaxRecvMsgSizeMib);
        }

        return (grpcHandler, server);
    }

    private async Task<HttpEndpointServer> StartHttpAsync(HttpServerOptions http, CancellationToken cancellationToken)
    {
        var handler = new OtlpHttpHandler(http, _consumers, _context.Logger, Authenticator(http.Authenticator, "http")) { Telemetry = _httpTelemetry };

        // HTTP/1.1 and cleartext HTTP/2 (prior knowledge) on the same port, as OTLP/HTTP clients use either.
        var server = await HttpEndpointServer.StartAsync(
            $"receivers::{_context.Id}::protocols::http",
            "http",
            http.Endpoint,
            HttpProtocols.Http1AndHttp2,
            handler.HandleAsync,
            _context.LoggerFactory,
            tls: http.Tls,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var endpoint in server.Endpoints)
        {
            _context.Logger.LogInformation("Starting HTTP server on {Endpoint} (OTLP/HTTP{Tls}: {Paths})", endpoint.Address, endpoint.Tls ? " over TLS" : string.Empty, string.Join(", ", http.UrlPaths));
        }

        return server;
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
