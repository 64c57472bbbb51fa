using Google.Protobuf.Collections;

namespace MiniCollector.Pipeline.Payload;

/// <summary>
/// Removes the items of a decoded request whose ids break an <see cref="IdRule"/>, so one bad item costs only itself
/// (reported as partial success) instead of failing the whole request as the reference collector does.
/// </summary>
public static class InvalidIdFilter
{
    /// <summary>
    /// Keeps the items without a problem, in order; returns how many were dropped and keeps the first problem.
    /// The list is rebuilt only when something was dropped, so a request full of bad items costs linear time
    /// rather than one shift of the list per removal.
    /// </summary>
    public static long KeepValid<T>(RepeatedField<T> items, Func<T, string?> problem, ref string? firstReason)
    {
        List<T>? kept = null;
        for (int i = 0; i < items.Count; i++)
        {
            var found = problem(items[i]);
            if (found is null)
            {
                kept?.Add(items[i]);
                continue;
            }

            if (kept is null)
            {
                kept = new List<T>(items.Count);
                for (int j = 0; j < i; j++)
                {
                    kept.Add(items[j]);
                }
            }

            firstReason ??= found;
        }

        if (kept is null)
        {
            return 0;
        }

        long dropped = items.Count - kept.Count;
        items.Clear();
        items.AddRange(kept);
        return dropped;
    }

    /// <summary>The partial-success message: how many items were dropped and the first reason; null when none were.</summary>
    public static string? Summary(long rejected, string itemNoun, string? firstReason)
        => firstReason is null ? null : $"{rejected} {itemNoun} rejected because of malformed ids (first: {firstReason})";
}
