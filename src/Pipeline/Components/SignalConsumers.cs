using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>
/// The consumers a receiver feeds, one per signal (null where no pipeline takes that signal from it), and the
/// admission gates (memory limiters) of those pipelines, consulted before a request body is read. Under a running
/// collector every signal has a consumer and <see cref="Serves"/> says, per request, whether a pipeline takes it now:
/// a config reload can add or remove a receiver's pipelines while it keeps listening.
/// </summary>
public sealed class SignalConsumers
{
    private readonly IConsumer?[] _consumers;
    private readonly AdmissionGates[] _gates;
    private readonly Func<Signal, bool>? _serves;

    /// <summary>Takes each signal's consumer and gates (<see cref="AdmissionGates.None"/> when no gates are given).</summary>
    /// <param name="consumerOf">Each signal's consumer; null where no pipeline takes it.</param>
    /// <param name="gatesOf">Each signal's gates.</param>
    /// <param name="serves">Whether a pipeline takes the signal now; by default, whether it has a consumer.</param>
    public SignalConsumers(Func<Signal, IConsumer?> consumerOf, Func<Signal, AdmissionGates>? gatesOf = null, Func<Signal, bool>? serves = null)
    {
        var signals = Enum.GetValues<Signal>();
        _consumers = [.. signals.Select(consumerOf)];
        _gates = [.. signals.Select(s => gatesOf?.Invoke(s) ?? AdmissionGates.None)];
        _serves = serves;
    }

    /// <summary>True when a pipeline takes <paramref name="signal"/> from this receiver now (an endpoint answers for it).</summary>
    public bool Serves(Signal signal) => _consumers[(int)signal] is not null && (_serves?.Invoke(signal) ?? true);

    /// <summary>One consumer taking every signal, with no gates.</summary>
    public static SignalConsumers AllTo(IConsumer consumer) => new(_ => consumer);

    /// <summary>The consumer of one signal; null when no pipeline takes it from this receiver.</summary>
    public IConsumer? For(Signal signal) => _consumers[(int)signal];

    /// <summary>The gates of one signal.</summary>
    public AdmissionGates GatesFor(Signal signal) => _gates[(int)signal];
}
