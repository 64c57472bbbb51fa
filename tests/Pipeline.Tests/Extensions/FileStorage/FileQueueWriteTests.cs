using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Storage;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.Extensions.FileStorage.QueueTesting;

namespace MiniCollector.Pipeline.Tests.Extensions.FileStorage;

/// <summary>Group commit, and failed writes or fsyncs leaving the log as it was.</summary>
public sealed class FileQueueWriteTests : IDisposable
{
    private readonly TempDir _temp = new();

    private string Dir => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_segment_that_fills_inside_a_write_is_not_reclaimed_before_the_records_just_written_to_it_count()
    {
        // Segment 1 takes a (74 bytes with its header) and d (116); the next write's b ends it at 208 of 200 bytes and
        // c opens segment 2, in one batch.
        var io = new ScriptedIo();
        await using var queue = Open(Dir, fsync: true, segmentSize: 200, io: io);
        var a = await Append(queue, 1, size: 10);
        io.HoldNext(ScriptedIo.IoCall.Write);
        var d = Append(queue, 2, size: 10);
        await io.Entered.WaitAsync(HangGuard);
        var b = Append(queue, 3, size: 60);
        var c = Append(queue, 4, size: 60);

        // Let d through (its fsync passes) and hold the fsync of b and c's batch: segment 1 is full, b not yet counted.
        io.HoldNext(ScriptedIo.IoCall.Flush, skip: 1);
        io.Release();
        var dRecord = await d.WaitAsync(HangGuard);
        await io.Entered.WaitAsync(HangGuard);

        // Everything segment 1 held so far is delivered while b, in it too, is being made durable.
        queue.Complete(a);
        queue.Complete(dRecord);
        io.Release();
        var bRecord = await b.WaitAsync(HangGuard);
        var cRecord = await c.WaitAsync(HangGuard);
        Assert.Equal(a.Segment, bRecord.Segment);
        Assert.NotEqual(bRecord.Segment, cRecord.Segment);

        // A later append makes the writer reclaim what it may; b must still be there.
        await Append(queue, 5, size: 10);
        await AssertHolds(queue, bRecord, 3, size: 60);
        await AssertHolds(queue, cRecord, 4, size: 60);
        Assert.Equal(2, SegmentFiles(Dir).Length);
    }

    [Fact]
    public async Task Appends_arriving_during_an_fsync_share_the_next_one()
    {
        var io = new ScriptedIo();
        await using var queue = Open(Dir, fsync: true, io: io);
        io.HoldNext(ScriptedIo.IoCall.Flush);
        var first = Append(queue, 0);
        await io.Entered.WaitAsync(HangGuard);

        // AppendAsync queues before it returns, so all of these wait behind the held fsync.
        const int Concurrent = 100;
        var others = Enumerable.Range(1, Concurrent).Select(i => Append(queue, i)).ToArray();
        Assert.All(others, t => Assert.False(t.IsCompleted));
        io.Release();
        var records = await Task.WhenAll([first, .. others]).WaitAsync(HangGuard);

        Assert.Equal(Concurrent + 1, records.Select(r => r.Sequence).Distinct().Count());
        Assert.Equal(2, queue.FsyncCount);
        for (int i = 0; i <= Concurrent; i++)
        {
            await AssertHolds(queue, records[i], i);
        }
    }

    [Fact]
    public async Task Every_append_with_fsync_is_fsynced_before_it_completes()
    {
        await using var queue = Open(Dir, fsync: true);
        Assert.Equal(0, queue.FsyncCount);
        await Append(queue, 1);
        Assert.Equal(1, queue.FsyncCount);
        await Append(queue, 2);
        Assert.Equal(2, queue.FsyncCount);
    }

    [Fact]
    public async Task Without_fsync_no_append_waits_for_one()
    {
        await using var queue = Open(Dir);
        await Append(queue, 1);
        Assert.Equal(0, queue.FsyncCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task A_write_failing_part_way_fails_its_append_and_leaves_the_log_as_it_was(int before)
    {
        var io = new ScriptedIo();
        var good = new List<StoredRecord>();
        await using (var queue = Open(Dir, io: io))
        {
            for (int i = 0; i < before; i++)
            {
                good.Add(await Append(queue, i));
            }

            long length = SegmentFiles(Dir).Sum(f => new FileInfo(f).Length);
            io.FailWrites(1);
            var error = await Assert.ThrowsAsync<IOException>(() => Append(queue, 50));
            Assert.Equal("No space left on device", error.Message);
            Assert.Equal(length, SegmentFiles(Dir).Sum(f => new FileInfo(f).Length));
            Assert.Equal(FilesSize(Dir), queue.SizeOnDisk);

            for (int i = 100; i < 103; i++)
            {
                var record = await Append(queue, i);
                await AssertHolds(queue, record, i);
                good.Add(record);
            }
        }

        await using var reopened = Open(Dir);
        Assert.Equal(0, reopened.CorruptRecordsSkipped);
        Assert.Equal(good, reopened.Recovered);
    }

    [Fact]
    public async Task A_failed_write_fails_every_append_it_carried_and_only_those()
    {
        var io = new ScriptedIo();
        await using var queue = Open(Dir, io: io);
        io.HoldNext(ScriptedIo.IoCall.Write);
        var held = Append(queue, 0);
        await io.Entered.WaitAsync(HangGuard);

        var carried = Enumerable.Range(1, 5).Select(i => queue.AppendAsync(Signal.Logs, i, [PayloadOf(i, 100)], CancellationToken.None).AsTask()).ToArray();
        io.FailWrites(1);
        io.Release();

        await held.WaitAsync(HangGuard);
        foreach (var append in carried)
        {
            await Assert.ThrowsAsync<IOException>(() => append.WaitAsync(HangGuard));
        }

        var after = await Append(queue, 9);
        await AssertHolds(queue, after, 9);
        Assert.Equal(FilesSize(Dir), queue.SizeOnDisk);
    }

    [Fact]
    public async Task A_failed_fsync_fails_its_appends_and_cuts_their_records_off()
    {
        var io = new ScriptedIo();
        var good = new List<StoredRecord>();
        await using (var queue = Open(Dir, fsync: true, io: io))
        {
            good.Add(await Append(queue, 0));
            long length = SegmentFiles(Dir).Sum(f => new FileInfo(f).Length);
            io.FailFlushes(1);
            await Assert.ThrowsAsync<IOException>(() => Append(queue, 1));
            Assert.Equal(length, SegmentFiles(Dir).Sum(f => new FileInfo(f).Length));
            good.Add(await Append(queue, 2));
        }

        await using var reopened = Open(Dir);
        Assert.Equal(0, reopened.CorruptRecordsSkipped);
        Assert.Equal(good, reopened.Recovered);
    }
}
