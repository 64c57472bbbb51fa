using System.Net;
using Microsoft.Extensions.Logging;
using MiniCollector.Exporters.LoadBalancing;
using MiniCollector.Exporters.Tests.Otlp;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Exporters.Tests.LoadBalancing;

/// <summary>
/// A loadbalancing exporter bound from YAML and started on a fake clock, its backends scripted in process and its DNS
/// answers given by the test.
/// </summary>
internal sealed class BalancerUnderTest : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private volatile IPAddress[] _answer = [];
    private volatile bool _dnsFails;

    private BalancerUnderTest(ILoggerFactory loggerFactory, KeptLogs logs, ScriptedBackends backends)
    {
        _loggerFactory = loggerFactory;
        Logs = logs;
        Backends = backends;
    }

    public LoadBalancingExporter Exporter { get; private set; } = null!;

    public ScriptedBackends Backends { get; }

    public ExporterClock Clock { get; } = new();

    public KeptLogs Logs { get; }

    public CollectorMeter Meter { get; } = new();

    public ComponentContext Context { get; private set; } = null!;

    /// <summary>Builds and starts one; <paramref name="dns"/> is the first DNS answer (addresses) when the dns resolver is used.</summary>
    public static async Task<BalancerUnderTest> StartAsync(string yaml, params string[] dns)
    {
        var logs = new KeptLogs();
        var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var balancer = new BalancerUnderTest(loggerFactory, logs, new ScriptedBackends());
        balancer.Answer(dns);
        balancer.Exporter = balancer.Build(yaml);
        await balancer.Exporter.StartAsync(CancellationToken.None);
        return balancer;
    }

    /// <summary>A second build of the same exporter id in the same collector (what a config reload makes).</summary>
    public LoadBalancingExporter Build(string yaml)
    {
        var (options, errors) = ExporterUnderTest.Bind(new LoadBalancingExporterFactory(), yaml);
        Assert.True(errors.Count == 0, "config errors:\n" + string.Join("\n", errors));
        Context = new ComponentContext(new ComponentId("loadbalancing", string.Empty), ComponentKind.Exporter, _loggerFactory) { Time = Clock, Meter = Meter };
        return new LoadBalancingExporter(Context, (LoadBalancingOptions)options, Backends.ClientFor, LookupAsync);
    }

    /// <summary>What the DNS answers from now on.</summary>
    public void Answer(params string[] addresses) => _answer = [.. addresses.Select(IPAddress.Parse)];

    /// <summary>Makes DNS lookups fail (true) or answer again (false).</summary>
    public void DnsFails(bool fails) => _dnsFails = fails;

    public async ValueTask DisposeAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Exporter.ShutdownAsync(deadline.Token);
        Meter.Dispose();
        _loggerFactory.Dispose();
    }

    private Task<IPAddress[]> LookupAsync(string hostname, CancellationToken cancellationToken)
        => _dnsFails
            ? Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound))
            : Task.FromResult(_answer);
}
