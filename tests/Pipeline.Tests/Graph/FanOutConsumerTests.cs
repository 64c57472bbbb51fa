using Google.Protobuf;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.TestSupport.Shape;

namespace MiniCollector.Pipeline.Tests.Graph;

/// <summary>Fan-out: concurrent delivery, copies for mutating consumers, combined answers.</summary>
public sealed class FanOutConsumerTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    private static TelemetryRequest<ExportTraceServiceRequest> Request()
        => TracesKind.Instance.FromBytes(TracesCase.Instance.Build(R("svc", S("scope", 3))).ToByteArray());

    private static Task<ConsumeResult> Send(IConsumer consumer, TelemetryRequest request, CancellationToken token = default)
        => consumer.ConsumeAsync(request, token).AsTask().WaitAsync(HangGuard);

    /// <summary>A consumer that mutates what it gets, as it declared.</summary>
    private sealed class Mutator : IConsumer
    {
        public RecordingConsumer Recorder { get; } = new() { MutatesData = true };

        public bool MutatesData => true;

        public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
        {
            Mutation.Apply(request);
            return Recorder.ConsumeAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task Readers_share_the_original_and_each_mutator_gets_its_own_copy()
    {
        var reader1 = new RecordingConsumer();
        var reader2 = new RecordingConsumer();
        var mutator1 = new Mutator();
        var mutator2 = new Mutator();
        var fanOut = new FanOutConsumer([reader1, mutator1, reader2, mutator2]);
        var request = Request();
        var original = request.Message.Clone();

        var result = await Send(fanOut, request);

        Assert.Equal(ConsumeResult.Success, result);
        Assert.Same(request, Assert.Single(reader1.Received));
        Assert.Same(request, Assert.Single(reader2.Received));
        var copy1 = Assert.Single(mutator1.Recorder.Received);
        var copy2 = Assert.Single(mutator2.Recorder.Received);
        Assert.NotSame(request, copy1);
        Assert.NotSame(request, copy2);
        Assert.NotSame(copy1.Model, copy2.Model);
        Assert.Equal(original, request.Message);
        Assert.Equal(3, copy1.ItemCount);
        Assert.All(
            ((ExportTraceServiceRequest)copy1.Model).ResourceSpans[0].ScopeSpans[0].Spans,
            s => Assert.EndsWith(Mutation.Suffix, s.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Copies_keep_the_metadata()
    {
        var metadata = new ClientMetadata(new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) { ["tenant"] = ["a"] });
        var mutator = new Mutator();
        var request = TracesKind.Instance.FromModel(TracesCase.Instance.Build(R("svc", S("scope", 1))), metadata);

        await Send(new FanOutConsumer([new RecordingConsumer(), mutator]), request);

        Assert.Equal(["a"], Assert.Single(mutator.Recorder.Received).Metadata.Get("tenant"));
    }

    [Fact]
    public void Of_a_single_consumer_is_that_consumer()
    {
        var only = new RecordingConsumer();

        Assert.Same(only, FanOutConsumer.Of([only]));
        Assert.IsType<FanOutConsumer>(FanOutConsumer.Of([only, new RecordingConsumer()]));
        Assert.False(new FanOutConsumer([new Mutator(), new Mutator()]).MutatesData);
    }

    [Fact]
    public async Task Consumers_are_called_concurrently()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new RecordingConsumer { Gate = gate.Task };
        var fast = new RecordingConsumer();
        var fanOut = new FanOutConsumer([slow, fast]);

        var pending = Send(fanOut, Request());
        await fast.WaitUntilAsync(r => r.Count == 1);

        Assert.False(pending.IsCompleted);
        gate.SetResult();
        Assert.Equal(ConsumeResult.Success, await pending);
    }

    [Fact]
    public async Task The_worst_answer_wins()
    {
        var ok = new RecordingConsumer();
        var failing = new RecordingConsumer();
        failing.FailAll("bad exporter");
        var refusing = new RecordingConsumer();
        refusing.RefuseAll("queue full");

        Assert.Equal(ConsumeResult.Fail("bad exporter"), await Send(new FanOutConsumer([ok, failing]), Request()));
        Assert.Equal(ConsumeResult.Refuse("queue full"), await Send(new FanOutConsumer([refusing, ok, failing]), Request()));
        Assert.Equal(2, ok.Received.Count);
    }

    [Fact]
    public async Task Cancellation_becomes_a_retryable_refusal()
    {
        using var cts = new CancellationTokenSource();
        var stuck = new RecordingConsumer { Gate = new TaskCompletionSource().Task };
        var fanOut = new FanOutConsumer([new RecordingConsumer(), stuck]);

        var pending = fanOut.ConsumeAsync(Request(), cts.Token).AsTask();
        await stuck.WaitUntilAsync(r => r.Count == 1);
        await cts.CancelAsync();
        var result = await pending.WaitAsync(HangGuard);

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
    }
}
