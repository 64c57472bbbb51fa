using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MiniCollector.Endpoints;
using MiniCollector.Extensions.ZPages.Api;
using MiniCollector.Extensions.ZPages.Capture;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Service;

namespace MiniCollector.Extensions.ZPages;

/// <summary>
/// The <c>zpages</c> extension: a page served from the executable that shows the telemetry arriving now (traces with
/// their waterfall, logs, metrics with a chart), the service's pipelines and the service itself (versions, uptime,
/// components, the effective config with secrets redacted), and the JSON behind it. It taps what receivers hand to the
/// pipelines into bounded ring buffers (<see cref="RecentTelemetry"/>).
/// </summary>
public sealed class ZPagesExtension : IListeningComponent, IShutdownAware, ITelemetryTap, IServiceObserver
{
    private const string TextContentType = "text/plain; charset=utf-8";

    private readonly ComponentContext _context;
    private readonly ZPagesOptions _options;
    private readonly RecentTelemetry _recent;
    private readonly ZPagesApi _api;
    private readonly CancellationTokenSource _stopping = new();
    private IServerAuthenticator? _authenticator;
    private readonly TimeProvider _clock;
    private HttpEndpointServer? _server;
    private ServiceDescription _service = ServiceDescription.Empty;
    private DateTimeOffset _serviceStarted;

    public ZPagesExtension(ComponentContext context, ZPagesOptions options, TimeProvider? time = null)
    {
        _context = context;
        _options = options;
        var clock = time ?? context.Time;
        _clock = clock;
        _serviceStarted = clock.GetUtcNow();
        _recent = new RecentTelemetry(options.Recent, clock);
        _api = new ZPagesApi(_recent, options.Recent, () => _service.Pipelines, context.Meter.Read, clock, _stopping.Token)
        {
            Service = () => (_service, _serviceStarted),
        };
    }

    /// <inheritdoc />
    public IReadOnlyList<BoundEndpoint> Endpoints => _server?.Endpoints ?? [];

    /// <inheritdoc />
    public bool IsCapturing => _recent.IsCapturing;

    /// <inheritdoc />
    public void Observe(ComponentId receiver, TelemetryRequest request) => _recent.Observe(receiver, request);

    /// <inheritdoc />
    public void OnServiceBuilt(ServiceDescription service)
    {
        // Uptime counts from here: the service is built and about to start.
        _service = service;
        _serviceStarted = _clock.GetUtcNow();
    }

    /// <inheritdoc />
    public void OnServiceReloaded(ServiceDescription service)
    {
        // The process keeps running across a reload: uptime goes on.
        _service = service;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Authenticator is { } id)
        {
            _authenticator = _context.Extensions.TryGetValue(id, out var extension) && extension is IServerAuthenticator authenticator
                ? authenticator
                : throw new ComponentStartException($"extensions::{_context.Id}::auth: extension \"{id}\" is not an authenticator (use bearertokenauth or basicauth)");
        }

        _server = await HttpEndpointServer.StartAsync(_context, _options.Endpoint, ServeAsync, _options.Tls, cancellationToken).ConfigureAwait(false);
        foreach (var endpoint in _server.Endpoints)
        {
            _context.Logger.LogInformation(
                "Serving zpages on {Url}/ (recent telemetry captured {Capture})",
                endpoint.Url,
                _options.Recent.CapturesAlways ? "always" : "while the pages are viewed");
        }
    }

    /// <inheritdoc />
    public void OnShutdownBegins()
    {
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }
    }

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        // Live streams end first, so stopping the server does not wait for them until the deadline.
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
            _server = null;
        }

        _recent.Dispose();
        _stopping.Dispose();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["Cache-Control"] = "no-store";
        if (_authenticator is not null)
        {
            var result = await _authenticator.AuthenticateAsync(request.Headers, context.RequestAborted).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                _context.Logger.LogDebug("zpages request refused: {Reason}", result.Failure);
                response.StatusCode = StatusCodes.Status401Unauthorized;
                response.Headers.WWWAuthenticate = "Basic realm=\"MiniCollector zpages\", charset=\"UTF-8\"";
                response.ContentType = TextContentType;
                await response.WriteAsync("401 unauthorized\n", context.RequestAborted).ConfigureAwait(false);
                return;
            }
        }

        if (!ReadOnlyMethods.Allow(context))
        {
            return;
        }

        var path = request.Path.Value ?? "/";
        if (path.StartsWith("/api/", StringComparison.Ordinal))
        {
            _recent.MarkViewed();
            await _api.ServeAsync(context, path, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (StaticAssets.Find(path) is { } asset)
        {
            _recent.MarkViewed();

            // The page loads only its own files and talks only to its own origin; data is never run as markup.
            response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";
            response.ContentType = asset.ContentType;
            response.ContentLength = asset.Content.Length;
            if (HttpMethods.IsGet(request.Method))
            {
                await response.Body.WriteAsync(asset.Content, context.RequestAborted).ConfigureAwait(false);
            }

            return;
        }

        if (ReferencePaths.ViewOf(path) is { } view)
        {
            // The reference's servicez, pipelinez, ... : the same information is on one of this page's views.
            response.StatusCode = StatusCodes.Status302Found;
            response.Headers.Location = view;
            return;
        }

        response.StatusCode = StatusCodes.Status404NotFound;
        response.ContentType = TextContentType;
        await response.WriteAsync("404 page not found\n", context.RequestAborted).ConfigureAwait(false);
    }
}
