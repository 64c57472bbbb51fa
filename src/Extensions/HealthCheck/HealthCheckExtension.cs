using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MiniCollector.Endpoints;
using MiniCollector.Pipeline.Components;

namespace MiniCollector.Extensions.HealthCheck;

/// <summary>
/// The <c>health_check</c> extension: answers 200 on its path once every component has started and 503 before that
/// and from the moment shutdown begins, so load balancers and orchestrators stop sending before receivers close.
/// </summary>
public sealed class HealthCheckExtension : IListeningComponent, IShutdownAware, IReadinessListener
{
    private const string JsonContentType = "application/json";
    private const string TextContentType = "text/plain; charset=utf-8";

    private static readonly State NotReady = new(false, default, 0);

    private readonly ComponentContext _context;
    private readonly HealthCheckOptions _options;
    private readonly TimeProvider _time;
    private readonly byte[]? _healthyBody;
    private readonly byte[]? _unhealthyBody;
    private readonly Lock _transition = new();
    private volatile State _state = NotReady;
    private bool _shutdownBegun;
    private HttpEndpointServer? _server;

    public HealthCheckExtension(ComponentContext context, HealthCheckOptions options, TimeProvider? time = null)
    {
        _context = context;
        _options = options;
        _time = time ?? context.Time;
        if (options.ResponseBody is { } body)
        {
            _healthyBody = Encoding.UTF8.GetBytes(body.Healthy);
            _unhealthyBody = Encoding.UTF8.GetBytes(body.Unhealthy);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<BoundEndpoint> Endpoints => _server?.Endpoints ?? [];

    /// <summary>True while the endpoint answers 200.</summary>
    public bool IsReady => _state.Ready;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _server = await HttpEndpointServer.StartAsync(_context, _options.Endpoint, ServeAsync, tls: null, cancellationToken).ConfigureAwait(false);
        foreach (var endpoint in _server.Endpoints)
        {
            _context.Logger.LogInformation("Serving health check on http://{Endpoint}{Path}", endpoint.Address, _options.Path);
        }
    }

    /// <inheritdoc />
    public void OnServiceReady()
    {
        lock (_transition)
        {
            if (_shutdownBegun || _state.Ready)
            {
                return;
            }

            _state = new State(true, _time.GetUtcNow(), _time.GetTimestamp());
        }

        _context.Logger.LogInformation("Health check state change: ready");
    }

    /// <inheritdoc />
    public void OnShutdownBegins()
    {
        if (BecomeUnavailable())
        {
            _context.Logger.LogInformation("Health check state change: unavailable (shutting down)");
        }
    }

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        BecomeUnavailable();
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
            _server = null;
        }
    }

    // Shutdown is one-way: nothing turns the service ready again afterwards.
    private bool BecomeUnavailable()
    {
        lock (_transition)
        {
            _shutdownBegun = true;
            bool wasReady = _state.Ready;
            _state = NotReady;
            return wasReady;
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!string.Equals(request.Path.Value, _options.Path, StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = TextContentType;
            await response.WriteAsync("404 page not found\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!ReadOnlyMethods.Allow(context))
        {
            return;
        }

        var state = _state;
        byte[] body;
        if (_healthyBody is not null && _unhealthyBody is not null)
        {
            body = state.Ready ? _healthyBody : _unhealthyBody;
            if (body.Length > 0)
            {
                response.ContentType = TextContentType;
            }
        }
        else
        {
            body = state.Ready ? HealthCheckBody.Available(state.UpSince, _time.GetElapsedTime(state.ReadyTimestamp)) : HealthCheckBody.NotAvailable;
            response.ContentType = JsonContentType;
        }

        response.StatusCode = state.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        response.ContentLength = body.Length;
        if (HttpMethods.IsGet(request.Method))
        {
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    // Swapped as a whole so a request never sees "ready" with another transition's start time.
    private sealed record State(bool Ready, DateTimeOffset UpSince, long ReadyTimestamp);
}
