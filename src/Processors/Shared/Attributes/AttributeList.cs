using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Processors.Shared.Attributes;

/// <summary>
/// Map operations on an OTLP attribute list (a repeated <c>KeyValue</c>): keys are unique in valid data, so the first
/// entry with a key is the attribute. A linear scan beats a dictionary at the sizes attributes come in.
/// </summary>
internal static class AttributeList
{
    /// <summary>The index of the attribute with the key, or -1.</summary>
    public static int IndexOf(RepeatedField<KeyValue> attributes, string key)
    {
        for (int i = 0; i < attributes.Count; i++)
        {
            if (string.Equals(attributes[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The value of the attribute with the key, or null when absent.</summary>
    public static AnyValue? Get(RepeatedField<KeyValue> attributes, string key)
    {
        int index = IndexOf(attributes, key);
        return index < 0 ? null : attributes[index].Value ?? new AnyValue();
    }

    /// <summary>Sets the attribute to a copy of <paramref name="value"/>, adding it at the end when absent.</summary>
    public static void Put(RepeatedField<KeyValue> attributes, string key, AnyValue value)
    {
        int index = IndexOf(attributes, key);
        if (index < 0)
        {
            attributes.Add(new KeyValue { Key = key, Value = value.Clone() });
        }
        else
        {
            attributes[index].Value = value.Clone();
        }
    }

    /// <summary>Removes the attribute; false when it was absent.</summary>
    public static bool Remove(RepeatedField<KeyValue> attributes, string key)
    {
        int index = IndexOf(attributes, key);
        if (index < 0)
        {
            return false;
        }

        attributes.RemoveAt(index);
        return true;
    }
}
