using MiniCollector.Exporters.Prometheus.Store;

namespace MiniCollector.Exporters.Prometheus.Ingest;

/// <summary>
/// A metric's name, unit and description as received, decoded once, with the families they translate to per shape
/// (filled on first use), so a metric sent on every export is decoded and named once.
/// </summary>
internal sealed class MetricHeader(string name, string unit, string description)
{
    public string Name { get; } = name;

    public string Unit { get; } = unit;

    public string Description { get; } = description;

    /// <summary>Whether the name has characters a Prometheus name can be made of; null until worked out.</summary>
    public bool? Usable { get; set; }

    public FamilyInfo? Gauge { get; set; }

    public FamilyInfo? Counter { get; set; }

    public FamilyInfo? NonMonotonicSum { get; set; }
}
