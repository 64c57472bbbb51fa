using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Graph;

/// <summary>
/// What one receiver is given, per signal: a <see cref="ReloadableConsumer"/> in front of the pipelines it feeds and a
/// <see cref="ReloadableGate"/> in front of their memory limiters. A receiver kept by a reload keeps these and its
/// listeners; only their targets change.
/// </summary>
internal sealed class ReceiverInputs
{
    private readonly ReloadableConsumer[] _consumers;
    private readonly ReloadableGate[] _gates;

    public ReceiverInputs(Func<Signal, IConsumer?> consumerOf, Func<Signal, AdmissionGates> gatesOf)
    {
        var signals = Enum.GetValues<Signal>();
        _consumers = [.. signals.Select(s => new ReloadableConsumer(consumerOf(s), s))];
        _gates = [.. signals.Select(s => new ReloadableGate(gatesOf(s)))];
    }

    /// <summary>
    /// What the receiver's factory is given: a consumer for every signal (a reload may add a pipeline for one it did not
    /// take), served while a pipeline takes it.
    /// </summary>
    public SignalConsumers Consumers => new(s => _consumers[(int)s], s => new AdmissionGates([_gates[(int)s]]), s => _consumers[(int)s].HasTarget);

    /// <summary>
    /// Points every signal at its new pipelines (none: the endpoint stops answering for it) and gates. The task completes
    /// when no request is left in the old pipelines.
    /// </summary>
    public Task Retarget(Func<Signal, IConsumer?> consumerOf, Func<Signal, AdmissionGates> gatesOf)
    {
        var drains = new List<Task>();
        foreach (var signal in Enum.GetValues<Signal>())
        {
            _gates[(int)signal].Gates = gatesOf(signal);
            drains.Add(_consumers[(int)signal].Swap(consumerOf(signal)));
        }

        return Task.WhenAll(drains);
    }
}
