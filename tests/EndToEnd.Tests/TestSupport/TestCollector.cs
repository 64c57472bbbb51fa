using Microsoft.Extensions.Logging;
using MiniCollector.Hosting;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Graph;

namespace MiniCollector.EndToEnd.Tests.TestSupport;

/// <summary>A real collector started in this process from YAML, on ports the OS picks, with its logs captured.</summary>
internal sealed class TestCollector : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly ComponentRegistry _registry;
    private readonly string[] _sets;

    private TestCollector(CollectorHost host, CapturedLogs logs, ILoggerFactory loggerFactory, ComponentRegistry registry, string[] sets)
    {
        Host = host;
        Logs = logs;
        _loggerFactory = loggerFactory;
        _registry = registry;
        _sets = sets;
    }

    public CollectorHost Host { get; }

    public CapturedLogs Logs { get; }

    /// <summary>host:port the prometheus exporter serves on.</summary>
    public string PrometheusAddress => Host.Endpoints().First(e => e.Id.Type == "prometheus").Endpoint.Address;

    /// <summary>Base URL of the collector's own metrics endpoint.</summary>
    public string TelemetryUrl => Host.Telemetry!.Endpoints[0].Url;

    /// <summary>Base URL of the otlp receiver's gRPC protocol.</summary>
    public string GrpcUrl => Host.ReceiverEndpoint("otlp", "grpc").Url;

    /// <summary>Base URL of the otlp receiver's HTTP protocol.</summary>
    public string HttpUrl => Host.ReceiverEndpoint("otlp", "http").Url;

    /// <summary>Starts a collector; <paramref name="extraFactories"/> add test-only component types (e.g. a counting exporter).</summary>
    public static async Task<TestCollector> StartAsync(string yaml, params ComponentFactory[] extraFactories)
    {
        var path = Path.Combine(Path.GetTempPath(), $"minicollector-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, yaml);
        try
        {
            // Tests run side by side: unless a test configures self-telemetry, it goes on a port the OS picks.
            string[] sets = yaml.Contains("telemetry:", StringComparison.Ordinal) ? [] : ["service.telemetry.metrics.address=127.0.0.1:0"];
            var registry = new ComponentRegistry([.. BuiltinComponents.Factories(), .. extraFactories]);
            var config = ConfigLoader.Load([path], sets, registry);
            var logs = new CapturedLogs();
            var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
            var host = await CollectorHost.StartAsync(config, loggerFactory);
            return new TestCollector(host, logs, loggerFactory, registry, sets);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Reloads the running collector with <paramref name="yaml"/> (same registry and overrides as at start).</summary>
    public async Task<ReloadOutcome> ReloadAsync(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"minicollector-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, yaml);
        try
        {
            return await Host.ReloadAsync(() => ConfigLoader.Load([path], _sets, _registry));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(TimeSpan.FromSeconds(10));
        _loggerFactory.Dispose();
    }
}
