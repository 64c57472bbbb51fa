using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>
/// The reference's <c>otelcol_loadbalancer_*</c> self-metrics. The latency histogram is reported as its Prometheus series
/// (<c>_bucket</c> by <c>le</c>, <c>_sum</c>, <c>_count</c>), counters each, as the collector's meter keeps counters and gauges.
/// </summary>
internal static class LoadBalancerTelemetry
{
    /// <summary>Registers the resolver's and the backends' metrics.</summary>
    public static void Register(CollectorMeter meter, IBackendResolver resolver, Func<long> backends, Func<IEnumerable<KeyValuePair<string, BackendStats>>> endpoints)
    {
        var name = Label.Of("resolver", resolver.Name);
        var stats = resolver.Stats;
        meter.Gauge("otelcol_loadbalancer_num_backends", "{backends}", "Current number of backends in use.", backends, name);
        meter.Counter("otelcol_loadbalancer_num_resolutions", "{resolutions}", "Number of times the resolver has triggered new resolutions.", () => stats.Succeeded, name, Label.Of("success", "true"));
        meter.Counter("otelcol_loadbalancer_num_resolutions", "{resolutions}", "Number of times the resolver has triggered new resolutions.", () => stats.Failed, name, Label.Of("success", "false"));
        meter.Counter("otelcol_loadbalancer_num_backend_updates", "{updates}", "Number of times the list of backends was updated.", () => stats.Updates, name);

        meter.CounterBy("otelcol_loadbalancer_backend_outcome", "{outcomes}", "Number of successes and failures for each endpoint.", "endpoint", () => By(endpoints, s => s.Successes), Label.Of("success", "true"));
        meter.CounterBy("otelcol_loadbalancer_backend_outcome", "{outcomes}", "Number of successes and failures for each endpoint.", "endpoint", () => By(endpoints, s => s.Failures), Label.Of("success", "false"));

        const string Latency = "Response latency in ms for the backends.";
        for (int b = 0; b <= BackendStats.Bounds.Length; b++)
        {
            int bucket = b;
            var le = bucket < BackendStats.Bounds.Length ? BackendStats.Bounds[bucket].ToString(System.Globalization.CultureInfo.InvariantCulture) : "+Inf";
            meter.CounterBy("otelcol_loadbalancer_backend_latency_bucket", "ms", Latency, "endpoint", () => By(endpoints, s => s.AtMost(bucket)), Label.Of("le", le));
        }

        meter.CounterBy("otelcol_loadbalancer_backend_latency_count", "ms", Latency, "endpoint", () => By(endpoints, s => s.Count));
        meter.CounterBy("otelcol_loadbalancer_backend_latency_sum", "ms", Latency, "endpoint", () => By(endpoints, s => (long)s.SumMilliseconds));
    }

    private static List<KeyValuePair<string, long>> By(Func<IEnumerable<KeyValuePair<string, BackendStats>>> endpoints, Func<BackendStats, long> read)
        => [.. endpoints().Select(e => new KeyValuePair<string, long>(e.Key, read(e.Value)))];
}
