using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Extensions.FileStorage;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Storage;

namespace MiniCollector.Pipeline.Tests.Extensions.FileStorage;

/// <summary>Opening queues in temporary directories, deterministic payloads, and looking at the files behind them.</summary>
internal static class QueueTesting
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    public static FileQueue Open(string directory, ILogger? logger = null, bool fsync = false, long segmentSize = FileQueueSettings.DefaultSegmentSize, SegmentIo? io = null, TimeSpan? lockTimeout = null)
        => FileQueue.Open(directory, new FileQueueSettings(fsync, lockTimeout ?? TimeSpan.FromSeconds(1), TimeProvider.System, segmentSize), logger ?? NullLogger.Instance, io);

    /// <summary>The payload of request <paramref name="index"/>: <paramref name="size"/> bytes derived from the index.</summary>
    public static byte[] PayloadOf(int index, int size)
    {
        var bytes = new byte[size];
        var random = new Random(index);
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Appends request <paramref name="index"/>, its payload handed over in two parts as a merged batch is.</summary>
    public static async Task<StoredRecord> Append(IPersistentQueue queue, int index, int size = 100, Signal signal = Signal.Traces)
    {
        var bytes = PayloadOf(index, size);
        int cut = size / 3;
        ReadOnlyMemory<byte>[] parts = [bytes.AsMemory(0, cut), bytes.AsMemory(cut)];
        return await queue.AppendAsync(signal, index, parts, CancellationToken.None).AsTask().WaitAsync(HangGuard);
    }

    /// <summary>Reads a record and checks it is request <paramref name="index"/>.</summary>
    public static async Task AssertHolds(IPersistentQueue queue, StoredRecord record, int index, int size = 100)
    {
        var bytes = await queue.ReadAsync(record, CancellationToken.None).AsTask().WaitAsync(HangGuard);
        Assert.Equal(PayloadOf(index, size), bytes);
        Assert.Equal(index, record.ItemCount);
    }

    public static string[] SegmentFiles(string directory)
        => [.. Directory.GetFiles(directory, "*" + SegmentFile.Extension).Order(StringComparer.Ordinal)];

    /// <summary>What the queue's files take on disk, as <see cref="IPersistentQueue.SizeOnDisk"/> should say.</summary>
    public static long FilesSize(string directory)
        => SegmentFiles(directory).Sum(f => new FileInfo(f).Length) + new FileInfo(Path.Combine(directory, CheckpointFile.FileName)).Length;

    /// <summary>
    /// Copies a queue directory while its queue is open, as a crash would leave it: what the process wrote to the
    /// operating system is there, nothing it still held in memory is.
    /// </summary>
    public static void CopyAsCrashLeavesIt(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            if (Path.GetFileName(file) != QueueLock.FileName)
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
        }
    }

    /// <summary>Polls (a hang guard, not a timing) until the condition holds.</summary>
    public static Task Eventually(Func<bool> condition, string what) => Eventually(() => Task.FromResult(condition()), what);

    /// <summary>Polls (a hang guard, not a timing) until the condition holds.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + HangGuard;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting until " + what);
            await Task.Delay(5);
        }
    }

    /// <summary>Flips one bit of a file at <paramref name="offset"/>.</summary>
    public static void FlipByte(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x10));
    }
}
