using MiniCollector.Pipeline.Exposition;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>One metric family of the store: its single TYPE, first HELP and UNIT, and its series by identity.</summary>
internal sealed class FamilyState(string name, MetricType type, string help, string unit)
{
    public string Name { get; } = name;

    public MetricType Type { get; } = type;

    public string Help { get; } = help;

    public string Unit { get; } = unit;

    public Dictionary<string, SeriesState> Series { get; } = new(StringComparer.Ordinal);
}

/// <summary>What identifies a family as written by the translator.</summary>
internal readonly record struct FamilyInfo(string Name, MetricType Type, string Help, string Unit);

/// <summary>A series' identity: a key unique within its family, and its labels sorted by name.</summary>
internal readonly record struct SeriesId(string Key, IReadOnlyList<KeyValuePair<string, string>> Labels);
