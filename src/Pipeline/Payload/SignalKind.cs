using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Payload;

/// <summary>
/// The per-signal request operations for code that handles all three signals without knowing the request type:
/// wrap stored bytes, merge, split. <see cref="For"/> is the one place a signal maps to its strategy.
/// </summary>
public abstract class SignalKind
{
    private protected SignalKind()
    {
    }

    /// <summary>The signal this strategy handles.</summary>
    public abstract Signal Signal { get; }

    /// <summary>The strategy of a signal.</summary>
    public static SignalKind For(Signal signal) => signal switch
    {
        Signal.Traces => TracesKind.Instance,
        Signal.Metrics => MetricsKind.Instance,
        _ => LogsKind.Instance,
    };

    /// <summary>Wraps serialized bytes whose item count is already known (negative: count on first need).</summary>
    public abstract TelemetryRequest FromBytes(ReadOnlyMemory<byte> bytes, ClientMetadata metadata, int itemCount);

    /// <summary>One request holding the parts in order, without copying them; the parts must be of this signal.</summary>
    public abstract TelemetryRequest Concat(IReadOnlyList<TelemetryRequest> parts, ClientMetadata metadata);

    /// <summary>Splits a request of this signal into requests of at most <paramref name="maxItems"/> items, all full but the last.</summary>
    public abstract IReadOnlyList<TelemetryRequest> Split(TelemetryRequest request, int maxItems);
}
