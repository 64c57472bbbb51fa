namespace MiniCollector.Exporters.Debug;

/// <summary>
/// Per-second sampling as the reference's logger does it: the first <c>initial</c> entries of each second pass,
/// then every <c>thereafter</c>-th.
/// </summary>
internal sealed class DebugSampler(int initial, int thereafter, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _second = long.MinValue;
    private long _count;

    /// <summary>True when this entry should be printed.</summary>
    public bool ShouldPrint()
    {
        long second = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_lock)
        {
            if (second != _second)
            {
                _second = second;
                _count = 0;
            }

            _count++;
            return _count <= initial || (_count - initial) % thereafter == 0;
        }
    }
}
