using System.Text.RegularExpressions;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Processors.Shared.Attributes;

namespace MiniCollector.Processors.Shared.Actions;

/// <summary>The attributes <c>delete</c> and <c>hash</c> act on: the one named <c>key</c>, and every key <c>pattern</c> matches.</summary>
internal sealed class KeySelection(string? key, Regex? pattern)
{
    /// <summary>Calls <paramref name="act"/> with the index of each selected attribute, last first (so removal is safe); the count of calls.</summary>
    public int ForEach(RepeatedField<KeyValue> attributes, Action<RepeatedField<KeyValue>, int> act)
    {
        int acted = 0;
        if (key is not null)
        {
            int index = AttributeList.IndexOf(attributes, key);
            if (index >= 0)
            {
                act(attributes, index);
                acted++;
            }
        }

        if (pattern is not null)
        {
            for (int i = attributes.Count - 1; i >= 0; i--)
            {
                if (pattern.IsMatch(attributes[i].Key))
                {
                    act(attributes, i);
                    acted++;
                }
            }
        }

        return acted;
    }
}
