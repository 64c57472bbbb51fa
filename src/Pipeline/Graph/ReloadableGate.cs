using MiniCollector.Pipeline.Components;

namespace MiniCollector.Pipeline.Graph;

/// <summary>
/// The admission gates (memory limiters) in front of one signal of a receiver, swappable together with its
/// <see cref="ReloadableConsumer"/> when a reload rebuilds the pipelines behind it.
/// </summary>
internal sealed class ReloadableGate(AdmissionGates gates) : IAdmissionGate
{
    private volatile AdmissionGates _gates = gates;

    /// <summary>The gates new requests are asked at.</summary>
    public AdmissionGates Gates
    {
        get => _gates;
        set => _gates = value;
    }

    /// <inheritdoc />
    public bool TryAdmit(out TimeSpan retryAfter, out string reason) => _gates.TryAdmit(out retryAfter, out reason);
}
