namespace MiniCollector.Exposition;

/// <summary>
/// OpenMetrics caps an exemplar's label names and values at 128 code points in total. <c>trace_id</c> and
/// <c>span_id</c> are what make an exemplar useful, so they are kept first; the other (filtered) labels are kept in
/// order while they still fit, and an exemplar whose trace and span ids alone do not fit is not exposed at all.
/// </summary>
internal static class ExemplarLabels
{
    /// <summary>The OpenMetrics limit on an exemplar label set, in Unicode code points.</summary>
    public const int MaxCodePoints = 128;

    /// <summary>
    /// The code points left for the non-id labels once trace_id and span_id are counted, or -1 when the exemplar must
    /// be skipped. Walk the labels in order with <see cref="Keep"/> to decide each one.
    /// </summary>
    public static int Budget(IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        var used = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            if (IsId(label.Key))
            {
                used += CodePoints(label.Key) + CodePoints(label.Value);
            }
        }

        return used > MaxCodePoints ? -1 : MaxCodePoints - used;
    }

    /// <summary>Whether to write this label, charging non-id labels to <paramref name="budget"/>.</summary>
    public static bool Keep(KeyValuePair<string, string> label, ref int budget)
    {
        if (IsId(label.Key))
        {
            return true;
        }

        var cost = CodePoints(label.Key) + CodePoints(label.Value);
        if (cost > budget)
        {
            return false;
        }

        budget -= cost;
        return true;
    }

    private static bool IsId(string name) => name is "trace_id" or "span_id";

    private static int CodePoints(string text)
    {
        // One per UTF-16 unit, minus the second half of each surrogate pair.
        var count = text.Length;
        for (var i = 1; i < text.Length; i++)
        {
            if (char.IsLowSurrogate(text[i]) && char.IsHighSurrogate(text[i - 1]))
            {
                count--;
            }
        }

        return count;
    }
}
