namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Explains an unknown key: where it would be valid (further down or up the same section, as users indent a key one
/// level wrong), else the near miss among the section's keys, else the other sections that take it.
/// </summary>
public static class UnknownKeyAdvice
{
    private const int MaxElsewhere = 3;

    /// <summary>A sentence starting with "; " to append to the error, or empty when there is nothing to say.</summary>
    public static string Explain(string key, string sectionPath, IReadOnlyList<string> validHere, ConfigSchema? schema)
    {
        var down = new List<string>();
        var up = new List<string>();
        var elsewhere = new List<string>();
        if (schema is not null)
        {
            var here = schema.Normalize(sectionPath);
            var written = sectionPath.Length == 0 ? [] : sectionPath.Split("::");
            foreach (var place in schema.SectionsTaking(key))
            {
                if (place == here)
                {
                    continue;
                }

                if (here.Length == 0 || place.StartsWith(here + "::", StringComparison.Ordinal))
                {
                    // Show the path as written (otlp/2, not otlp) with the part below it from the schema.
                    down.Add(sectionPath + (here.Length == 0 ? place : place[here.Length..]));
                }
                else if (place.Length == 0 || here.StartsWith(place + "::", StringComparison.Ordinal))
                {
                    up.Add(place.Length == 0 ? "the top level" : string.Join("::", written.Take(place.Split("::").Length)));
                }
                else
                {
                    elsewhere.Add(place);
                }
            }
        }

        // A whole section ("receivers" under "service") is not one level off: only sections close by count.
        if (down.Count > 0 && Levels(sectionPath, down[0]) <= 2)
        {
            return $"; it belongs {LevelWords(Levels(sectionPath, down[0]))} down, under {Join(down)}";
        }

        if (up.Count > 0)
        {
            return $"; it belongs {LevelWords(Levels(up[0], sectionPath))} up, under {Join(up)}";
        }

        if (EditDistance.Closest(key, validHere) is { } near)
        {
            return $"; did you mean \"{near}\"?";
        }

        if (elsewhere.Count > 0)
        {
            // The shallowest sections first: they are the likeliest meant.
            elsewhere.Sort((a, b) => Depth(a).CompareTo(Depth(b)));
            var shown = string.Join(", ", elsewhere.Take(MaxElsewhere)) + (elsewhere.Count > MaxElsewhere ? ", ..." : string.Empty);
            return $"; \"{key}\" is a key of {shown}, not of {(sectionPath.Length == 0 ? "the top level" : sectionPath)}";
        }

        return string.Empty;
    }

    private static int Levels(string upper, string lower)
    {
        if (upper == "the top level")
        {
            upper = string.Empty;
        }

        return Depth(lower) - Depth(upper);
    }

    private static int Depth(string path) => path.Length == 0 ? 0 : path.Split("::").Length;

    private static string LevelWords(int levels) => levels switch
    {
        1 => "one level",
        2 => "two levels",
        _ => levels + " levels",
    };

    private static string Join(List<string> places) => places.Count == 1 ? places[0] : string.Join(" or ", places);
}
