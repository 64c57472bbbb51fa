using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Consumers;

/// <summary>
/// Anything that takes requests: a processor, an exporter, a fan-out. Errors and backpressure travel back as the
/// returned <see cref="ConsumeResult"/>, never as a silent drop.
/// </summary>
public interface IConsumer
{
    /// <summary>True when this consumer changes the data it is given, so a fan-out hands it its own copy.</summary>
    bool MutatesData { get; }

    /// <summary>Consumes one request. The request must not be changed unless <see cref="MutatesData"/> is true.</summary>
    ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken);
}
