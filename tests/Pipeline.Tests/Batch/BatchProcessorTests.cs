using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;
using MiniCollector.Pipeline.Tests.TestSupport;
using MiniCollector.Processors.Batch;
using static MiniCollector.Pipeline.Tests.TestSupport.Shape;

namespace MiniCollector.Pipeline.Tests.Batch;

/// <summary>
/// The batch processor against a recording downstream, on a fake clock: callers are answered once their data is
/// buffered; triggers, splitting, a bounded buffer that refuses, refused batches kept and sent again in order,
/// shutdown, metadata shards.
/// </summary>
public sealed class BatchProcessorTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Long = TimeSpan.FromHours(1);

    private readonly FakeTimeProvider _time = new();
    private readonly CollectorMeter _meter = new();

    public void Dispose() => _meter.Dispose();

    private ComponentContext Context() => new(new ComponentId("batch", string.Empty), ComponentKind.Processor, NullLoggerFactory.Instance) { Time = _time, Meter = _meter };

    private BatchProcessor Traces(BatchOptions options, IConsumer next)
        => Assert.IsType<BatchProcessor>(new BatchProcessorFactory().Create(Context(), options, Signal.Traces, next));

    /// <summary>Moves the fake clock on in steps until the condition holds (the sender may not be waiting yet).</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan step)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (!condition())
        {
            _time.Advance(step);
            await Task.Delay(2, guard.Token);
        }
    }

    /// <summary>Waits (bounded) until the condition holds, without moving the clock: a send's items are released only after the downstream answered.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        while (!condition())
        {
            await Task.Delay(2, guard.Token);
        }
    }

    /// <summary>A request as a receiver hands it on: bytes only, decoded lazily.</summary>
    private static TelemetryRequest<ExportTraceServiceRequest> Spans(int count, string service = "svc", ClientMetadata? metadata = null)
        => TracesKind.Instance.FromBytes(TracesCase.Instance.Build(R(service, S("scope", count))).ToByteArray(), metadata);

    private static ClientMetadata Tenant(string tenant)
        => new(new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) { ["tenant"] = [tenant] });

    private static Task<ConsumeResult> Send(IConsumer processor, TelemetryRequest request) => processor.ConsumeAsync(request, CancellationToken.None).AsTask();

    private static IReadOnlyList<string> SpanNames(TelemetryRequest request)
        => [.. ((ExportTraceServiceRequest)request.Model).ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.Name)];

    [Fact]
    public async Task Callers_are_answered_once_buffered_and_the_size_trigger_sends_one_merged_request()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var downstream = new RecordingConsumer { Gate = gate.Task };
        var batch = Traces(new BatchOptions { SendBatchSize = 10, Timeout = Long }, downstream);

        var first = Send(batch, Spans(4, "a"));
        var second = Send(batch, Spans(4, "b"));

        // Answered while nothing has been sent: the answer does not wait for the batch.
        Assert.Equal(ConsumeResult.Success, await first.WaitAsync(HangGuard));
        Assert.Equal(ConsumeResult.Success, await second.WaitAsync(HangGuard));
        Assert.Empty(downstream.Received);
        Assert.Equal(8, batch.HeldItems);

        var third = await Send(batch, Spans(4, "c")).WaitAsync(HangGuard);
        await downstream.WaitUntilAsync(r => r.Count == 1);

        // The send is still waiting for the downstream, and the caller that triggered it was answered anyway.
        Assert.Equal(ConsumeResult.Success, third);
        var sent = Assert.Single(downstream.Received);
        Assert.Equal(12, sent.ItemCount);
        Assert.Equal(12, TracesKind.Instance.CountItems(sent.Bytes.Span));
        var decoded = ExportTraceServiceRequest.Parser.ParseFrom(sent.Bytes.Span);
        Assert.Equal(TracesCase.Instance.Build(R("a", S("scope", 4)), R("b", S("scope", 4)), R("c", S("scope", 4))), decoded);

        gate.SetResult();
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
        Assert.Single(downstream.Received);
        Assert.Equal(0, batch.HeldItems);
    }

    [Fact]
    public async Task Data_buffered_while_a_send_is_in_flight_goes_out_in_batches_of_send_batch_size_not_all_at_once()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var downstream = new RecordingConsumer { Gate = gate.Task };
        var batch = Traces(new BatchOptions { SendBatchSize = 10, Timeout = Long }, downstream);

        // The first batch goes out and waits on the downstream; meanwhile 45 more items arrive.
        Assert.Equal(ConsumeResult.Success, await Send(batch, Spans(10, "r0")).WaitAsync(HangGuard));
        await downstream.WaitUntilAsync(r => r.Count == 1);
        for (int i = 1; i <= 9; i++)
        {
            Assert.Equal(ConsumeResult.Success, await Send(batch, Spans(5, $"r{i}")).WaitAsync(HangGuard));
        }

        gate.SetResult();
        await downstream.WaitUntilAsync(r => r.Count == 5);
        await UntilAsync(() => batch.HeldItems == 5);

        // Whole requests up to send_batch_size each; the 5-item remainder waits for the size or the timeout.
        Assert.Equal([10, 10, 10, 10, 10], downstream.Received.Select(r => r.ItemCount));
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
        Assert.Equal([10, 10, 10, 10, 10, 5], downstream.Received.Select(r => r.ItemCount));
    }

    [Fact]
    public async Task A_timeout_sends_everything_buffered_in_batches_of_send_batch_size()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var downstream = new RecordingConsumer { Gate = gate.Task };
        var batch = Traces(new BatchOptions { SendBatchSize = 10, Timeout = TimeSpan.FromMilliseconds(200) }, downstream);

        Assert.Equal(ConsumeResult.Success, await Send(batch, Spans(10, "r0")).WaitAsync(HangGuard));
        await downstream.WaitUntilAsync(r => r.Count == 1);
        for (int i = 1; i <= 5; i++)
        {
            Assert.Equal(ConsumeResult.Success, await Send(batch, Spans(3, $"r{i}")).WaitAsync(HangGuard));
        }

        gate.SetResult();
        await downstream.WaitUntilAsync(r => r.Count == 2);
        await UntilAsync(() => batch.HeldItems == 3);
        Assert.Equal([10, 12], downstream.Received.Select(r => r.ItemCount));

        // The remainder goes out when the clock reaches the timeout.
        await AdvanceUntilAsync(() => downstream.Received.Count == 3, TimeSpan.FromMilliseconds(200));
        await UntilAsync(() => batch.HeldItems == 0);
        Assert.Equal([10, 12, 3], downstream.Received.Select(r => r.ItemCount));
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
    }

    [Fact]
    public async Task Timeout_trigger_sends_a_batch_smaller_than_the_size_when_the_clock_reaches_it()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 1000, Timeout = TimeSpan.FromMilliseconds(200) }, downstream);

        Assert.Equal(ConsumeResult.Success, await Send(batch, Spans(3)).WaitAsync(HangGuard));
        _time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Empty(downstream.Received);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await downstream.WaitUntilAsync(r => r.Count == 1);
        Assert.Equal(3, downstream.Received[0].ItemCount);

        // The timer starts again for the next buffer.
        Assert.Equal(ConsumeResult.Success, await Send(batch, Spans(2, "other")).WaitAsync(HangGuard));
        await AdvanceUntilAsync(() => downstream.Received.Count == 2, TimeSpan.FromMilliseconds(200));
        Assert.Equal([3, 2], downstream.Received.Select(r => r.ItemCount));
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
    }

    [Fact]
    public async Task Zero_timeout_sends_every_request_at_once()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 1000, Timeout = TimeSpan.Zero }, downstream);

        var first = await Send(batch, Spans(1)).WaitAsync(HangGuard);
        await downstream.WaitForItemsAsync(1);
        var second = await Send(batch, Spans(2)).WaitAsync(HangGuard);
        await downstream.WaitForItemsAsync(3);

        Assert.True(first.IsAccepted && second.IsAccepted);
        Assert.Equal([1, 2], downstream.Received.Select(r => r.ItemCount));
    }

    [Fact]
    public async Task Send_batch_max_size_splits_the_batch()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 10, SendBatchMaxSize = 10, Timeout = Long }, downstream);

        var results = await Task.WhenAll(Send(batch, Spans(4)), Send(batch, Spans(4)), Send(batch, Spans(4))).WaitAsync(HangGuard);
        await downstream.WaitForItemsAsync(10);

        // 12 items: one full batch goes; the remainder (2, under send_batch_size) waits for more or the timeout.
        Assert.All(results, r => Assert.Equal(ConsumeResult.Success, r));
        Assert.Equal([10], downstream.Received.Select(r => r.ItemCount));
        Assert.Equal(2, batch.HeldItems);

        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
        Assert.Equal([10, 2], downstream.Received.Select(r => r.ItemCount));
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

        await Send(batch, Spans(3, "checkout")).WaitAsync(HangGuard);
        await Send(batch, Spans(4, "payments")).WaitAsync(HangGuard);
        await Send(batch, Spans(5, "shipping")).WaitAsync(HangGuard);
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.All(downstream.Received, r => Assert.InRange(r.ItemCount, 1, 5));
        Assert.Equal(expected, downstream.Received.SelectMany(r => TracesCase.Instance.Flatten((ExportTraceServiceRequest)r.Model)));
    }

    [Fact]
    public async Task Send_batch_max_size_split_of_metrics_delivers_every_point()
    {
        var downstream = new RecordingConsumer();
        var batch = Assert.IsType<BatchProcessor>(
            new BatchProcessorFactory().Create(Context(), new BatchOptions { SendBatchSize = 2, SendBatchMaxSize = 2, Timeout = Long }, Signal.Metrics, downstream));
        var scope = new ScopeMetrics { Scope = TestSupport.Context.Scope("s") };
        scope.Metrics.Add(MetricsCase.Metric("queue.length", MetricType.Gauge, 3, "r/s/g"));
        scope.Metrics.Add(MetricsCase.Metric("request.duration", MetricType.Histogram, 3, "r/s/h"));
        var request = new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = TestSupport.Context.Resource("r"), ScopeMetrics = { scope } } } };
        var expected = MetricsCase.Instance.Flatten(request.Clone());

        var result = await batch.ConsumeAsync(MetricsKind.Instance.FromBytes(request.ToByteArray()), CancellationToken.None).AsTask().WaitAsync(HangGuard);
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(ConsumeOutcome.Accepted, result.Outcome);
        Assert.All(downstream.Received, r => Assert.InRange(r.ItemCount, 1, 2));
        Assert.Equal(expected, downstream.Received.SelectMany(r => MetricsCase.Instance.Flatten((ExportMetricsServiceRequest)r.Model)));
    }

    [Fact]
    public async Task Shutdown_flushes_everything_buffered()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 1000, Timeout = Long }, downstream);

        var results = new[] { await Send(batch, Spans(2)), await Send(batch, Spans(3)), await Send(batch, Spans(4)) };
        Assert.All(results, r => Assert.Equal(ConsumeResult.Success, r));
        Assert.Empty(downstream.Received);

        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(9, downstream.TotalItems);
        Assert.Equal(0, batch.HeldItems);
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
    public async Task A_refused_batch_is_kept_and_sent_again_before_newer_data()
    {
        var downstream = new RecordingConsumer();
        downstream.RefuseAll("queue is full");
        var batch = Traces(new BatchOptions { SendBatchSize = 4, Timeout = Long }, downstream);

        Assert.Equal(ConsumeResult.Success, await Send(batch, Spans(4, "first")).WaitAsync(HangGuard));
        await downstream.WaitUntilAsync(r => r.Count == 1);
        Assert.Equal(ConsumeResult.Success, await Send(batch, Spans(4, "second")).WaitAsync(HangGuard));

        // Refused again after a retry delay: still kept.
        await AdvanceUntilAsync(() => downstream.Received.Count >= 2, TimeSpan.FromMilliseconds(20));
        Assert.Equal(8, batch.HeldItems);

        // Nothing is in flight while the sender waits for its retry delay on the fake clock.
        int refusedSends = downstream.Received.Count;
        downstream.Answer = _ => ConsumeResult.Success;
        await AdvanceUntilAsync(() => batch.HeldItems == 0, TimeSpan.FromMilliseconds(100));

        // Accepted in the order the data came: the refused batch first, in batches of send_batch_size.
        var accepted = downstream.Received.Skip(refusedSends).ToList();
        Assert.Equal([4, 4], accepted.Select(r => r.ItemCount));
        var names = accepted.SelectMany(SpanNames);
        Assert.Equal(["first/scope/0", "first/scope/1", "first/scope/2", "first/scope/3", "second/scope/0", "second/scope/1", "second/scope/2", "second/scope/3"], names);
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
    }

    [Fact]
    public async Task A_full_buffer_refuses_new_data_with_a_retry_delay_and_takes_it_again_once_drained()
    {
        var downstream = new RecordingConsumer();
        downstream.RefuseAll();
        var batch = Traces(new BatchOptions { SendBatchSize = 5, Timeout = Long, MaxBufferedItems = 10 }, downstream);

        Assert.True((await Send(batch, Spans(5, "a"))).IsAccepted);
        Assert.True((await Send(batch, Spans(5, "b"))).IsAccepted);
        var refused = await Send(batch, Spans(1, "c"));

        Assert.Equal(ConsumeOutcome.Refused, refused.Outcome);
        Assert.NotNull(refused.RetryAfter);
        Assert.Contains("buffer full", refused.Message, StringComparison.Ordinal);
        Assert.Equal(10, batch.HeldItems);

        int refusedSends = downstream.Received.Count;
        downstream.Answer = _ => ConsumeResult.Success;
        await AdvanceUntilAsync(() => batch.HeldItems == 0, TimeSpan.FromMilliseconds(100));
        Assert.True((await Send(batch, Spans(1, "c"))).IsAccepted);
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        // Every accepted span arrived once the downstream took data again; the refused one once it was sent again.
        var delivered = downstream.Received.Skip(refusedSends).SelectMany(SpanNames).ToList();
        Assert.Equal(11, delivered.Count);
        Assert.Equal(11, delivered.Distinct().Count());
    }

    [Fact]
    public async Task A_request_larger_than_the_buffer_is_taken_when_the_buffer_is_empty()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 5, Timeout = Long, MaxBufferedItems = 10 }, downstream);

        Assert.True((await Send(batch, Spans(25))).IsAccepted);
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(25, downstream.TotalItems);
    }

    [Fact]
    public async Task Downstream_failure_drops_the_batch_counts_it_and_keeps_going()
    {
        var downstream = new RecordingConsumer();
        downstream.FailAll("exporter broke");
        var batch = Traces(new BatchOptions { SendBatchSize = 5, Timeout = Long }, downstream);

        Assert.True((await Send(batch, Spans(5))).IsAccepted);
        await downstream.WaitUntilAsync(r => r.Count == 1);
        await AdvanceUntilAsync(() => batch.HeldItems == 0, TimeSpan.FromMilliseconds(10));

        downstream.Answer = _ => ConsumeResult.Success;
        Assert.True((await Send(batch, Spans(5, "later"))).IsAccepted);
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(2, downstream.Received.Count);
        Assert.Equal(5, Metric("otelcol_processor_batch_dropped_items"));
        Assert.Equal(5, MeterSnapshot.Take(_meter.Owns).Value("minicollector_processor_batch_dropped_items", "processor=batch", "reason=internal"));
    }

    [Fact]
    public async Task Downstream_exception_is_a_failure_not_a_hang()
    {
        var downstream = new RecordingConsumer { Answer = _ => throw new InvalidOperationException("boom") };
        var batch = Traces(new BatchOptions { SendBatchSize = 2, Timeout = Long }, downstream);

        Assert.True((await Send(batch, Spans(2))).IsAccepted);
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(0, batch.HeldItems);
        Assert.Equal(2, Metric("otelcol_processor_batch_dropped_items"));
    }

    [Fact]
    public async Task A_refusal_of_one_split_part_sends_that_part_and_the_rest_again()
    {
        int calls = 0;
        var downstream = new RecordingConsumer { Answer = _ => Interlocked.Increment(ref calls) == 2 ? ConsumeResult.Refuse("busy") : ConsumeResult.Success };
        var batch = Traces(new BatchOptions { SendBatchSize = 6, SendBatchMaxSize = 6, Timeout = Long }, downstream);

        Assert.True((await Send(batch, Spans(15))).IsAccepted);
        await AdvanceUntilAsync(() => downstream.Received.Count >= 3, TimeSpan.FromMilliseconds(20));
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        // The second part was refused once and sent again; nothing is lost, nothing else is repeated.
        Assert.Equal([6, 6, 6, 3], downstream.Received.Select(r => r.ItemCount));
        var names = downstream.Received.SelectMany(SpanNames).ToList();
        Assert.Equal(15, names.Distinct().Count());
        Assert.Equal(names.Skip(6).Take(6), names.Skip(12).Take(6));
    }

    [Fact]
    public async Task Shutdown_retries_a_refusing_downstream_until_its_deadline_then_counts_what_is_left()
    {
        var downstream = new RecordingConsumer();
        downstream.RefuseAll();
        var batch = Traces(new BatchOptions { SendBatchSize = 1000, Timeout = Long }, downstream);
        Assert.True((await Send(batch, Spans(7))).IsAccepted);

        using var deadline = new CancellationTokenSource();
        var shutdown = batch.ShutdownAsync(deadline.Token);
        await downstream.WaitUntilAsync(r => r.Count >= 1);
        Assert.False(shutdown.IsCompleted);

        await deadline.CancelAsync();
        await shutdown.WaitAsync(HangGuard);
        Assert.Equal(7, Metric("otelcol_processor_batch_dropped_items"));
        Assert.Equal(7, MeterSnapshot.Take(_meter.Owns).Value("minicollector_processor_batch_dropped_items", "processor=batch", "reason=shutdown"));
    }

    [Fact]
    public async Task Metadata_keys_batch_each_value_separately()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 10, Timeout = Long, MetadataKeys = ["tenant"] }, downstream);

        await Send(batch, Spans(6, "a1", Tenant("a")));
        await Send(batch, Spans(6, "b1", Tenant("b")));

        // 12 items in total, but no single tenant has reached 10.
        Assert.Empty(downstream.Received);

        await Send(batch, Spans(6, "a2", Tenant("a")));
        await downstream.WaitUntilAsync(r => r.Count == 1);

        var forA = Assert.Single(downstream.Received);
        Assert.Equal(12, forA.ItemCount);
        Assert.Equal(["a"], forA.Metadata.Get("tenant"));
        Assert.All(SpanNames(forA), n => Assert.StartsWith("a", n, StringComparison.Ordinal));

        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(2, downstream.Received.Count);
        var forB = downstream.Received[1];
        Assert.Equal(6, forB.ItemCount);
        Assert.Equal(["b"], forB.Metadata.Get("tenant"));
    }

    [Fact]
    public async Task Requests_without_the_metadata_key_share_one_batch()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 4, Timeout = Long, MetadataKeys = ["tenant"] }, downstream);

        await Send(batch, Spans(2));
        await Send(batch, Spans(2, "x", ClientMetadata.Empty));
        await downstream.WaitUntilAsync(r => r.Count == 1);

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
        await batch.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);

        Assert.True(a.IsAccepted);
        Assert.True(a2.IsAccepted);
        Assert.Equal(ConsumeOutcome.Failed, b.Outcome);
        Assert.Equal("too many batcher metadata-value combinations", b.Message);

        // Both of tenant a's spans arrived (in one or two sends, as the sender caught them); nothing of b.
        Assert.Equal(2, downstream.TotalItems);
        Assert.All(downstream.Received, r => Assert.Equal(["a"], r.Metadata.Get("tenant")));
    }

    [Fact]
    public async Task Batch_processor_does_not_change_the_data_it_forwards()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 1, Timeout = Long }, downstream);
        var request = Spans(3);

        await Send(batch, request).WaitAsync(HangGuard);
        await downstream.WaitForItemsAsync(3);

        Assert.False(batch.MutatesData);
        Assert.Equal(TracesCase.Instance.Build(R("svc", S("scope", 3))), ExportTraceServiceRequest.Parser.ParseFrom(Assert.Single(downstream.Received).Bytes.Span));
    }

    [Fact]
    public async Task Draining_sends_what_is_buffered_and_passes_new_data_on_at_once()
    {
        var downstream = new RecordingConsumer();
        var batch = Traces(new BatchOptions { SendBatchSize = 1000, Timeout = Long }, downstream);
        await Send(batch, Spans(2));
        Assert.Empty(downstream.Received);

        batch.OnShutdownBegins();
        await downstream.WaitForItemsAsync(2);
        Assert.True((await Send(batch, Spans(3))).IsAccepted);
        await downstream.WaitForItemsAsync(5);
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
        await Send(batch, Spans(1));
        await downstream.WaitUntilAsync(r => r.Count == 1);

        var shutdown = batch.ShutdownAsync(CancellationToken.None);

        Assert.False(shutdown.IsCompleted);
        gate.SetResult();
        await shutdown.WaitAsync(HangGuard);
        Assert.Equal(0, batch.HeldItems);
    }

    // What any MeterListener reads from the test's meter.
    private double Metric(string name) => MeterSnapshot.Take(_meter.Owns).Sum(name);
}
