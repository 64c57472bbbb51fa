using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Components;

/// <summary>
/// An extension that sees what receivers hand to the pipelines (the zpages extension's recent telemetry). The graph
/// puts a tap after every receiver only when an extension implements this, so a collector without one pays nothing.
/// </summary>
public interface ITelemetryTap
{
    /// <summary>
    /// True while the tap keeps what it is shown. Read once per request on the receive path, so it must be a plain
    /// field read: while false the request goes on untouched.
    /// </summary>
    bool IsCapturing { get; }

    /// <summary>
    /// Called with a request the pipelines accepted, before the receiver answers. The request must not be changed and
    /// must not be kept: its bytes may belong to a buffer the receiver reuses once it answered, so a tap copies what it
    /// keeps before returning.
    /// </summary>
    void Observe(ComponentId receiver, TelemetryRequest request);
}
