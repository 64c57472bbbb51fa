using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>
/// The consumers a receiver feeds, one per signal (null where no pipeline takes that signal from it), and the
/// admission gates (memory limiters) of those pipelines, consulted before a request body is read.
/// </summary>
public sealed record SignalConsumers(IConsumer? Traces, IConsumer? Metrics, IConsumer? Logs)
{
    /// <summary>Gates per signal; <see cref="AdmissionGates.None"/> when nothing limits.</summary>
    public AdmissionGates TracesGates { get; init; } = AdmissionGates.None;

    public AdmissionGates MetricsGates { get; init; } = AdmissionGates.None;

    public AdmissionGates LogsGates { get; init; } = AdmissionGates.None;

    /// <summary>The gates of one signal.</summary>
    public AdmissionGates GatesFor(Signal signal) => signal switch
    {
        Signal.Traces => TracesGates,
        Signal.Metrics => MetricsGates,
        _ => LogsGates,
    };

    /// <summary>The consumer of one signal.</summary>
    public IConsumer? For(Signal signal) => signal switch
    {
        Signal.Traces => Traces,
        Signal.Metrics => Metrics,
        _ => Logs,
    };
}
