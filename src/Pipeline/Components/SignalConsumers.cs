using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>
/// The consumers a receiver feeds, one per signal (null where no pipeline takes that signal from it), and the
/// admission gates (memory limiters) of those pipelines, consulted before a request body is read.
/// </summary>
public sealed class SignalConsumers
{
    private readonly IConsumer?[] _consumers;
    private readonly AdmissionGates[] _gates;

    /// <summary>Takes each signal's consumer and gates (<see cref="AdmissionGates.None"/> when no gates are given).</summary>
    public SignalConsumers(Func<Signal, IConsumer?> consumerOf, Func<Signal, AdmissionGates>? gatesOf = null)
    {
        var signals = Enum.GetValues<Signal>();
        _consumers = [.. signals.Select(consumerOf)];
        _gates = [.. signals.Select(s => gatesOf?.Invoke(s) ?? AdmissionGates.None)];
    }

    /// <summary>One consumer taking every signal, with no gates.</summary>
    public static SignalConsumers AllTo(IConsumer consumer) => new(_ => consumer);

    /// <summary>The consumer of one signal; null when no pipeline takes it from this receiver.</summary>
    public IConsumer? For(Signal signal) => _consumers[(int)signal];

    /// <summary>The gates of one signal.</summary>
    public AdmissionGates GatesFor(Signal signal) => _gates[(int)signal];
}
