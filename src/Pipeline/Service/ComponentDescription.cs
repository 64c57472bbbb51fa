using MiniCollector.Pipeline.Components;

namespace MiniCollector.Pipeline.Service;

/// <summary>One component defined in the config, with its type's stability as its factory states it.</summary>
public sealed record ComponentDescription(ComponentKind Kind, ComponentId Id, string Type, string Stability);
