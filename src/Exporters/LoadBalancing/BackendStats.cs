namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>
/// One endpoint's send attempts: how many succeeded and failed (<c>otelcol_loadbalancer_backend_outcome</c>) and how long
/// they took (<c>otelcol_loadbalancer_backend_latency</c>, milliseconds, in the reference's buckets). Kept after the
/// backend leaves, so the counters never go down.
/// </summary>
public sealed class BackendStats
{
    /// <summary>Upper bounds of the latency buckets, in milliseconds (the reference's).</summary>
    public static readonly double[] Bounds = [0, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

    private readonly long[] _buckets = new long[Bounds.Length + 1];
    private long _successes;
    private long _failures;
    private long _sumMicros;

    /// <summary>Attempts the backend accepted.</summary>
    public long Successes => Interlocked.Read(ref _successes);

    /// <summary>Attempts that failed (retryable or not).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Attempts timed.</summary>
    public long Count => Successes + Failures;

    /// <summary>Sum of their latencies, in milliseconds.</summary>
    public double SumMilliseconds => Interlocked.Read(ref _sumMicros) / 1000.0;

    /// <summary>Attempts that took at most <see cref="Bounds"/>[<paramref name="bucket"/>] (cumulative; the last is +Inf).</summary>
    public long AtMost(int bucket)
    {
        long total = 0;
        for (int i = 0; i <= bucket; i++)
        {
            total += Interlocked.Read(ref _buckets[i]);
        }

        return total;
    }

    /// <summary>Records one attempt.</summary>
    public void Record(bool success, TimeSpan latency)
    {
        double ms = latency.TotalMilliseconds;
        int bucket = 0;
        while (bucket < Bounds.Length && ms > Bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Add(ref _sumMicros, (long)(latency.Ticks / 10));
        Interlocked.Increment(ref success ? ref _successes : ref _failures);
    }
}
