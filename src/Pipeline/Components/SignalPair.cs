using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>What a connector turns into what: it is an exporter in <paramref name="From"/> pipelines and a receiver in <paramref name="To"/> pipelines.</summary>
public readonly record struct SignalPair(Signal From, Signal To)
{
    /// <inheritdoc />
    public override string ToString() => $"{From.Name()} → {To.Name()}";
}
