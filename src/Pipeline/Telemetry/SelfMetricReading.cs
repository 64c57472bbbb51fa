namespace MiniCollector.Pipeline.Telemetry;

/// <summary>One series of a self-metric as a listener reads it: the instrument's name and kind, its labels and value.</summary>
/// <param name="Name">The instrument's name (<c>otelcol_receiver_accepted_spans</c>).</param>
/// <param name="Description">The instrument's description (the exposition's HELP).</param>
/// <param name="Counter">True for a monotonic total, false for a current value.</param>
/// <param name="Labels">The series' labels, sorted by name.</param>
/// <param name="Value">The value read.</param>
public readonly record struct SelfMetricReading(string Name, string Description, bool Counter, KeyValuePair<string, string>[] Labels, double Value);
