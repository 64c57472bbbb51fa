namespace MiniCollector.Connectors.Count;

/// <summary>
/// One count metric: its name and description, the OTTL conditions an item must meet (any of them; none: every item)
/// and the attributes it is counted by (one data point per distinct set of values).
/// </summary>
public sealed record CountMetricOptions(string Name, string Description, IReadOnlyList<string> Conditions, IReadOnlyList<CountAttribute> Attributes)
{
    /// <summary>A metric counting every item, with no attributes.</summary>
    public static CountMetricOptions Default(string name, string description) => new(name, description, [], []);
}
