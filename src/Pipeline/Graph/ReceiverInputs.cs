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
    private readonly ReloadableConsumer?[] _consumers;
    private readonly ReloadableGate[] _gates;

    public ReceiverInputs(Func<Signal, IConsumer?> consumerOf, Func<Signal, AdmissionGates> gatesOf)
    {
        var signals = Enum.GetValues<Signal>();
        _consumers = [.. signals.Select(s => consumerOf(s) is { } target ? new ReloadableConsumer(target) : null)];
        _gates = [.. signals.Select(s => new ReloadableGate(gatesOf(s)))];
    }

    /// <summary>What the receiver's factory is given.</summary>
    public SignalConsumers Consumers => new(s => _consumers[(int)s], s => new AdmissionGates([_gates[(int)s]]));

    /// <summary>
    /// Points every signal at its new pipelines and gates (the signals fed are the same: <see cref="ReloadPlan"/> keeps a
    /// receiver only then). The task completes when no request is left in the old pipelines.
    /// </summary>
    public Task Retarget(Func<Signal, IConsumer?> consumerOf, Func<Signal, AdmissionGates> gatesOf)
    {
        var drains = new List<Task>();
        foreach (var signal in Enum.GetValues<Signal>())
        {
            _gates[(int)signal].Gates = gatesOf(signal);
            if (_consumers[(int)signal] is { } consumer && consumerOf(signal) is { } target)
            {
                drains.Add(consumer.Swap(target));
            }
        }

        return Task.WhenAll(drains);
    }
}
