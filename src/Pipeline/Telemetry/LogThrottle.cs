namespace MiniCollector.Pipeline.Telemetry;

/// <summary>
/// Lets a repeated log line through at most once per interval, so a refusal under sustained overload is one line with
/// a running count, not a line per request.
/// </summary>
public sealed class LogThrottle(TimeProvider time, TimeSpan interval)
{
    private long _last = long.MinValue;

    /// <summary>True when the line may be written now (and starts a new interval).</summary>
    public bool Allow()
    {
        long now = time.GetTimestamp();
        long last = Interlocked.Read(ref _last);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < interval)
        {
            return false;
        }

        return Interlocked.CompareExchange(ref _last, now, last) == last;
    }
}
