namespace MiniCollector.Pipeline.Config;

/// <summary>
/// "Did you mean" for config errors: the Damerau–Levenshtein distance (optimal string alignment: insert, delete,
/// substitute, swap two neighbours) and the closest candidate within a threshold that grows with the word's length.
/// </summary>
public static class EditDistance
{
    /// <summary>The number of single-character edits (a swap of two neighbours counts as one) from a to b, ignoring case.</summary>
    public static int Between(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, d[i - 2, j - 2] + 1);
                }

                d[i, j] = best;
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>
    /// How many edits still count as a near miss: 1 up to 5 characters, 2 up to 9, then 3. Small on purpose: a wrong
    /// suggestion costs the reader more than none.
    /// </summary>
    public static int Threshold(string word) => word.Length <= 5 ? 1 : word.Length <= 9 ? 2 : 3;

    /// <summary>The candidate nearest to <paramref name="word"/> within <see cref="Threshold"/>; null when none is near (or it is the word itself).</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = Threshold(word) + 1;
        foreach (var candidate in candidates)
        {
            if (candidate == word)
            {
                continue;
            }

            int distance = Between(word, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }
}
