using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Processors.Batch;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.TestSupport.Shape;

namespace MiniCollector.Pipeline.Tests.Batch;

/// <summary>The batch processor against a recording downstream: triggers, splitting, shutdown, errors, metadata shards.</summary>
public sealed class BatchProcessorTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Long = TimeSpan.FromHours(1);

    private static ComponentContext Context() => new(new ComponentId("batch", string.Empty), ComponentKind.Processor, NullLoggerFactory.Instance);

    private static BatchProcessor<ExportTraceServiceRequest> Traces(BatchOptions options, IConsumer next)
        => Assert.IsType<BatchProcessor<ExportTraceServiceRequest>>(new BatchProcessorFactory().Create(Context(), options, Signal.Traces, next));

    /// <summary>A request as a receiver hands it on: bytes only, decoded lazily.</summary>
    private static TelemetryRequest<ExportTraceServiceRequest> Spans(int count, string service = "svc", ClientMetadata? metadata = null)
        => TracesKind.Instance.FromBytes(TracesCase.Instance.Build(R(service, S("scope", count))).ToByteArray(), metadata);

    private static ClientMetadata Tenant(string tenant)
        => new(new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) { ["tenant"] = [tenant] });

    private static Task<ConsumeResult> Send(IConsumer processor, TelemetryRequest request) => processor.ConsumeAsync(request, CancellationToken.None).AsTask();

    private static IReadOnlyList<string> SpanNames(TelemetryRequest request)
        => [.. ((ExportTraceServiceRequest)request.Model).ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.Name)];

    [Fact]
    public async Task Size_trigger_sends_one_merged_request_and_callers_complete_only_after_the_send()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var downstream = new RecordingConsumer { Gate = gate.Task };
        var batch = Traces(new BatchOptions { SendBatchSize = 10, Timeout = Long }, downstream);

        var first = Send(batch, Spans(4, "a"));
        var second = Send(batch, Spans(4, "b"));

        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        Assert.Empty(downstream.Received);

        var third = Send(batch, Spans(4, "c"));
        await downstream.WaitUntilAsync(r => r.Count == 1);

        var sent = Assert.Single(downstream.Received);
        Assert.Equal(12, sent.ItemCount);
        Assert.Equal(12, TracesKind.Instance.CountItems(sent.Bytes.Span));
        var decoded = ExportTraceServiceRequest.Parser.ParseFrom(sent.Bytes.Span);
        Assert.Equal(TracesCase.Instance.Build(R("a", S("scope", 4)), R("b", S("scope", 4)), R("c", S("scope", 4))), decoded);
        Assert.False(first.IsCompleted || second.IsCompleted || third.IsCompleted, "callers were answered before the downstream answered");

        gate.SetResult();
        var results = await Task.WhenAll(first, second, third).WaitAsync(HangGuard);

        Assert.All(results, r => Assert.Equal(ConsumeResult.Success, r));
        Assert.Single(downstream.Received);
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
        Assert.Single(downstream.Received);
    }

    [Fact]
    public async Task Timeout_trigger_sends_a_batch_smaller_than_the_size()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 1000, Timeout = TimeSpan.FromMilliseconds(50) }, downstream);

        var result = await Send(batch, Spans(3)).WaitAsync(HangGuard);

        Assert.Equal(ConsumeResult.Success, result);
        var sent = Assert.Single(downstream.Received);
        Assert.Equal(3, sent.ItemCount);

        // The timer starts again for the next buffer.
        var again = await Send(batch, Spans(2, "other")).WaitAsync(HangGuard);

        Assert.Equal(ConsumeResult.Success, again);
        Assert.Equal([3, 2], downstream.Received.Select(r => r.ItemCount));
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
    }

    [Fact]
    public async Task Zero_timeout_sends_every_request_at_once()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 1000, Timeout = TimeSpan.Zero }, downstream);

        var first = await Send(batch, Spans(1)).WaitAsync(HangGuard);
        var second = await Send(batch, Spans(2)).WaitAsync(HangGuard);

        Assert.True(first.IsAccepted && second.IsAccepted);
        Assert.Equal([1, 2], downstream.Received.Select(r => r.ItemCount));
    }

    [Fact]
    public async Task Send_batch_max_size_splits_the_batch()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 10, SendBatchMaxSize = 5, Timeout = Long }, downstream);

        var results = await Task.WhenAll(Send(batch, Spans(4)), Send(batch, Spans(4)), Send(batch, Spans(4))).WaitAsync(HangGuard);

        Assert.All(results, r => Assert.Equal(ConsumeResult.Success, r));
        Assert.Equal([5, 5, 2], downstream.Received.Select(r => r.ItemCount));
        Assert.Equal(12, downstream.Received.Sum(r => TracesKind.Instance.CountItems(r.Bytes.Span)));
        Assert.Equal(
            [.. Enumerable.Range(0, 3).SelectMany(_ => Enumerable.Range(0, 4).Select(i => $"svc/scope/{i}"))],
            downstream.Received.SelectMany(SpanNames));
    }

    [Fact]
    public async Task Send_batch_max_size_split_keeps_each_span_with_its_own_service()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 10, SendBatchMaxSize = 5, Timeout = Long }, downstream);
        var expected = TracesCase.Instance.Flatten(TracesCase.Instance.Build(R("checkout", S("scope", 3)), R("payments", S("scope", 4)), R("shipping", S("scope", 5))));

        var results = await Task.WhenAll(Send(batch, Spans(3, "checkout")), Send(batch, Spans(4, "payments")), Send(batch, Spans(5, "shipping"))).WaitAsync(HangGuard);

        Assert.All(results, r => Assert.True(r.IsAccepted));
        Assert.All(downstream.Received, r => Assert.InRange(r.ItemCount, 1, 5));
        Assert.Equal(expected, downstream.Received.SelectMany(r => TracesCase.Instance.Flatten((ExportTraceServiceRequest)r.Model)));
    }

    [Fact]
    public async Task Send_batch_max_size_split_of_metrics_delivers_every_point()
    {
        var downstream = new RecordingConsumer();
        var batch = Assert.IsType<BatchProcessor<ExportMetricsServiceRequest>>(
            new BatchProcessorFactory().Create(Context(), new BatchOptions { SendBatchSize = 2, SendBatchMaxSize = 2, Timeout = Long }, Signal.Metrics, downstream));
        var scope = new ScopeMetrics { Scope = TestSupport.Context.Scope("s") };
        scope.Metrics.Add(MetricsCase.Metric("queue.length", MetricType.Gauge, 3, "r/s/g"));
        scope.Metrics.Add(MetricsCase.Metric("request.duration", MetricType.Histogram, 3, "r/s/h"));
        var request = new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = TestSupport.Context.Resource("r"), ScopeMetrics = { scope } } } };
        var expected = MetricsCase.Instance.Flatten(request.Clone());

        var result = await batch.ConsumeAsync(MetricsKind.Instance.FromBytes(request.ToByteArray()), CancellationToken.None).AsTask().WaitAsync(HangGuard);

        Assert.Equal(ConsumeOutcome.Accepted, result.Outcome);
        Assert.Equal(expected, downstream.Received.SelectMany(r => MetricsCase.Instance.Flatten((ExportMetricsServiceRequest)r.Model)));
    }

    [Fact]
    public async Task Shutdown_flushes_everything_buffered_and_answers_every_caller()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 1000, Timeout = Long }, downstream);

        var pending = new[] { Send(batch, Spans(2)), Send(batch, Spans(3)), Send(batch, Spans(4)) };
        Assert.All(pending, t => Assert.False(t.IsCompleted));
        Assert.Empty(downstream.Received);

        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(9, downstream.TotalItems);
        Assert.All(pending, t => Assert.True(t.IsCompleted, "a caller was still waiting after shutdown returned"));
        var results = await Task.WhenAll(pending);
        Assert.All(results, r => Assert.Equal(ConsumeResult.Success, r));
    }

    [Fact]
    public async Task After_shutdown_new_data_is_refused()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 1, Timeout = Long }, downstream);
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        var result = await Send(batch, Spans(1)).WaitAsync(HangGuard);

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
        Assert.False(string.IsNullOrEmpty(result.Message));
        Assert.Empty(downstream.Received);
    }

    [Fact]
    public async Task Downstream_refusal_reaches_every_caller_of_the_batch()
    {
        var downstream = new RecordingConsumer();
        downstream.Answer = _ => ConsumeResult.Refuse("queue is full", TimeSpan.FromSeconds(3));
        var batch = Traces(new BatchOptions { SendBatchSize = 10, Timeout = Long }, downstream);

        var results = await Task.WhenAll(Send(batch, Spans(4)), Send(batch, Spans(4)), Send(batch, Spans(4))).WaitAsync(HangGuard);

        Assert.Single(downstream.Received);
        Assert.All(results, r =>
        {
            Assert.Equal(ConsumeOutcome.Refused, r.Outcome);
            Assert.Equal("queue is full", r.Message);
            Assert.Equal(TimeSpan.FromSeconds(3), r.RetryAfter);
        });
    }

    [Fact]
    public async Task Downstream_failure_reaches_every_caller_of_the_batch()
    {
        var downstream = new RecordingConsumer();
        downstream.FailAll("exporter broke");
        var batch = Traces(new BatchOptions { SendBatchSize = 5, Timeout = Long }, downstream);

        var results = await Task.WhenAll(Send(batch, Spans(2)), Send(batch, Spans(3))).WaitAsync(HangGuard);

        Assert.All(results, r => Assert.Equal(ConsumeResult.Fail("exporter broke"), r));
    }

    [Fact]
    public async Task Downstream_exception_becomes_a_failure_not_a_hang()
    {
        var downstream = new RecordingConsumer { Answer = _ => throw new InvalidOperationException("boom") };
        var batch = Traces(new BatchOptions { SendBatchSize = 2, Timeout = Long }, downstream);

        var results = await Task.WhenAll(Send(batch, Spans(1)), Send(batch, Spans(1))).WaitAsync(HangGuard);

        Assert.All(results, r => Assert.Equal(ConsumeOutcome.Failed, r.Outcome));
    }

    [Fact]
    public async Task A_refusal_of_one_split_part_refuses_the_whole_batch()
    {
        int calls = 0;
        var downstream = new RecordingConsumer { Answer = _ => Interlocked.Increment(ref calls) == 2 ? ConsumeResult.Refuse("busy") : ConsumeResult.Success };
        var batch = Traces(new BatchOptions { SendBatchSize = 6, SendBatchMaxSize = 6, Timeout = Long }, downstream);

        var result = await Send(batch, Spans(15)).WaitAsync(HangGuard);

        Assert.Equal([6, 6, 3], downstream.Received.Select(r => r.ItemCount));
        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
    }

    [Fact]
    public async Task Partial_success_keeps_the_rejected_count_for_a_single_caller()
    {
        var downstream = new RecordingConsumer { Answer = _ => ConsumeResult.Partial(2, "2 spans had invalid ids") };
        var batch = Traces(new BatchOptions { SendBatchSize = 1, Timeout = Long }, downstream);

        var result = await Send(batch, Spans(5)).WaitAsync(HangGuard);

        Assert.Equal(ConsumeResult.Partial(2, "2 spans had invalid ids"), result);
    }

    [Fact]
    public async Task Metadata_keys_batch_each_value_separately()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 10, Timeout = Long, MetadataKeys = ["tenant"] }, downstream);

        var a1 = Send(batch, Spans(6, "a1", Tenant("a")));
        var b1 = Send(batch, Spans(6, "b1", Tenant("b")));

        // 12 items in total, but no single tenant has reached 10.
        Assert.Empty(downstream.Received);

        var a2 = Send(batch, Spans(6, "a2", Tenant("a")));
        await Task.WhenAll(a1, a2).WaitAsync(HangGuard);

        var forA = Assert.Single(downstream.Received);
        Assert.Equal(12, forA.ItemCount);
        Assert.Equal(["a"], forA.Metadata.Get("tenant"));
        Assert.All(SpanNames(forA), n => Assert.StartsWith("a", n, StringComparison.Ordinal));
        Assert.False(b1.IsCompleted);

        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(2, downstream.Received.Count);
        var forB = downstream.Received[1];
        Assert.Equal(6, forB.ItemCount);
        Assert.Equal(["b"], forB.Metadata.Get("tenant"));
        Assert.True((await b1.WaitAsync(HangGuard)).IsAccepted);
    }

    [Fact]
    public async Task Requests_without_the_metadata_key_share_one_batch()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 4, Timeout = Long, MetadataKeys = ["tenant"] }, downstream);

        await Task.WhenAll(Send(batch, Spans(2)), Send(batch, Spans(2, "x", ClientMetadata.Empty))).WaitAsync(HangGuard);

        Assert.Equal(4, Assert.Single(downstream.Received).ItemCount);
    }

    [Fact]
    public async Task Metadata_cardinality_limit_fails_new_combinations_permanently()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 1, Timeout = Long, MetadataKeys = ["tenant"], MetadataCardinalityLimit = 1 }, downstream);

        var a = await Send(batch, Spans(1, "a", Tenant("a"))).WaitAsync(HangGuard);
        var b = await Send(batch, Spans(1, "b", Tenant("b"))).WaitAsync(HangGuard);
        var a2 = await Send(batch, Spans(1, "a", Tenant("a"))).WaitAsync(HangGuard);

        Assert.True(a.IsAccepted);
        Assert.True(a2.IsAccepted);
        Assert.Equal(ConsumeOutcome.Failed, b.Outcome);
        Assert.Equal("too many batcher metadata-value combinations", b.Message);
        Assert.Equal(2, downstream.Received.Count);
    }

    [Fact]
    public async Task Batch_processor_does_not_change_the_data_it_forwards()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 1, Timeout = Long }, downstream);
        var request = Spans(3);

        await Send(batch, request).WaitAsync(HangGuard);

        Assert.False(batch.MutatesData);
        Assert.Equal(TracesCase.Instance.Build(R("svc", S("scope", 3))), ExportTraceServiceRequest.Parser.ParseFrom(Assert.Single(downstream.Received).Bytes.Span));
    }
    [Fact]
    public async Task Draining_sends_what_is_buffered_and_passes_new_data_on_at_once()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 1000, Timeout = Long }, downstream);
        var buffered = Send(batch, Spans(2));
        Assert.False(buffered.IsCompleted);

        batch.OnShutdownBegins();

        Assert.True((await buffered.WaitAsync(HangGuard)).IsAccepted);
        var late = await Send(batch, Spans(3)).WaitAsync(HangGuard);
        Assert.True(late.IsAccepted);
        Assert.Equal([2, 3], downstream.Received.Select(r => r.ItemCount));

        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
        Assert.Equal(ConsumeOutcome.Refused, (await Send(batch, Spans(1)).WaitAsync(HangGuard)).Outcome);
        Assert.Equal(2, downstream.Received.Count);
    }

    [Fact]
    public async Task Shutdown_waits_for_a_send_still_in_flight()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var downstream = new RecordingConsumer { Gate = gate.Task };
        var batch = Traces(new BatchOptions { SendBatchSize = 1, Timeout = Long }, downstream);
        var inFlight = Send(batch, Spans(1));
        await downstream.WaitUntilAsync(r => r.Count == 1);

        var shutdown = batch.ShutdownAsync(CancellationToken.None);

        Assert.False(shutdown.IsCompleted);
        gate.SetResult();
        await shutdown.WaitAsync(HangGuard);
        Assert.True(inFlight.IsCompleted);
        Assert.True((await inFlight).IsAccepted);
    }
}
