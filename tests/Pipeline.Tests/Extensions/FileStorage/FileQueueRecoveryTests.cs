using Microsoft.Extensions.Logging;
using MiniCollector.Extensions.FileStorage;
using MiniCollector.Pipeline.Storage;
using MiniCollector.Pipeline.Tests.MemoryLimiter;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.Extensions.FileStorage.QueueTesting;

namespace MiniCollector.Pipeline.Tests.Extensions.FileStorage;

/// <summary>
/// Opening a queue whose files a crash or the disk damaged: what can be read is delivered, the rest is skipped and
/// counted, one error is logged, and the queue goes on working. Opening never throws for bad contents.
/// </summary>
public sealed class FileQueueRecoveryTests : IDisposable
{
    // 500-byte records in 2 KiB segments: four records a segment.
    private const int Size = 500;
    private const long SegmentSize = 2048;

    private readonly TempDir _temp = new();
    private readonly LogCapture _logs = new();

    private string Dir => _temp.Path;

    public void Dispose() => _temp.Dispose();

    private FileQueue OpenLogged() => Open(Dir, _logs.CreateLogger("extension/file_storage"), segmentSize: SegmentSize);

    private int Errors => _logs.Entries.Count(e => e.Level == LogLevel.Error);

    private async Task<List<StoredRecord>> Fill(int count)
    {
        var records = new List<StoredRecord>();
        await using var queue = OpenLogged();
        for (int i = 0; i < count; i++)
        {
            records.Add(await Append(queue, i, Size));
        }

        Assert.Equal(3, records.Select(r => r.Segment).Distinct().Count());
        return records;
    }

    private string PathOf(StoredRecord record) => Path.Combine(Dir, SegmentFile.FileName(record.Segment));

    private async Task AssertRecovered(FileQueue queue, IEnumerable<int> indexes, List<StoredRecord> records)
    {
        var expected = indexes.Select(i => records[i]).ToList();
        Assert.Equal(expected, queue.Recovered);
        foreach (var record in queue.Recovered)
        {
            await AssertHolds(queue, record, record.ItemCount, Size);
        }
    }

    // After the damage was dealt with, new appends work and both they and what was recovered come back next time.
    private async Task AssertKeepsWorking(FileQueue queue)
    {
        var before = queue.Recovered.ToList();
        var added = await Append(queue, 1000, Size);
        await queue.DisposeAsync();
        int errorsBefore = Errors;

        await using var reopened = OpenLogged();
        Assert.Equal([.. before, added], reopened.Recovered);
        Assert.Equal(0, reopened.CorruptRecordsSkipped);
        Assert.Equal(errorsBefore, Errors);
        await AssertHolds(reopened, reopened.Recovered[^1], 1000, Size);
    }

