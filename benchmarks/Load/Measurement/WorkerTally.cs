namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>One caller's counts and latencies; each caller owns one, so recording needs no locks.</summary>
public sealed class WorkerTally
{
    private const int MaxErrorSamples = 5;

    /// <summary>Latencies of successful calls, in milliseconds.</summary>
    public List<double> Latencies { get; } = new(capacity: 4096);

    /// <summary>Successful calls.</summary>
    public long Ok { get; private set; }

    /// <summary>Failed calls.</summary>
    public long Failed { get; private set; }

    /// <summary>Whether the caller stopped because it had made as many calls as it may.</summary>
    public bool BudgetReached { get; set; }

    /// <summary>The first few distinct failure reasons.</summary>
    public List<string> ErrorSamples { get; } = [];

    /// <summary>Records a successful call.</summary>
    public void Success(double milliseconds)
    {
        Ok++;
        Latencies.Add(milliseconds);
    }

    /// <summary>Records a failed call.</summary>
    public void Failure(string reason)
    {
        Failed++;
        if (ErrorSamples.Count < MaxErrorSamples && !ErrorSamples.Contains(reason))
        {
            ErrorSamples.Add(reason);
        }
    }
}
