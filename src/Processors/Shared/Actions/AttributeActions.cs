using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Processors.Shared.Actions;

/// <summary>The configured actions, applied in the order written to each attribute list.</summary>
internal sealed class AttributeActions(IReadOnlyList<AttributeAction> actions)
{
    private readonly AttributeAction[] _actions = [.. actions];

    /// <summary>How many actions there are.</summary>
    public int Count => _actions.Length;

    /// <summary>Applies every action; true when any changed the list.</summary>
    public bool Apply(RepeatedField<KeyValue> attributes, ClientMetadata metadata)
    {
        bool changed = false;
        foreach (var action in _actions)
        {
            changed |= action.Apply(attributes, metadata);
        }

        return changed;
    }
}
