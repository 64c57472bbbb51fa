using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Connectors.Forward;

/// <summary>Hands each request on as it is; the answer of the pipelines it feeds is the answer it gives.</summary>
internal sealed class ForwardConnector(IConsumer targets) : IConnector
{
    /// <inheritdoc />
    /// <remarks>
    /// The request goes on as it is, so a pipeline fed that changes data must not change the upstream pipeline's
    /// shared copy: the connector then asks for its own.
    /// </remarks>
    public bool MutatesData => targets.MutatesData;

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken) => targets.ConsumeAsync(request, cancellationToken);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
