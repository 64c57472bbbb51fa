using MiniCollector.Extensions.FileStorage;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Storage;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.Extensions.FileStorage.QueueTesting;

namespace MiniCollector.Pipeline.Tests.Extensions.FileStorage;

/// <summary>Appending, reading, completing, reopening and reclaiming a persistent queue on real files.</summary>
public sealed class FileQueueTests : IDisposable
{
    private readonly TempDir _temp = new();

    private string Dir => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Reopening_recovers_exactly_the_uncompleted_records_in_order_with_their_payloads()
    {
        var sizes = new[] { 100, 0, 1, 5000, 100, 64 * 1024, 3, 100, 77, 100 };
        var signals = new[] { Signal.Traces, Signal.Metrics, Signal.Logs };
        var records = new List<StoredRecord>();
        await using (var queue = Open(Dir))
        {
            Assert.Empty(queue.Recovered);
            for (int i = 0; i < sizes.Length; i++)
            {
                records.Add(await Append(queue, i, sizes[i], signals[i % 3]));
            }

            queue.Complete(records[0]);
            queue.Complete(records[1]);
            queue.Complete(records[2]);
        }

        await using var reopened = Open(Dir);
        Assert.Equal(0, reopened.CorruptRecordsSkipped);
        Assert.Equal(records.Skip(3), reopened.Recovered);
        for (int i = 3; i < sizes.Length; i++)
        {
            var recovered = reopened.Recovered[i - 3];
            Assert.Equal(signals[i % 3], recovered.Signal);
            await AssertHolds(reopened, recovered, i, sizes[i]);
        }

        var next = await Append(reopened, 99);
        Assert.True(next.Sequence > records[^1].Sequence);
    }