    [Fact]
    public async Task A_torn_tail_loses_only_the_record_cut_short()
    {
        var records = await Fill(12);
        var last = records[^1];
        using (var file = new FileStream(PathOf(last), FileMode.Open))
        {
            file.SetLength(last.Offset + RecordFormat.RecordHeaderSize + 10);
        }

        var queue = OpenLogged();
        Assert.Equal(1, queue.CorruptRecordsSkipped);
        Assert.Equal(1, Errors);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("1 cut short", StringComparison.Ordinal));
        await AssertRecovered(queue, Enumerable.Range(0, 11), records);
        Assert.Equal(last.Offset, new FileInfo(PathOf(last)).Length);
        await AssertKeepsWorking(queue);
    }

    [Fact]
    public async Task A_header_cut_short_is_a_torn_tail_too()
    {
        var records = await Fill(12);
        using (var file = new FileStream(PathOf(records[^1]), FileMode.Open))
        {
            file.SetLength(records[^1].Offset + 7);
        }

        var queue = OpenLogged();
        Assert.Equal(1, queue.CorruptRecordsSkipped);
        await AssertRecovered(queue, Enumerable.Range(0, 11), records);
        await AssertKeepsWorking(queue);
    }

    [Fact]
    public async Task A_damaged_payload_loses_only_that_record()
    {
        var records = await Fill(12);
        FlipByte(PathOf(records[5]), records[5].Offset + RecordFormat.RecordHeaderSize + 200);

        var queue = OpenLogged();
        Assert.Equal(1, queue.CorruptRecordsSkipped);
        Assert.Equal(1, Errors);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("1 failing their checksum", StringComparison.Ordinal));
        await AssertRecovered(queue, Enumerable.Range(0, 12).Where(i => i != 5), records);
        var added = await Append(queue, 1000, Size);
        await queue.DisposeAsync();

        // The damaged record stays in its segment until that segment is reclaimed, so it is counted again.
        await using var reopened = OpenLogged();
        Assert.Equal([.. records.Where((_, i) => i != 5), added], reopened.Recovered);
        Assert.Equal(1, reopened.CorruptRecordsSkipped);
    }

    [Fact]
    public async Task A_damaged_header_loses_the_rest_of_its_segment_only()
    {
        var records = await Fill(12);
        FlipByte(PathOf(records[1]), records[1].Offset + 9);

        var queue = OpenLogged();
        Assert.Equal(1, queue.CorruptRecordsSkipped);
        Assert.Equal(1, Errors);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("1 with a damaged header", StringComparison.Ordinal));
        await AssertRecovered(queue, [0, .. Enumerable.Range(4, 8)], records);
        Assert.Equal(records[1].Offset, new FileInfo(PathOf(records[0])).Length);
        await AssertKeepsWorking(queue);
    }

    [Fact]
    public async Task A_damaged_segment_header_loses_that_segment_and_its_file_goes()
    {
        var records = await Fill(12);
        FlipByte(PathOf(records[4]), 2);

        var queue = OpenLogged();
        Assert.Equal(1, queue.CorruptRecordsSkipped);
        Assert.Equal(1, Errors);
        await AssertRecovered(queue, [0, 1, 2, 3, 8, 9, 10, 11], records);
        Assert.False(File.Exists(PathOf(records[4])));
        await AssertKeepsWorking(queue);
    }

    [Fact]
    public async Task Damage_to_records_already_complete_does_not_count()
    {
        var records = new List<StoredRecord>();
        await using (var queue = OpenLogged())
        {
            for (int i = 0; i < 4; i++)
            {
                records.Add(await Append(queue, i, Size));
            }

            queue.Complete(records[0]);
            queue.Complete(records[1]);
        }

        FlipByte(PathOf(records[1]), records[1].Offset + RecordFormat.RecordHeaderSize + 3);
        await using var reopened = OpenLogged();
        Assert.Equal(0, reopened.CorruptRecordsSkipped);
        Assert.Equal(0, Errors);
        Assert.Equal(records.Skip(2), reopened.Recovered);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_damaged_or_missing_checkpoint_delivers_everything_again(bool delete)
    {
        var records = new List<StoredRecord>();
        await using (var queue = OpenLogged())
        {
            for (int i = 0; i < 4; i++)
            {
                records.Add(await Append(queue, i, Size));
            }

            queue.Complete(records[0]);
            queue.Complete(records[1]);
        }

        var checkpoint = Path.Combine(Dir, CheckpointFile.FileName);
        if (delete)
        {
            File.Delete(checkpoint);
        }
        else
        {
            File.WriteAllBytes(checkpoint, Enumerable.Repeat((byte)0x5A, CheckpointFile.FileSize).ToArray());
        }

        var reopened = OpenLogged();
        Assert.Equal(records, reopened.Recovered);
        Assert.Equal(0, reopened.CorruptRecordsSkipped);
        Assert.Equal(1, Errors);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains(delete ? "checkpoint missing" : "checkpoint damaged", StringComparison.Ordinal));
        await AssertKeepsWorking(reopened);
    }

    [Fact]
    public async Task A_checkpoint_write_torn_by_a_crash_falls_back_to_the_previous_one()
    {
        var records = new List<StoredRecord>();
        await using (var queue = OpenLogged())
        {
            for (int i = 0; i < 4; i++)
            {
                records.Add(await Append(queue, i, Size));
            }

            queue.Complete(records[0]);
            await Eventually(() => CheckpointSays(Dir) == records[1].Sequence, "the first completion is checkpointed");
            queue.Complete(records[1]);
        }

        // Each write goes to the other slot: damaging the newest leaves the one before.
        var bytes = File.ReadAllBytes(Path.Combine(Dir, CheckpointFile.FileName));
        int newest = BitConverter.ToInt64(bytes, 8) > BitConverter.ToInt64(bytes, 40) ? 0 : 32;
        bytes[newest + 17] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(Dir, CheckpointFile.FileName), bytes);

        await using var reopened = OpenLogged();
        Assert.Equal(records.Skip(1), reopened.Recovered);
        Assert.Equal(0, Errors);
    }

    [Fact]
    public async Task Files_that_are_not_segments_are_left_alone_and_an_empty_segment_is_removed()
    {
        var records = await Fill(12);
        File.WriteAllText(Path.Combine(Dir, "notes.txt"), "kept");
        File.WriteAllText(Path.Combine(Dir, "12.seg"), "not a segment name");
        File.WriteAllBytes(Path.Combine(Dir, SegmentFile.FileName(99)), []);

        await using var queue = OpenLogged();
        Assert.Equal(records, queue.Recovered);
        Assert.Equal(0, Errors);
        Assert.Equal("kept", File.ReadAllText(Path.Combine(Dir, "notes.txt")));
        Assert.True(File.Exists(Path.Combine(Dir, "12.seg")));
        Assert.False(File.Exists(Path.Combine(Dir, SegmentFile.FileName(99))));
        Assert.True((await Append(queue, 50, Size)).Segment > 99);
    }

    [Fact]
    public async Task Random_damage_never_stops_the_queue_from_opening_and_what_it_delivers_is_intact()
    {
        var records = await Fill(12);
        var pristine = Path.Combine(Dir, "pristine");
        CopyAsCrashLeavesIt(Dir, pristine);
        var random = new Random(20261206);
        for (int round = 0; round < 40; round++)
        {
            var dir = Path.Combine(Dir, "round" + round);
            CopyAsCrashLeavesIt(pristine, dir);
            var segments = SegmentFiles(dir);
            for (int damage = random.Next(1, 4); damage > 0; damage--)
            {
                var file = segments[random.Next(segments.Length)];
                long length = new FileInfo(file).Length;
                switch (random.Next(3))
                {
                    case 0 when length > 0:
                        FlipByte(file, random.NextInt64(length));
                        break;
                    case 1:
                        using (var stream = new FileStream(file, FileMode.Open))
                        {
                            stream.SetLength(random.NextInt64(length + 1));
                        }

                        break;
                    default:
                        File.AppendAllText(file, new string('x', random.Next(1, 100)));
                        break;
                }
            }

            int skipped;
            List<StoredRecord> recovered;
            await using (var queue = Open(dir, segmentSize: SegmentSize))
            {
                skipped = queue.CorruptRecordsSkipped;
                recovered = [.. queue.Recovered];
                foreach (var record in recovered)
                {
                    Assert.Contains(record, records);
                    await AssertHolds(queue, record, record.ItemCount, Size);
                }
            }

            await using var again = Open(dir, segmentSize: SegmentSize);
            Assert.Equal(recovered, again.Recovered);
            Assert.True(again.CorruptRecordsSkipped <= skipped);
        }
    }

    private static long CheckpointSays(string directory)
    {
        using var checkpoint = CheckpointFile.Open(directory, out _, out long doneUpTo);
        return doneUpTo;
    }
}
