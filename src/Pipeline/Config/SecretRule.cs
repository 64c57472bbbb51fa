namespace MiniCollector.Pipeline.Config;

/// <summary>How a <see cref="SecretRule"/> matches the path of keys leading to a value.</summary>
public enum SecretMatch
{
    /// <summary>The value's key is the text (case-insensitive).</summary>
    Key,

    /// <summary>The value's key contains the text (case-insensitive), unless the key names a file.</summary>
    KeyContains,

    /// <summary>The value sits under a key that is the text: every entry of that map is secret.</summary>
    KeyUnder,

    /// <summary>The path ends with the text's <c>::</c>-separated keys.</summary>
    Path,
}

/// <summary>One row of <see cref="ConfigSecrets.Rules"/>: what matches and why it is a secret.</summary>
public sealed record SecretRule(SecretMatch Match, string Text, string Why)
{
    private readonly string[] _keys = Text.Split("::");

    /// <summary>True when the value at <paramref name="path"/> (keys from the root) is secret by this rule.</summary>
    public bool Matches(IReadOnlyList<string> path)
    {
        if (path.Count == 0)
        {
            return false;
        }

        var key = path[^1];
        switch (Match)
        {
            case SecretMatch.Key:
                return key.Equals(Text, StringComparison.OrdinalIgnoreCase);
            case SecretMatch.KeyContains:
                return key.Contains(Text, StringComparison.OrdinalIgnoreCase) && !ConfigSecrets.NamesAFile(key);
            case SecretMatch.KeyUnder:
                return path.Count >= 2 && path[^2].Equals(Text, StringComparison.OrdinalIgnoreCase);
            default:
                if (path.Count < _keys.Length)
                {
                    return false;
                }

                for (int i = 0; i < _keys.Length; i++)
                {
                    if (!path[path.Count - _keys.Length + i].Equals(_keys[i], StringComparison.OrdinalIgnoreCase))
                    {
                        return false;
                    }
                }

                return true;
        }
    }
}
