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
