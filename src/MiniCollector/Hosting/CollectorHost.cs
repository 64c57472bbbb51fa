using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Graph;
using MiniCollector.Pipeline.Telemetry;
using MiniCollector.Telemetry;

namespace MiniCollector.Hosting;

/// <summary>
/// A running collector: builds the pipeline graph of a validated config, starts it, and stops it in order.
/// The executable runs one; end-to-end tests run several in one process.
/// </summary>
public sealed class CollectorHost : IAsyncDisposable
{
    private readonly ILogger _logger;
    private bool _running;
    private SelfTelemetryServer? _telemetry;

    private CollectorHost(CollectorConfig config, PipelineGraph graph, CollectorMeter meter, ILoggerFactory loggerFactory)
    {
        Config = config;
        Graph = graph;
        Meter = meter;
        _logger = loggerFactory.CreateLogger("service");
    }

    /// <summary>The config it runs.</summary>
    public CollectorConfig Config { get; }

    /// <summary>The built components.</summary>
    public PipelineGraph Graph { get; }

    /// <summary>The collector's meter: every self-metric, live until the collector stops.</summary>
    public CollectorMeter Meter { get; }

    /// <summary>Builds and starts a collector; throws <see cref="ComponentStartException"/> when a component cannot start.</summary>
    public static async Task<CollectorHost> StartAsync(CollectorConfig config, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        var logger = loggerFactory.CreateLogger("service");
        foreach (var notice in config.Notices.Concat(config.Warnings))
        {
            logger.LogWarning("{Notice}", notice);
        }

        var meter = new CollectorMeter();
        CollectorHost? host = null;
        try
        {
            host = new CollectorHost(config, PipelineGraph.Build(config, loggerFactory, meter, CollectorBuildInfo.Current), meter, loggerFactory);
            ProcessTelemetry.Register(meter);
            if (config.TelemetryMetricsEndpoint is { } telemetryEndpoint)
            {
                host._telemetry = new SelfTelemetryServer(meter);
                await host._telemetry.StartAsync(telemetryEndpoint, loggerFactory, cancellationToken).ConfigureAwait(false);
            }

            await host.Graph.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (host?._telemetry is not null)
            {
                await host._telemetry.DisposeAsync().ConfigureAwait(false);
            }

            meter.Dispose();
            throw;
        }

        host._running = true;
        logger.LogInformation("Everything is ready. Begin running and processing data.");
        return host;
    }

    /// <summary>The self-telemetry server; null when <c>service::telemetry::metrics::level</c> is none.</summary>
    public SelfTelemetryServer? Telemetry => _telemetry;

    /// <summary>Every endpoint bound by a component, by component.</summary>
    public IEnumerable<(ComponentId Id, BoundEndpoint Endpoint)> Endpoints()
    {
        foreach (var (id, receiver) in Graph.Receivers)
        {
            if (receiver is IListeningComponent listening)
            {
                foreach (var endpoint in listening.Endpoints)
                {
                    yield return (id, endpoint);
                }
            }
        }

        foreach (var (id, exporter) in Graph.Exporters)
        {
            if (exporter is IListeningComponent listening)
            {
                foreach (var endpoint in listening.Endpoints)
                {
                    yield return (id, endpoint);
                }
            }
        }
    }

    /// <summary>The first endpoint a receiver bound for one protocol (tests ask for port 0 and read the real one here).</summary>
    public BoundEndpoint ReceiverEndpoint(string receiverId, string protocol)
    {
        ComponentId.TryParse(receiverId, out var id, out _);
        var listening = (IListeningComponent)Graph.Receivers[id];
        return listening.Endpoints.First(e => e.Protocol == protocol);
    }

    /// <summary>Stops receivers, flushes processors and drains exporters, within <paramref name="deadline"/>.</summary>
    public async Task StopAsync(TimeSpan deadline)
    {
        if (!_running)
        {
            return;
        }

        _running = false;
        _logger.LogInformation("Shutdown requested; stopping receivers, flushing processors, draining exporters");
        using var cts = new CancellationTokenSource(deadline);
        await Graph.ShutdownAsync(cts.Token).ConfigureAwait(false);
        if (_telemetry is not null)
        {
            await _telemetry.DisposeAsync().ConfigureAwait(false);
        }

        // Last: what the shutdown counted (drained, dropped) stays readable until here.
        Meter.Dispose();
        _logger.LogInformation("Shutdown complete.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
}
