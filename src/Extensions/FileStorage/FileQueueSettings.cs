namespace MiniCollector.Extensions.FileStorage;

/// <summary>How a queue directory is opened and written.</summary>
/// <param name="Fsync">Whether an append waits for fsync (survives power loss) or only for the write (survives a crash).</param>
/// <param name="LockTimeout">How long to wait for another process's lock on the directory.</param>
/// <param name="Time">The clock <paramref name="LockTimeout"/> runs on (the extension's).</param>
/// <param name="SegmentSize">Size past which a new segment file is started.</param>
internal sealed record FileQueueSettings(bool Fsync, TimeSpan LockTimeout, TimeProvider Time, long SegmentSize = FileQueueSettings.DefaultSegmentSize)
{
    /// <summary>Small enough that a delivered segment is reclaimed soon, large enough that files stay few.</summary>
    public const long DefaultSegmentSize = 8L << 20;
}
