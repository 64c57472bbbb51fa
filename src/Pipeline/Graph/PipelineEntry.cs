using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Graph;

/// <summary>
/// The first consumer of a pipeline, declaring whether anything in that pipeline changes data. A receiver that
/// feeds several pipelines fans out through these, so a pipeline with a mutating processor or exporter anywhere
/// gets its own copy and the other pipelines never see its changes.
/// </summary>
internal sealed class PipelineEntry(IConsumer first, bool mutates) : IConsumer
{
    /// <inheritdoc />
    public bool MutatesData => mutates;

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
        => first.ConsumeAsync(request, cancellationToken);
}
