namespace MiniCollector.Exposition;

/// <summary>What the writers need of a family besides its points; the members mean what they do in <see cref="MetricFamily"/>.</summary>
public readonly record struct FamilyMetadata(string Name, MetricType Type, string Help, string Unit)
{
    public static FamilyMetadata Of(MetricFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        return new(family.Name, family.Type, family.Help, family.Unit);
    }
}
