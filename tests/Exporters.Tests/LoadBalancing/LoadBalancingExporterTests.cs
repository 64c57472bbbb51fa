using MiniCollector.Exporters.LoadBalancing;
using MiniCollector.Pipeline.Consumers;

namespace MiniCollector.Exporters.Tests.LoadBalancing;

/// <summary>
/// The exporter over scripted backends on a fake clock: fan-out with one queue per backend, retries of only the failed
/// part, membership changes (dns and a reload's new build) that route undelivered data again without loss or duplicates.
/// </summary>
public sealed class LoadBalancingExporterTests
{
    private const string Retry = "retry_on_failure: {initial_interval: 1s, randomization_factor: 0, multiplier: 1, max_interval: 1s, max_elapsed_time: 0s}\n";

    private static string StaticList(params string[] hostnames) => $"resolver:\n  static:\n    hostnames: [{string.Join(", ", hostnames)}]\n" + Retry;

    private const string Dns = "resolver:\n  dns: {hostname: gateway.test, port: 4317, interval: 5s}\n" + Retry;

    private static void AssertEachSpanOnce(ScriptedBackends backends, int traces, int spansPerTrace, params string[] endpoints)
    {
        var all = endpoints.SelectMany(backends.SpansAt).ToList();
        Assert.Equal(traces * spansPerTrace, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());

        // Every trace whole at one backend.
        foreach (var trace in Enumerable.Range(0, traces))
        {
            Assert.Single(endpoints, e => backends.SpansAt(e).Any(s => s.StartsWith($"t{trace}-", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task A_request_is_split_over_the_backends_and_each_gets_only_its_traces()
    {
        await using var balancer = await BalancerUnderTest.StartAsync(StaticList("a:4317", "b:4317", "c:4317"));
        var request = LoadBalancerRequests.AsReceived(LoadBalancerRequests.Traces(90, 3, "checkout", "cart"));

        var answer = await balancer.Exporter.ConsumeAsync(request, CancellationToken.None);
        await balancer.Backends.WhenDeliveredAsync(270);

        Assert.Equal(ConsumeResult.Success, answer);
        AssertEachSpanOnce(balancer.Backends, 90, 3, "a:4317", "b:4317", "c:4317");
        Assert.All(["a:4317", "b:4317", "c:4317"], e => Assert.NotEmpty(balancer.Backends.SpansAt(e)));
        Assert.Equal(270, balancer.Exporter.Counters.SentItems);
    }

    [Fact]
    public async Task A_failing_backend_is_retried_with_its_part_only()
    {
        await using var balancer = await BalancerUnderTest.StartAsync(StaticList("a:4317", "b:4317", "c:4317"));
        balancer.Backends.Down("b:4317");
        var answer = await balancer.Exporter.ConsumeAsync(LoadBalancerRequests.AsReceived(LoadBalancerRequests.Traces(60, 2)), CancellationToken.None);
        var healthy = balancer.Backends.SpansAt("a:4317").Count + balancer.Backends.SpansAt("c:4317").Count;

        // b's part waits for its retry; the others were sent once and are not sent again.
        await balancer.Clock.TakeWhenArmedAsync(TimeSpan.FromSeconds(1));
        await balancer.Backends.WhenDeliveredAsync(120 - SpansOwnedBy(balancer, "b:4317", 60));
        balancer.Backends.Up("b:4317");
        balancer.Clock.Advance(TimeSpan.FromSeconds(1));
        await balancer.Backends.WhenDeliveredAsync(120);

        Assert.Equal(ConsumeResult.Success, answer);
        AssertEachSpanOnce(balancer.Backends, 60, 2, "a:4317", "b:4317", "c:4317");
        Assert.Equal(1, balancer.Backends.AttemptsAt("a:4317"));
        Assert.Equal(1, balancer.Backends.AttemptsAt("c:4317"));
        Assert.Equal(2, balancer.Backends.AttemptsAt("b:4317"));
        Assert.Equal((1, 1), (balancer.Exporter.EndpointStats["b:4317"].Successes, balancer.Exporter.EndpointStats["b:4317"].Failures));
    }

    [Fact]
    public async Task When_dns_drops_a_backend_its_queued_and_retrying_data_goes_to_the_others_once()
    {
        await using var balancer = await BalancerUnderTest.StartAsync(Dns, "10.0.0.1", "10.0.0.2", "10.0.0.3");
        Assert.Equal(["10.0.0.1:4317", "10.0.0.2:4317", "10.0.0.3:4317"], balancer.Exporter.Endpoints);
        balancer.Backends.Down("10.0.0.3:4317");
        int gone = SpansOwnedBy(balancer, "10.0.0.3:4317", 150);
        Assert.True(gone > 0);

        Assert.Equal(ConsumeResult.Success, await balancer.Exporter.ConsumeAsync(LoadBalancerRequests.AsReceived(LoadBalancerRequests.Traces(150, 2)), CancellationToken.None));
        await balancer.Backends.WhenDeliveredAsync(300 - gone);
        await balancer.Clock.TakeWhenArmedAsync(TimeSpan.FromSeconds(1));

        // The backend leaves: the next resolution takes it out of the ring and its part is routed again.
        balancer.Answer("10.0.0.1", "10.0.0.2");
        balancer.Clock.Advance(TimeSpan.FromSeconds(5));
        await balancer.Exporter.Dns!.WhenResolvedAsync(2);
        await balancer.Backends.WhenDeliveredAsync(300);

        Assert.Equal(["10.0.0.1:4317", "10.0.0.2:4317"], balancer.Exporter.Endpoints);
        Assert.Empty(balancer.Backends.SpansAt("10.0.0.3:4317"));
        AssertEachSpanOnce(balancer.Backends, 150, 2, "10.0.0.1:4317", "10.0.0.2:4317");
        Assert.Equal(0, balancer.Exporter.Counters.SendFailedItems);
        Assert.Equal(300, balancer.Exporter.Counters.SentItems);
        Assert.Contains(balancer.Logs.Entries, e => e.Message.Contains("Backend 10.0.0.3:4317 left", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_resolution_keeps_the_backends_and_is_counted()
    {
        await using var balancer = await BalancerUnderTest.StartAsync(Dns, "10.0.0.1", "10.0.0.2");
        balancer.DnsFails(true);

        balancer.Clock.Advance(TimeSpan.FromSeconds(5));
        await balancer.Exporter.Dns!.WhenResolvedAsync(2);

        Assert.Equal(["10.0.0.1:4317", "10.0.0.2:4317"], balancer.Exporter.Endpoints);
        var readings = balancer.Meter.Read();
        Assert.Equal(1, Value(readings, "otelcol_loadbalancer_num_resolutions", ("resolver", "dns"), ("success", "false")));
        Assert.Equal(1, Value(readings, "otelcol_loadbalancer_num_resolutions", ("resolver", "dns"), ("success", "true")));
        Assert.Equal(1, Value(readings, "otelcol_loadbalancer_num_backend_updates", ("resolver", "dns")));
        Assert.Equal(2, Value(readings, "otelcol_loadbalancer_num_backends", ("resolver", "dns")));
    }

    [Fact]
    public async Task Backend_outcomes_and_latency_are_reported_per_endpoint()
    {
        await using var balancer = await BalancerUnderTest.StartAsync(StaticList("a:4317", "b:4317"));
        await balancer.Exporter.ConsumeAsync(LoadBalancerRequests.AsReceived(LoadBalancerRequests.Traces(40, 1)), CancellationToken.None);
        await balancer.Backends.WhenDeliveredAsync(40);

        var readings = balancer.Meter.Read();
        Assert.Equal(1, Value(readings, "otelcol_loadbalancer_backend_outcome", ("endpoint", "a:4317"), ("success", "true")));
        Assert.Equal(1, Value(readings, "otelcol_loadbalancer_backend_outcome", ("endpoint", "b:4317"), ("success", "true")));
        Assert.Equal(1, Value(readings, "otelcol_loadbalancer_backend_latency_count", ("endpoint", "a:4317")));
        Assert.Equal(1, Value(readings, "otelcol_loadbalancer_backend_latency_bucket", ("endpoint", "a:4317"), ("le", "+Inf")));
        Assert.Equal(1, Value(readings, "otelcol_loadbalancer_num_resolutions", ("resolver", "static"), ("success", "true")));
        Assert.Equal(40, Value(readings, "otelcol_exporter_sent_spans", ("exporter", "loadbalancing")));
    }

    [Fact]
    public async Task A_new_build_takes_over_what_the_old_one_had_not_delivered()
    {
        await using var balancer = await BalancerUnderTest.StartAsync(StaticList("a:4317", "b:4317", "c:4317"));
        var old = balancer.Exporter;
        balancer.Backends.Down("c:4317");
        int gone = SpansOwnedBy(balancer, "c:4317", 120);
        await old.ConsumeAsync(LoadBalancerRequests.AsReceived(LoadBalancerRequests.Traces(120, 2)), CancellationToken.None);
        await balancer.Backends.WhenDeliveredAsync(240 - gone);
        await balancer.Clock.TakeWhenArmedAsync(TimeSpan.FromSeconds(1));

        // A reload, in the graph's order: the new build (without c) is made and named the old one's successor, the old
        // one stops, the new one starts.
        var next = balancer.Build(StaticList("a:4317", "b:4317"));
        old.SucceededBy(next);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await old.ShutdownAsync(deadline.Token);
        }

        Assert.Empty(balancer.Backends.SpansAt("c:4317"));
        await next.StartAsync(CancellationToken.None);

        await balancer.Backends.WhenDeliveredAsync(240);
        Assert.Empty(balancer.Backends.SpansAt("c:4317"));
        AssertEachSpanOnce(balancer.Backends, 120, 2, "a:4317", "b:4317");
        Assert.Equal(0, old.Counters.SendFailedItems);
        await next.ShutdownAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_request_one_backend_has_no_room_for_is_refused_whole_so_its_retry_duplicates_nothing()
    {
        // One sender per backend, 100 spans of queue each; b is down, so its parts wait: the first in b's sender, the
        // second in b's queue, and the third finds no room.
        await using var balancer = await BalancerUnderTest.StartAsync(StaticList("a:4317", "b:4317") + "sending_queue: {enabled: true, num_consumers: 1, queue_size: 100, sizer: items}\n");
        balancer.Backends.Down("b:4317");
        int atB = SpansOwnedBy(balancer, "b:4317", 60);
        Assert.InRange(atB, 51, 99);
        Assert.Equal(ConsumeResult.Success, await balancer.Exporter.ConsumeAsync(LoadBalancerRequests.AsReceived(Named(1, LoadBalancerRequests.Traces(60, 2))), CancellationToken.None));
        await balancer.Backends.WhenDeliveredAsync(120 - atB);
        await balancer.Clock.TakeWhenArmedAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(ConsumeResult.Success, await balancer.Exporter.ConsumeAsync(LoadBalancerRequests.AsReceived(Named(2, LoadBalancerRequests.Traces(60, 2))), CancellationToken.None));
        await balancer.Backends.WhenDeliveredAsync(2 * (120 - atB));

        var third = await balancer.Exporter.ConsumeAsync(LoadBalancerRequests.AsReceived(Named(3, LoadBalancerRequests.Traces(60, 2))), CancellationToken.None);

        Assert.Equal(ConsumeOutcome.Refused, third.Outcome);
        Assert.Contains("b:4317 is full; no part of the request was queued", third.Message);
        Assert.Equal(120, balancer.Exporter.Counters.EnqueueFailedItems);

        // b recovers; the client retries the refused request: everything arrives, once.
        balancer.Backends.Up("b:4317");
        balancer.Clock.Advance(TimeSpan.FromSeconds(1));
        await balancer.Backends.WhenDeliveredAsync(240);
        Assert.Equal(ConsumeResult.Success, await balancer.Exporter.ConsumeAsync(LoadBalancerRequests.AsReceived(Named(3, LoadBalancerRequests.Traces(60, 2))), CancellationToken.None));
        await balancer.Backends.WhenDeliveredAsync(360);
        var all = balancer.Backends.AllSpans;
        Assert.Equal(360, all.Count);
        Assert.Equal(360, all.Distinct().Count());
    }

    private static MiniCollector.Otlp.Collector.Trace.ExportTraceServiceRequest Named(int request, MiniCollector.Otlp.Collector.Trace.ExportTraceServiceRequest traces)
    {
        foreach (var span in traces.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
        {
            span.Name = $"r{request}-{span.Name}";
        }

        return traces;
    }

    [Fact]
    public async Task With_no_backend_data_is_refused_with_a_retryable_status()
    {
        await using var balancer = await BalancerUnderTest.StartAsync(Dns);

        var answer = await balancer.Exporter.ConsumeAsync(LoadBalancerRequests.AsReceived(LoadBalancerRequests.Traces(3, 1)), CancellationToken.None);

        Assert.Equal(ConsumeOutcome.Refused, answer.Outcome);
        Assert.Contains("no backends", answer.Message);
    }

    private static int SpansOwnedBy(BalancerUnderTest balancer, string endpoint, int traces)
    {
        var ring = new HashRing(balancer.Exporter.Endpoints);
        return Enumerable.Range(0, traces).Count(t => ring.EndpointFor(LoadBalancerRequests.TraceId(t).Span) == endpoint) * 2;
    }

    private static double Value(List<MiniCollector.Pipeline.Telemetry.SelfMetricReading> readings, string name, params (string Key, string Value)[] labels)
        => readings.Where(r => r.Name == name && labels.All(l => r.Labels.Any(x => x.Key == l.Key && x.Value == l.Value))).Sum(r => r.Value);
}
