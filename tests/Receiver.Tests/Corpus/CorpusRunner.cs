using System.Text;
using MiniCollector.Pipeline.Signals;
using Xunit.Abstractions;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>
/// Sends a corpus one request at a time (so every answer can be tied to what reached the consumer), judges each
/// reply, prints the tallies, and checks the receiver still serves valid traffic on every transport afterwards.
/// </summary>
internal static class CorpusRunner
{
    private const int FailuresShown = 25;

    public static async Task RunAsync(CorpusHarness harness, IReadOnlyList<CorpusRequest> corpus, ITestOutputHelper output, string title)
    {
        var failures = new List<string>();
        var tallies = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var verdicts = new Dictionary<Verdict, int>();
        foreach (var request in corpus)
        {
            long itemsBefore = harness.Consumer.Items;
            long requestsBefore = harness.Consumer.Requests;
            var reply = await CorpusClient.SendAsync(harness, request);
            long passedOn = harness.Consumer.Items - itemsBefore;
            long consumed = harness.Consumer.Requests - requestsBefore;

            var problem = CorpusClient.Judge(request, reply);
            if (problem is null && request.Expected.Verdict == Verdict.Reject && consumed > 0)
            {
                problem = $"answered {reply.HttpStatus}/{reply.GrpcStatus} but {passedOn} items were passed to the pipeline";
            }

            if (problem is null && request.Expected.Verdict == Verdict.Accept && request.Expected.Items is { } items && passedOn != items)
            {
                problem = $"our decoding counts {items} valid items, {passedOn} were passed to the pipeline";
            }

            if (problem is not null)
            {
                failures.Add($"{request}: {problem}");
            }

            var key = reply.Tally(request.Transport);
            tallies[key] = tallies.GetValueOrDefault(key) + 1;
            verdicts[request.Expected.Verdict] = verdicts.GetValueOrDefault(request.Expected.Verdict) + 1;
        }

        output.WriteLine($"{title}: {corpus.Count} requests (oracle: {string.Join(", ", verdicts.OrderBy(v => v.Key).Select(v => $"{v.Key} {v.Value}"))})");
        foreach (var (key, count) in tallies)
        {
            output.WriteLine($"  {key}: {count}");
        }

        foreach (var failure in failures.Take(FailuresShown))
        {
            output.WriteLine("  FAIL " + failure);
        }

        var stillServing = await StillServingProblemsAsync(harness);
        var message = new StringBuilder();
        if (failures.Count > 0)
        {
            message.AppendLine($"{failures.Count} of {corpus.Count} requests of \"{title}\" were not answered as our own decoding says they must be; the first ones:");
            foreach (var failure in failures.Take(FailuresShown))
            {
                message.AppendLine("  " + failure);
            }
        }

        if (stillServing.Count > 0)
        {
            message.AppendLine("after the corpus, valid requests are no longer served: " + string.Join("; ", stillServing));
        }

        Assert.True(message.Length == 0, message.ToString());
    }

    /// <summary>A valid request of every signal on every transport; empty when all are accepted and passed on.</summary>
    public static async Task<List<string>> StillServingProblemsAsync(CorpusHarness harness)
    {
        var problems = new List<string>();
        foreach (var signal in new[] { Signal.Traces, Signal.Metrics, Signal.Logs })
        {
            var valid = CorpusPayloads.Small(signal);
            var expected = Expectation.Accept(valid.Items, 0);
            var requests = new[]
            {
                CorpusRequest.HttpProtobuf("valid after the corpus", signal, valid.Protobuf, expected, Transport.Http1),
                CorpusRequest.HttpJson("valid JSON after the corpus", signal, valid.Json, expected, Transport.Http2),
                CorpusRequest.GrpcMessage("valid after the corpus", signal, valid.Protobuf, expected),
            };
            foreach (var request in requests)
            {
                long before = harness.Consumer.Items;
                var reply = await CorpusClient.SendAsync(harness, request);
                var problem = CorpusClient.Judge(request, reply);
                if (problem is null && harness.Consumer.Items - before != valid.Items)
                {
                    problem = $"{harness.Consumer.Items - before} of {valid.Items} items passed on";
                }

                if (problem is not null)
                {
                    problems.Add($"{request}: {problem}");
                }
            }
        }

        return problems;
    }
}
