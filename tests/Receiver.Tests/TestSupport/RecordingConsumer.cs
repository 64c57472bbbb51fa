using System.Collections.Concurrent;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Receiver.Tests.TestSupport;

/// <summary>A consumer that keeps every request it is given and answers what the test tells it to.</summary>
internal sealed class RecordingConsumer : IConsumer
{
    public ConcurrentQueue<TelemetryRequest> Received { get; } = new();

    public ConsumeResult Answer { get; set; } = ConsumeResult.Success;

    public bool MutatesData => false;

    public int ItemCount => Received.Sum(r => r.ItemCount);

    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        Received.Enqueue(request);
        return ValueTask.FromResult(Answer);
    }
}
