namespace MiniCollector.Pipeline.Components;

/// <summary>
/// A processor that can refuse data before it is even read (the memory limiter). Receivers ask every gate of the
/// pipelines a request would enter, before reading the body, and answer a refusal with 503 / UNAVAILABLE.
/// </summary>
public interface IAdmissionGate
{
    /// <summary>False while data must be refused; <paramref name="retryAfter"/> says when to try again.</summary>
    bool TryAdmit(out TimeSpan retryAfter, out string reason);
}

/// <summary>Every gate in front of one signal's pipelines; admits only when all do.</summary>
public sealed class AdmissionGates(IReadOnlyList<IAdmissionGate> gates)
{
    /// <summary>No gate: everything is admitted.</summary>
    public static AdmissionGates None { get; } = new([]);

    /// <summary>True when every gate admits.</summary>
    public bool TryAdmit(out TimeSpan retryAfter, out string reason)
    {
        foreach (var gate in gates)
        {
            if (!gate.TryAdmit(out retryAfter, out reason))
            {
                return false;
            }
        }

        retryAfter = TimeSpan.Zero;
        reason = string.Empty;
        return true;
    }
}

/// <summary>A component that wants to know when every component has started (health_check turns ready).</summary>
public interface IReadinessListener
{
    /// <summary>Called once after the whole service started.</summary>
    void OnServiceReady();
}
