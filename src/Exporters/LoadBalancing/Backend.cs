using MiniCollector.Exporters.Sending;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>One backend of the ring: its endpoint and its own sending queue and retry in front of its protocol client.</summary>
internal sealed class Backend(string endpoint, QueuedRetrySender queue, IDisposable client)
{
    private volatile bool _retired;

    /// <summary><c>host:port</c>, as the resolver gave it.</summary>
    public string Endpoint { get; } = endpoint;

    /// <summary>Its sending queue.</summary>
    public QueuedRetrySender Queue { get; } = queue;

    /// <summary>True once it left the ring: what it refuses from then on is sent elsewhere.</summary>
    public bool Retired => _retired;

    /// <summary>Queues (or sends) a part for this backend, in the room reserved for it if any.</summary>
    public ValueTask<ConsumeResult> SubmitAsync(TelemetryRequest request, CancellationToken cancellationToken, long? reserved = null)
        => Queue.SubmitAsync(request, cancellationToken, reserved);

    /// <summary>Takes the backend out of the ring and hands back what it has not delivered.</summary>
    public Task<IReadOnlyList<UnsentRequest>> RetireAsync(CancellationToken cancellationToken)
    {
        _retired = true;
        return Queue.WithdrawAsync(cancellationToken);
    }

    /// <summary>Closes its connections.</summary>
    public void Close() => client.Dispose();
}
