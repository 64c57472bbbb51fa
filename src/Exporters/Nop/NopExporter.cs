using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Nop;

/// <summary>The <c>nop</c> exporter: accepts everything and keeps nothing (for benchmarks and tests).</summary>
public sealed class NopExporter : IExporter
{
    /// <inheritdoc />
    public bool MutatesData => false;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(ConsumeResult.Success);
}