    [Fact]
    public async Task Sequences_increase_and_records_read_back_while_appends_continue()
    {
        await using var queue = Open(Dir, segmentSize: 16 * 1024);
        var appenders = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var mine = new List<(int Index, StoredRecord Record)>();
            for (int i = 0; i < 40; i++)
            {
                int index = (worker * 1000) + i;
                var record = await Append(queue, index, 700);
                await AssertHolds(queue, record, index, 700);
                mine.Add((index, record));
            }

            return mine;
        })).ToArray();
        var all = (await Task.WhenAll(appenders).WaitAsync(HangGuard)).SelectMany(r => r).ToList();

        Assert.Equal(all.Count, all.Select(r => r.Record.Sequence).Distinct().Count());
        foreach (var (index, record) in all)
        {
            await AssertHolds(queue, record, index, 700);
        }

        Assert.True(SegmentFiles(Dir).Length > 1, "the records should span several segments");
    }

    [Fact]
    public async Task Completions_out_of_order_advance_the_checkpoint_to_the_oldest_incomplete_record()
    {
        var records = new List<StoredRecord>();
        await using (var queue = Open(Dir))
        {
            for (int i = 0; i < 5; i++)
            {
                records.Add(await Append(queue, i));
            }

            queue.Complete(records[3]);
            queue.Complete(records[1]);
            queue.Complete(records[0]);
        }

        // 0 and 1 are behind the checkpoint; 3 completed after the oldest incomplete one (2), so it comes again.
        await using var reopened = Open(Dir);
        Assert.Equal([records[2], records[3], records[4]], reopened.Recovered);
    }

    [Fact]
    public async Task The_checkpoint_survives_reopening_until_everything_is_complete()
    {
        var records = new List<StoredRecord>();
        await using (var queue = Open(Dir))
        {
            for (int i = 0; i < 3; i++)
            {
                records.Add(await Append(queue, i));
            }

            queue.Complete(records[0]);
            queue.Complete(records[1]);
        }

        await using (var second = Open(Dir))
        {
            Assert.Equal([records[2]], second.Recovered);
        }

        await using (var third = Open(Dir))
        {
            var recovered = Assert.Single(third.Recovered);
            await AssertHolds(third, recovered, 2);
            third.Complete(recovered);
        }

        await using var fourth = Open(Dir);
        Assert.Empty(fourth.Recovered);
        Assert.Empty(SegmentFiles(Dir));
        Assert.True((await Append(fourth, 9)).Sequence > records[2].Sequence);
    }

    [Fact]
    public async Task An_acknowledged_append_is_in_the_files_before_anything_is_closed()
    {
        await using var queue = Open(Dir, segmentSize: 4096);
        var records = new List<StoredRecord>();
        for (int i = 0; i < 30; i++)
        {
            records.Add(await Append(queue, i, 500));
        }

        var crashed = Path.Combine(Dir, "crashed");
        CopyAsCrashLeavesIt(Dir, crashed);
        await using var recovered = Open(crashed);

        Assert.Equal(records, recovered.Recovered);
        Assert.Equal(0, recovered.CorruptRecordsSkipped);
        await AssertHolds(recovered, recovered.Recovered[29], 29, 500);
    }

    [Fact]
    public async Task Completions_reach_the_checkpoint_without_waiting_for_close()
    {
        await using var queue = Open(Dir);
        var records = new List<StoredRecord>();
        for (int i = 0; i < 10; i++)
        {
            records.Add(await Append(queue, i));
        }

        for (int i = 0; i < 6; i++)
        {
            queue.Complete(records[i]);
        }

        int attempt = 0;
        await Eventually(
            async () =>
            {
                var crashed = Path.Combine(Dir, "crashed" + attempt++);
                CopyAsCrashLeavesIt(Dir, crashed);
                await using var copy = Open(crashed);
                return copy.Recovered.SequenceEqual(records.Skip(6));
            },
            "the checkpoint covers the six completed records");
    }

    [Fact]
    public async Task Complete_segments_are_deleted_and_size_on_disk_drops()
    {
        await using var queue = Open(Dir, segmentSize: 4096);
        var records = new List<StoredRecord>();
        for (int i = 0; i < 24; i++)
        {
            records.Add(await Append(queue, i, 1000));
        }

        var segments = SegmentFiles(Dir);
        Assert.True(segments.Length >= 5, $"expected several segments, found {segments.Length}");
        long full = queue.SizeOnDisk;
        Assert.Equal(FilesSize(Dir), full);

        // Completing only the second segment's records deletes that file, even though older records are pending.
        var second = records.Where(r => r.Segment == records.Select(x => x.Segment).Distinct().ElementAt(1)).ToList();
        foreach (var record in second)
        {
            queue.Complete(record);
        }

        await Eventually(() => !File.Exists(segments[1]), "the complete second segment is deleted");
        Assert.True(File.Exists(segments[0]));
        Assert.True(queue.SizeOnDisk < full);

        foreach (var record in records)
        {
            queue.Complete(record);
        }

        await Eventually(() => SegmentFiles(Dir).Length == 1, "every sealed segment is deleted");
        Assert.Equal(FilesSize(Dir), queue.SizeOnDisk);
        Assert.True(queue.SizeOnDisk <= 4096 + 1000 + CheckpointFile.FileSize);

        await queue.DisposeAsync();
        Assert.Empty(SegmentFiles(Dir));
    }

    [Fact]
    public async Task Completing_twice_or_completing_unknown_records_changes_nothing()
    {
        var records = new List<StoredRecord>();
        await using (var queue = Open(Dir))
        {
            for (int i = 0; i < 3; i++)
            {
                records.Add(await Append(queue, i));
            }

            queue.Complete(records[0]);
            queue.Complete(records[0]);
            queue.Complete(records[0] with { Sequence = 12345 });
        }

        await using var reopened = Open(Dir);
        Assert.Equal(records.Skip(1), reopened.Recovered);
    }

    [Fact]
    public async Task Appending_after_dispose_or_with_a_cancelled_token_is_refused_and_writes_nothing()
    {
        var queue = Open(Dir);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await queue.AppendAsync(Signal.Logs, 1, [new byte[] { 1 }], cancelled.Token));
        await queue.DisposeAsync();
        await queue.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await queue.AppendAsync(Signal.Logs, 1, [new byte[] { 1 }], CancellationToken.None));
        Assert.Empty(SegmentFiles(Dir));
    }

    [Fact]
    public async Task Reading_a_record_whose_segment_is_gone_fails_clearly()
    {
        await using var queue = Open(Dir);
        var record = await Append(queue, 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await queue.ReadAsync(record with { Segment = 999 }, CancellationToken.None));
        Assert.Contains("not in the persistent queue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_it_creates_are_readable_by_their_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var queue = Open(Dir);
        await Append(queue, 1);

        var expected = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(expected, File.GetUnixFileMode(Assert.Single(SegmentFiles(Dir))));
        Assert.Equal(expected, File.GetUnixFileMode(Path.Combine(Dir, CheckpointFile.FileName)));
        Assert.Equal(expected, File.GetUnixFileMode(Path.Combine(Dir, QueueLock.FileName)));
    }
}
