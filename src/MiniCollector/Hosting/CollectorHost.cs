using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Graph;
using MiniCollector.Pipeline.Service;
using MiniCollector.Pipeline.Telemetry;
using MiniCollector.Telemetry;

namespace MiniCollector.Hosting;

/// <summary>
/// A running collector: builds the pipeline graph of a validated config, starts it, moves it to a new config on
/// <see cref="ReloadAsync"/> and stops it in order. The executable runs one; end-to-end tests run several in one process.
/// </summary>
public sealed class CollectorHost : IAsyncDisposable
{
    /// <summary>How long a reload may take to drain what it stops before it stops it anyway.</summary>
    public static readonly TimeSpan ReloadDeadline = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;

    // One reload at a time, and a stop waits for a reload in progress.
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private bool _running;
    private SelfTelemetryServer? _telemetry;
    private volatile PipelineGraph _graph;
    private long _reloadsSucceeded;
    private long _reloadsFailed;
    private ReloadStatus? _lastReload;

    private CollectorHost(PipelineGraph graph, CollectorMeter meter, ILoggerFactory loggerFactory)
    {
        _graph = graph;
        Meter = meter;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("service");
        meter.Counter("minicollector_config_reloads", "{reloads}", "Config reloads tried, by result (failure: the new config was invalid or part of it could not start)", () => Interlocked.Read(ref _reloadsSucceeded), new KeyValuePair<string, string>("result", "success"));
        meter.Counter("minicollector_config_reloads", "{reloads}", "Config reloads tried, by result (failure: the new config was invalid or part of it could not start)", () => Interlocked.Read(ref _reloadsFailed), new KeyValuePair<string, string>("result", "failure"));
    }

    /// <summary>The config it runs (the latest one a reload applied).</summary>
    public CollectorConfig Config => _graph.Config;

    /// <summary>The built components (after a reload, the new graph: kept components are the same instances).</summary>
    public PipelineGraph Graph => _graph;

    /// <summary>The latest reload's outcome; null before the first.</summary>
    public ReloadStatus? LastReload => _lastReload;

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
            host = new CollectorHost(PipelineGraph.Build(config, loggerFactory, meter, CollectorBuildInfo.Current), meter, loggerFactory);
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

    /// <summary>
    /// Moves the collector to the config <paramref name="load"/> returns, rebuilding only what changed
    /// (<see cref="GraphReload"/>). An invalid config (<see cref="ConfigException"/>) changes nothing: its errors are
    /// logged as <c>validate</c> prints them. Reloads run one at a time.
    /// </summary>
    public async Task<ReloadOutcome> ReloadAsync(Func<CollectorConfig> load, CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_running)
            {
                return new ReloadOutcome(_graph, Succeeded: false) { Problems = ["the collector is not running"] };
            }

            CollectorConfig config;
            try
            {
                config = load();
            }
            catch (ConfigException ex)
            {
                _logger.LogError("Reload refused: the new config is invalid; keeping the running config.\n{Errors}", ex.Message);
                return Record(new ReloadOutcome(_graph, Succeeded: false) { Problems = [ex.Message] });
            }

            foreach (var notice in config.Notices.Concat(config.Warnings))
            {
                _logger.LogWarning("{Notice}", notice);
            }

            var running = _graph.Config;
            if (config.TelemetryMetricsEndpoint != running.TelemetryMetricsEndpoint || config.LogLevel != running.LogLevel)
            {
                _logger.LogWarning("Reload: service::telemetry changes (metrics address, log level) take effect at the next restart");
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(ReloadDeadline);
            var outcome = await GraphReload.RunAsync(_graph, config, _loggerFactory, deadline.Token).ConfigureAwait(false);
            _graph = outcome.Graph;
            if (outcome.Succeeded)
            {
                _logger.LogInformation("Reload: {Summary}", outcome.Summary);
                outcome.Graph.LogPipelines();
            }
            else
            {
                _logger.LogError("Reload failed: {Problems}; {State}", outcome.Summary, ReferenceEquals(outcome.Graph.Config, config) ? "the new config runs without the components that failed" : "keeping the running config");
            }

            return Record(outcome);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops receivers, flushes processors and drains exporters, within <paramref name="deadline"/>.</summary>
    public async Task StopAsync(TimeSpan deadline)
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopCoreAsync(deadline).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private ReloadOutcome Record(ReloadOutcome outcome)
    {
        long failures = outcome.Succeeded ? Interlocked.Read(ref _reloadsFailed) : Interlocked.Increment(ref _reloadsFailed);
        long successes = outcome.Succeeded ? Interlocked.Increment(ref _reloadsSucceeded) : Interlocked.Read(ref _reloadsSucceeded);
        _lastReload = new ReloadStatus(successes + failures, failures, outcome.Succeeded, DateTimeOffset.UtcNow, outcome.Summary);
        outcome.Graph.ShowService(PipelineGraph.Describe(outcome.Graph.Config, CollectorBuildInfo.Current) with { LastReload = _lastReload }, reload: true);
        return outcome;
    }

    private async Task StopCoreAsync(TimeSpan deadline)
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
