using MiniCollector.Otlp.Common;

namespace MiniCollector.Exporters.Prometheus.Translation;

/// <summary>
/// Builds one series' labels from OTLP-style (key, value) pairs: names are translated with
/// <see cref="PrometheusNames.LabelName"/>, pairs whose names collide are merged into one label whose values are
/// joined with <c>;</c> in the ordinal order of the original keys (as the spec says), and the result is sorted by
/// name, so the same attributes in any order give the same series.
/// </summary>
/// <remarks>
/// Pairs whose key has no valid label name are dropped, and so is a label whose (merged) value is empty: Prometheus
/// treats <c>a=""</c> as no label, so keeping it would expose two series Prometheus sees as one. Values are taken as
/// given; use <see cref="PrometheusNames.AnyValueText"/> (or <see cref="Add(KeyValue)"/>) for OTLP values. Not
/// thread-safe; <see cref="Clear"/> makes it reusable.
/// </remarks>
public sealed class LabelSetBuilder
{
    private Entry[] _entries;
    private int _count;
    private int _sequence;

    /// <summary>Creates a builder that names labels as <paramref name="strategy"/> says.</summary>
    public LabelSetBuilder(TranslationStrategy strategy, int capacity = 8)
    {
        Strategy = strategy;
        _entries = new Entry[Math.Max(capacity, 1)];
    }

    /// <summary>The strategy label names are translated with.</summary>
    public TranslationStrategy Strategy { get; }

    /// <summary>How many pairs have been added (before merging).</summary>
    public int Count => _count;

    /// <summary>Adds an attribute key (translated here) and its value as text.</summary>
    public LabelSetBuilder Add(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        string name = LabelNameMemo.Get(key, Strategy);
        if (name.Length == 0)
        {
            return this;
        }

        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[_count++] = new Entry(name, key, value, _sequence++);
        return this;
    }

    /// <summary>Adds an OTLP attribute, its value converted with <see cref="PrometheusNames.AnyValueText"/>.</summary>
    public LabelSetBuilder Add(KeyValue attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return Add(attribute.Key, PrometheusNames.AnyValueText(attribute.Value));
    }

    /// <summary>Adds every attribute of a list (a <c>RepeatedField&lt;KeyValue&gt;</c>, for instance).</summary>
    public LabelSetBuilder AddRange(IReadOnlyList<KeyValue> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        for (int i = 0; i < attributes.Count; i++)
        {
            Add(attributes[i]);
        }

        return this;
    }

    /// <summary>The labels, sorted by name (ordinal), each name once. The builder keeps its pairs.</summary>
    public KeyValuePair<string, string>[] Build()
    {
        var labels = new List<KeyValuePair<string, string>>(_count);
        BuildInto(labels);
        return [.. labels];
    }

    /// <summary>
    /// Replaces the content of <paramref name="labels"/> with what <see cref="Build"/> returns, so a caller that reuses
    /// one list builds a label set per data point without allocating. The builder keeps its pairs.
    /// </summary>
    public void BuildInto(List<KeyValuePair<string, string>> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        labels.Clear();
        var entries = _entries.AsSpan(0, _count);
        entries.Sort(static (a, b) =>
        {
            int c = string.CompareOrdinal(a.Name, b.Name);
            if (c == 0)
            {
                c = string.CompareOrdinal(a.Key, b.Key);
            }

            return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
        });

        for (int i = 0; i < entries.Length;)
        {
            int end = RunEnd(entries, i);
            if (HasValue(entries, i))
            {
                labels.Add(new(entries[i].Name, end - i == 1 ? entries[i].Value : Join(_entries, i, end)));
            }

            i = end;
        }
    }

    /// <summary>Forgets every pair, keeping the storage.</summary>
    public void Clear()
    {
        Array.Clear(_entries, 0, _count);
        _count = 0;
        _sequence = 0;
    }

    private static int RunEnd(ReadOnlySpan<Entry> entries, int start)
    {
        int end = start + 1;
        while (end < entries.Length && string.Equals(entries[end].Name, entries[start].Name, StringComparison.Ordinal))
        {
            end++;
        }

        return end;
    }

    // A merged value is empty only when the run is one pair with an empty value.
    private static bool HasValue(ReadOnlySpan<Entry> entries, int start) =>
        entries[start].Value.Length > 0 || (start + 1 < entries.Length && string.Equals(entries[start + 1].Name, entries[start].Name, StringComparison.Ordinal));

    private static string Join(Entry[] entries, int start, int end)
    {
        int length = end - start - 1;
        for (int i = start; i < end; i++)
        {
            length += entries[i].Value.Length;
        }

        return string.Create(length, (entries, start, end), static (chars, state) =>
        {
            int at = 0;
            for (int i = state.start; i < state.end; i++)
            {
                if (i > state.start)
                {
                    chars[at++] = ';';
                }

                var value = state.entries[i].Value;
                value.CopyTo(chars[at..]);
                at += value.Length;
            }
        });
    }

    private readonly record struct Entry(string Name, string Key, string Value, int Sequence);
}
