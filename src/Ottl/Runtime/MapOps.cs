using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Ottl;

/// <summary>
/// Map operations on an OTLP attribute list (a repeated <c>KeyValue</c>): the first entry with a key is the value. A
/// linear scan beats a dictionary at the sizes attributes come in.
/// </summary>
internal static class MapOps
{
    /// <summary>The index of the entry with the key, or -1.</summary>
    public static int IndexOf(RepeatedField<KeyValue> map, string key)
    {
        for (int i = 0; i < map.Count; i++)
        {
            if (string.Equals(map[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The value under the key; nil when absent.</summary>
    public static OttlValue Get(RepeatedField<KeyValue> map, string key)
    {
        int index = IndexOf(map, key);
        return index < 0 ? OttlValue.Nil : OttlValue.From(map[index].Value);
    }

    /// <summary>Sets the key to a copy of the value (adding it at the end when absent); false when it already held it.</summary>
    public static bool Put(RepeatedField<KeyValue> map, string key, in OttlValue value)
    {
        int index = IndexOf(map, key);
        if (index < 0)
        {
            map.Add(new KeyValue { Key = key, Value = value.ToAnyValue() });
            return true;
        }

        if (value.SameAs(map[index].Value))
        {
            return false;
        }

        map[index].Value = value.ToAnyValue();
        return true;
    }

    /// <summary>Removes the key; false when absent.</summary>
    public static bool Remove(RepeatedField<KeyValue> map, string key)
    {
        int index = IndexOf(map, key);
        if (index < 0)
        {
            return false;
        }

        map.RemoveAt(index);
        return true;
    }

    /// <summary>Removes every entry the predicate selects; the number removed.</summary>
    public static int RemoveWhere<TState>(RepeatedField<KeyValue> map, TState state, Func<TState, KeyValue, bool> remove)
    {
        int removed = 0;
        for (int i = map.Count - 1; i >= 0; i--)
        {
            if (remove(state, map[i]))
            {
                map.RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Replaces the map's entries with copies of <paramref name="source"/>'s; false when they were already equal.</summary>
    public static bool ReplaceAll(RepeatedField<KeyValue> map, RepeatedField<KeyValue> source)
    {
        if (OttlCompare.Equal(OttlValue.Of(map), OttlValue.Of(source)))
        {
            return false;
        }

        var copies = new List<KeyValue>(source.Count);
        foreach (var entry in source)
        {
            copies.Add(entry.Clone());
        }

        map.Clear();
        map.AddRange(copies);
        return true;
    }
}
