using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using MiniCollector.Endpoints;
using MiniCollector.Exposition;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Telemetry;

/// <summary>
/// The collector's own metrics endpoint (<c>service::telemetry::metrics</c>, localhost:8888 by default): the
/// instruments of the collector's meter, read by a <see cref="System.Diagnostics.Metrics.MeterListener"/> at each
/// scrape and written in the Prometheus text format by the same writer as the prometheus exporter.
/// </summary>
public sealed class SelfTelemetryServer : IAsyncDisposable
{
    private readonly CollectorMeter _meter;
    private HttpEndpointServer? _server;

    public SelfTelemetryServer(CollectorMeter meter)
    {
        _meter = meter;
    }

    /// <summary>The bound address.</summary>
    public IReadOnlyList<BoundEndpoint> Endpoints => _server?.Endpoints ?? [];

    /// <summary>Current values of every self-metric.</summary>
    public List<MetricFamily> Collect() => SelfMetricsReader.Collect(_meter);

    /// <summary>Starts serving; a bind failure names <c>service::telemetry::metrics</c> and the endpoint.</summary>
    public async Task StartAsync(string endpoint, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        _server = await HttpEndpointServer.StartAsync("service::telemetry::metrics", "http", endpoint, HttpProtocols.Http1AndHttp2, ServeAsync, loggerFactory, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var bound in _server.Endpoints)
        {
            loggerFactory.CreateLogger("service").LogInformation("Serving the collector's own metrics on http://{Endpoint}/metrics", bound.Address);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.StopAsync(CancellationToken.None).ConfigureAwait(false);
            _server = null;
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (context.Request.Path.Value is not ("/metrics" or "/"))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var output = new ArrayBufferWriter<byte>();
        PrometheusTextWriter.Write(output, Collect());
        context.Response.ContentType = PrometheusTextWriter.ContentType;
        context.Response.ContentLength = output.WrittenCount;
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
