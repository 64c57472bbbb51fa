namespace MiniCollector.Pipeline.Components;

/// <summary>The component types this build knows, by kind and type name (aliases included).</summary>
public sealed class ComponentRegistry
{
    private readonly Dictionary<(ComponentKind, string), ComponentFactory> _byName = [];
    private readonly List<ComponentFactory> _factories = [];

    public ComponentRegistry(IEnumerable<ComponentFactory> factories)
    {
        foreach (var factory in factories)
        {
            _factories.Add(factory);
            _byName[(factory.Kind, factory.Type)] = factory;
            foreach (var alias in factory.Aliases)
            {
                _byName[(factory.Kind, alias)] = factory;
            }
        }
    }

    /// <summary>Every factory, in registration order.</summary>
    public IReadOnlyList<ComponentFactory> Factories => _factories;

    /// <summary>Finds the factory for a type name written in a config.</summary>
    public bool TryGet(ComponentKind kind, string type, out ComponentFactory factory) => _byName.TryGetValue((kind, type), out factory!);

    /// <summary>The type names (without aliases) of one kind, sorted, for "valid values" lists.</summary>
    public IReadOnlyList<string> TypeNames(ComponentKind kind)
        => [.. _factories.Where(f => f.Kind == kind).Select(f => f.Type).Order(StringComparer.Ordinal)];
}
