using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Hosting;
using MiniCollector.Receiver.Http;

namespace MiniCollector.Receiver.Otlp;

/// <summary>
/// The <c>otlp</c> receiver: one instance serves every signal its pipelines take, on one listener per protocol.
/// </summary>
public sealed class OtlpReceiver : IListeningComponent
{
    private readonly ComponentContext _context;
    private readonly OtlpReceiverOptions _options;
    private readonly SignalConsumers _consumers;
    private HttpEndpointServer? _http;

    public OtlpReceiver(ComponentContext context, OtlpReceiverOptions options, SignalConsumers consumers)
    {
        _context = context;
        _options = options;
        _consumers = consumers;
    }

    /// <inheritdoc />
    public IReadOnlyList<BoundEndpoint> Endpoints => _http?.Endpoints ?? [];

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Http is { } http)
        {
            var handler = new OtlpHttpHandler(http, _consumers, _context.Logger);

            // HTTP/1.1 and cleartext HTTP/2 (prior knowledge) on the same port, as OTLP/HTTP clients use either.
            _http = await HttpEndpointServer.StartAsync(
                $"receivers::{_context.Id}::protocols::http",
                "http",
                http.Endpoint,
                HttpProtocols.Http1AndHttp2,
                handler.HandleAsync,
                _context.LoggerFactory,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var endpoint in _http.Endpoints)
            {
                _context.Logger.LogInformation("Starting HTTP server on {Endpoint} (OTLP/HTTP: {Traces}, {Metrics}, {Logs})", endpoint.Address, http.TracesUrlPath, http.MetricsUrlPath, http.LogsUrlPath);
            }
        }
    }

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        if (_http is not null)
        {
            await _http.StopAsync(cancellationToken).ConfigureAwait(false);
            _http = null;
        }
    }
}
