using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>
/// The corpus tests that must run alone and in order: they measure the whole process's memory, load it heavily, or
/// (while a bug exists) leave a core busy after they finish.
/// </summary>
[Collection(SerialCorpusCollection.Name)]
[TestCaseOrderer(RunOrder.Orderer, RunOrder.Assembly)]
public sealed partial class SerialCorpusTests(ITestOutputHelper output)
{
    /// <summary>Printed with every run; a failing request is reproduced by its index (see <see cref="Mutator"/>).</summary>
    public const int Seed = 0x5EED_0717;

    private const int Target = 100_000;
    private const int Concurrency = 8;
    private const long Limit = 1024 * 1024;
    private const long MaxMemoryGrowth = 64L * 1024 * 1024;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    /// <summary>The request of the given index, exactly as the test sends it.</summary>
    internal static CorpusRequest RequestAt(long index, IReadOnlyList<MutationBase> bases)
        => Mutator.Create(new Random(unchecked(Seed + (int)(index * 2_654_435_761L))), index, bases, Limit);

    /// <summary>
    /// At least 100,000 seeded random mutations of valid traces, metrics and logs (protobuf and JSON, some gzip), sent
    /// to both receivers over a few connections with bounded concurrency. Each answer must be what our own decoding
    /// says (never a 5xx, a reset or a hang); managed memory stays bounded; valid requests are served afterwards.
    /// </summary>
    [Fact]
    [RunOrder(2)]
    public async Task A_hundred_thousand_seeded_mutations_get_the_answers_our_decoding_predicts()
    {
        output.WriteLine($"seed {Seed} (0x{Seed:X}), target {Target} requests, concurrency {Concurrency}, budget {Budget.TotalSeconds:0} s, limits {Limit} bytes");
        var bases = CorpusPayloads.All().Select(p => new MutationBase(p)).ToList();
        await using var harness = await CorpusHarness.StartAsync($"max_request_body_size: {Limit}", "max_recv_msg_size_mib: 1", connections: Concurrency / 2);

        // Warm up every path once, then take the memory baseline.
        Assert.Empty(await CorpusRunner.StillServingProblemsAsync(harness));
        long baseline = ManagedMemory();

        var tallies = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var verdicts = new ConcurrentDictionary<Verdict, int>();
        var undecided = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<string>();
        int failureCount = 0;
        long next = -1;
        long expectedItems = 0;
        int eitherAccepted = 0;
        long itemsBefore = harness.Consumer.Items;
        var clock = Stopwatch.StartNew();

        async Task WorkAsync()
        {
            while (true)
            {
                long index = Interlocked.Increment(ref next);
                if (index >= Target || clock.Elapsed > Budget)
                {
                    return;
                }

                var request = RequestAt(index, bases);
                var reply = await CorpusClient.SendAsync(harness, request);
                var problem = CorpusClient.Judge(request, reply);
                tallies.AddOrUpdate(reply.Tally(request.Transport), 1, (_, n) => n + 1);
                verdicts.AddOrUpdate(request.Expected.Verdict, 1, (_, n) => n + 1);
                if (request.Expected.Verdict == Verdict.Either)
                {
                    undecided.AddOrUpdate(System.Text.RegularExpressions.Regex.Replace(request.Expected.Why ?? string.Empty, @"\[\d+\]|""[^""]*""", string.Empty), 1, (_, n) => n + 1);
                }

                bool accepted = reply.Error is null && reply.HttpStatus == 200 && (reply.GrpcStatus ?? 0) == 0;
                if (accepted && request.Expected.Verdict == Verdict.Accept && request.Expected.Items is { } items)
                {
                    Interlocked.Add(ref expectedItems, items);
                }
                else if (accepted && request.Expected.Verdict == Verdict.Either)
                {
                    Interlocked.Increment(ref eitherAccepted);
                }

                if (problem is not null && Interlocked.Increment(ref failureCount) <= 40)
                {
                    failures.Enqueue($"{request}: {problem}");
                }
            }
        }

        // Memory is sampled (after a full collection) while the load runs, every few seconds.
        var samples = new ConcurrentQueue<long>();
        using var stopSampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stopSampling.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), stopSampling.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                samples.Enqueue(ManagedMemory());
            }
        });

        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(WorkAsync)));
        var elapsed = clock.Elapsed;
        await stopSampling.CancelAsync();
        await sampler;
        long sent = Math.Min(Interlocked.Read(ref next), Target);
        long passedOn = harness.Consumer.Items - itemsBefore;

        long after = ManagedMemory();
        long peak = samples.DefaultIfEmpty(after).Max();
        var stillServing = await CorpusRunner.StillServingProblemsAsync(harness);

        output.WriteLine($"sent {sent} requests in {elapsed.TotalSeconds:0.0} s ({sent / elapsed.TotalSeconds:0} per second)");
        output.WriteLine($"oracle: {string.Join(", ", verdicts.OrderBy(v => v.Key).Select(v => $"{v.Key} {v.Value}"))}; Either answered 200/OK: {eitherAccepted}");
        foreach (var (why, count) in undecided.OrderByDescending(u => u.Value).Take(5))
        {
            output.WriteLine($"  undecided by our decoding ({count}): {why}");
        }

        foreach (var (key, count) in tallies.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {key}: {count}");
        }

        output.WriteLine($"items passed on: {passedOn}, predicted for accepted requests: {expectedItems}");
        output.WriteLine($"managed memory: baseline {baseline / 1024 / 1024} MiB, peak sample {peak / 1024 / 1024} MiB, after {after / 1024 / 1024} MiB");
        foreach (var failure in failures)
        {
            output.WriteLine("  FAIL " + failure);
        }

        Assert.True(failureCount == 0, $"{failureCount} of {sent} mutated requests were not answered as our own decoding says (seed {Seed}); the first ones:\n  " + string.Join("\n  ", failures.Take(25)));
        Assert.True(sent >= Target, $"only {sent} of {Target} requests were sent within {Budget.TotalSeconds:0} s");
        Assert.True(eitherAccepted > 0 || passedOn == expectedItems, $"{passedOn} items were passed on, our decoding predicts {expectedItems} for the accepted requests");
        Assert.True(passedOn >= expectedItems, $"{passedOn} items were passed on, fewer than the {expectedItems} our decoding predicts for the accepted requests");
        Assert.True(Math.Max(peak, after) - baseline < MaxMemoryGrowth, $"managed memory grew from {baseline / 1024 / 1024} MiB to {Math.Max(peak, after) / 1024 / 1024} MiB");
        Assert.True(stillServing.Count == 0, "after the mutations valid requests are no longer served: " + string.Join("; ", stillServing));
    }

    private static long ManagedMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
