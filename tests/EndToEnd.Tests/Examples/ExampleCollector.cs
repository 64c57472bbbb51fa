using Microsoft.Extensions.Logging;
using MiniCollector.EndToEnd.Tests.TestSupport;
using MiniCollector.Hosting;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// An example config run in this process exactly as written except for where it listens: every endpoint it binds
/// (otlp receiver protocols, prometheus exporters, health_check, self-metrics) is moved to 127.0.0.1 on a port the
/// OS picks, so examples that all use 4317/4318/8889 run beside each other and beside other tests.
/// </summary>
internal sealed class ExampleCollector : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    private ExampleCollector(CollectorHost host, CapturedLogs logs, ILoggerFactory loggerFactory)
    {
        Host = host;
        Logs = logs;
        _loggerFactory = loggerFactory;
    }

    public CollectorHost Host { get; }

    public CapturedLogs Logs { get; }

    public string GrpcUrl => Host.ReceiverEndpoint("otlp", "grpc").Url;

    public string HttpUrl => Host.ReceiverEndpoint("otlp", "http").Url;

    /// <summary>The collector's own metrics.</summary>
    public string TelemetryUrl => Host.Telemetry!.Endpoints[0].Url;

    /// <summary>Base URL of the first prometheus exporter.</summary>
    public string PrometheusUrl => "http://" + Host.Endpoints().First(e => e.Id.Type == "prometheus").Endpoint.Address;

    /// <param name="path">the example config</param>
    /// <param name="extraSets">further <c>--set</c> overrides, e.g. a file path that differs outside the container</param>
    public static async Task<ExampleCollector> StartAsync(string path, params string[] extraSets)
    {
        var sets = ConfigEndpoints.Of(ExampleFiles.LoadMapping(path)).Select(e => e.SetKey + "=127.0.0.1:0").Concat(extraSets).ToList();
        var config = ConfigLoader.Load([path], sets, BuiltinComponents.CreateRegistry());
        var logs = new CapturedLogs();
        var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var host = await CollectorHost.StartAsync(config, loggerFactory);
        return new ExampleCollector(host, logs, loggerFactory);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(TimeSpan.FromSeconds(10));
        _loggerFactory.Dispose();
    }
}
