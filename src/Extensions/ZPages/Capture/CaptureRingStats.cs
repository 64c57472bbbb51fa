namespace MiniCollector.Extensions.ZPages.Capture;

/// <summary>
/// What a capture ring holds: the bound and the bytes charged against it (payload plus 64 B per request), the memory
/// actually held (the buffer and its index), and the counts of requests captured, evicted and too large to keep.
/// </summary>
internal sealed record CaptureRingStats(
    long CapacityBytes,
    long UsedBytes,
    int Requests,
    long Captured,
    long Evicted,
    long TooLarge,
    long HeldBytes,
    long OldestUnixNano);
