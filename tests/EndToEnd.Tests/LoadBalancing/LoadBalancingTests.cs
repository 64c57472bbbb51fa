using System.Diagnostics;
using MiniCollector.EndToEnd.Tests.TestSupport;
using MiniCollector.Exporters.LoadBalancing;
using MiniCollector.Pipeline.Components;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.LoadBalancing;

/// <summary>
/// A loadbalancing collector in front of three downstream collectors on loopback; the .NET SDK sends traces of three
/// spans each. Every trace arrives whole at one backend, the traces spread near evenly, and when a backend stops and a
/// reload takes it out of the static list, no acknowledged span is lost or arrives twice.
/// </summary>
public sealed class LoadBalancingTests
{
    private const int SpansPerTrace = 3;

    private static string BalancerConfig(IEnumerable<string> backends) => $"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
        exporters:
          loadbalancing:
            protocol:
              otlp:
                timeout: 2s
                tls:
                  insecure: true
                retry_on_failure:
                  initial_interval: 100ms
                  max_interval: 500ms
                  max_elapsed_time: 0
            resolver:
              static:
                hostnames: [{string.Join(", ", backends)}]
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [loadbalancing]
        """;

    // Sends traces named t{first}..t{first+count-1}, spans t{i}-s{j}, with the SDK; true when the SDK's flush succeeded.
    private static bool SendTraces(string grpcUrl, int first, int count)
    {
        var source = "lb-test-" + Guid.NewGuid().ToString("N");
        using var provider = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("checkout"))
            .AddSource(source)
            .AddOtlpExporter(o =>
            {
                o.Protocol = OtlpExportProtocol.Grpc;
                o.Endpoint = new Uri(grpcUrl);
                o.BatchExportProcessorOptions = new BatchExportActivityProcessorOptions { MaxQueueSize = 10_000, MaxExportBatchSize = 512 };
            })
            .Build();
        using (var activities = new ActivitySource(source))
        {
            for (int t = first; t < first + count; t++)
            {
                using var root = activities.StartActivity($"t{t}-s0", ActivityKind.Server);
                for (int s = 1; s < SpansPerTrace; s++)
                {
                    activities.StartActivity($"t{t}-s{s}")?.Dispose();
                }
            }
        }

        return provider.ForceFlush(30_000);
    }

    private static async Task<(TestCollector Collector, CountingExporter Counting)> StartBackendAsync()
    {
        var counting = new CountingExporterFactory();
        var collector = await TestCollector.StartAsync(DownstreamConfig(), counting);
        return (collector, counting.Instance);
    }

    // Which backend each trace's spans arrived at; fails if a trace's spans are split or a span arrived twice.
    private static Dictionary<int, int> TraceOwners(IReadOnlyList<CountingExporter> backends)
    {
        var owners = new Dictionary<int, int>();
        for (int b = 0; b < backends.Count; b++)
        {
            Assert.Empty(backends[b].Duplicates);
            foreach (var key in backends[b].Arrivals.Keys)
            {
                int trace = int.Parse(key["span:t".Length..key.IndexOf('-', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(b, owners.TryAdd(trace, b) ? b : owners[trace]);
            }
        }

        return owners;
    }

    private static int Spans(IReadOnlyList<CountingExporter> backends) => backends.Sum(b => b.Count("span:"));

    [Fact]
    public async Task Every_trace_arrives_whole_at_one_backend_and_a_thousand_traces_spread_near_evenly()
    {
        var started = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => StartBackendAsync()));
        await using var b0 = started[0].Collector;
        await using var b1 = started[1].Collector;
        await using var b2 = started[2].Collector;
        var counting = started.Select(s => s.Counting).ToList();
        await using var balancer = await TestCollector.StartAsync(BalancerConfig(started.Select(s => HostPort(s.Collector.GrpcUrl))));

        Assert.True(SendTraces(balancer.GrpcUrl, 0, 1000));
        await WaitUntilAsync(() => Spans(counting) >= 3000, () => $"{Spans(counting)} of 3000 spans arrived");

        var owners = TraceOwners(counting);
        Assert.Equal(1000, owners.Count);
        Assert.Equal(3000, Spans(counting));
        for (int b = 0; b < 3; b++)
        {
            int traces = owners.Values.Count(o => o == b);
            Assert.InRange(traces, 200, 470);
        }

        var exporter = Assert.IsType<LoadBalancingExporter>(balancer.Host.Graph.Exporters[new ComponentId("loadbalancing", string.Empty)]);
        Assert.Equal(3000, exporter.Counters.SentItems);
    }

    [Fact]
    public async Task A_backend_stopped_mid_run_and_reloaded_out_of_the_list_loses_and_duplicates_no_acknowledged_span()
    {
        var started = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => StartBackendAsync()));
        await using var b0 = started[0].Collector;
        await using var b1 = started[1].Collector;
        var b2 = started[2].Collector;
        var counting = started.Select(s => s.Counting).ToList();
        var endpoints = started.Select(s => HostPort(s.Collector.GrpcUrl)).ToList();
        await using var balancer = await TestCollector.StartAsync(BalancerConfig(endpoints));

        // 1. All three serve.
        Assert.True(SendTraces(balancer.GrpcUrl, 0, 300));
        await WaitUntilAsync(() => Spans(counting) >= 900, () => $"{Spans(counting)} of 900 spans arrived");
        var beforeStop = counting[2].Count("span:");
        Assert.True(beforeStop > 0);

        // 2. The third stops; the balancer still acknowledges, its share waiting for retries.
        await b2.DisposeAsync();
        Assert.True(SendTraces(balancer.GrpcUrl, 300, 300));
        await WaitUntilAsync(() => balancer.Logs.TextOf("exporter/loadbalancing").Contains("will retry", StringComparison.Ordinal), () => "the balancer should be retrying the stopped backend");

        // 3. A reload takes it out of the list: what waited for it goes to the two others.
        var outcome = await balancer.ReloadAsync(BalancerConfig(endpoints.Take(2)));
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Problems));
        Assert.True(SendTraces(balancer.GrpcUrl, 600, 300));

        await WaitUntilAsync(() => Spans(counting) >= 2700, () => $"{Spans(counting)} of 2700 spans arrived: per backend {string.Join(", ", counting.Select(c => c.Count("span:")))}; missing {string.Join(",", Enumerable.Range(0, 900).Where(t => !counting.Any(c => c.Arrivals.ContainsKey($"span:t{t}-s0"))).Take(20))}\n{balancer.Logs.TextOf("exporter/loadbalancing")}");
        var owners = TraceOwners(counting);
        Assert.Equal(900, owners.Count);
        Assert.Equal(2700, Spans(counting));
        Assert.Equal(beforeStop, counting[2].Count("span:"));
        Assert.All(owners.Where(o => o.Key >= 300), o => Assert.NotEqual(2, o.Value));
    }
}
