namespace MiniCollector.Pipeline.Components;

/// <summary>A component id, <c>type[/name]</c>, e.g. <c>otlp</c>, <c>otlp/internal</c>, <c>batch/traces</c>.</summary>
public readonly record struct ComponentId(string Type, string Name)
{
    /// <summary>Parses an id; returns an error message instead when it is malformed (same rules as the reference).</summary>
    public static bool TryParse(string text, out ComponentId id, out string? error)
    {
        id = default;
        error = null;
        int slash = text.IndexOf('/');
        var type = slash < 0 ? text : text[..slash];
        var name = slash < 0 ? string.Empty : text[(slash + 1)..];
        if (type.Length == 0)
        {
            error = $"in \"{text}\" id: the part before / should not be empty";
            return false;
        }

        if (!IsValidType(type))
        {
            error = $"in \"{text}\" id: invalid character(s) in type \"{type}\"";
            return false;
        }

        if (slash >= 0 && name.Length == 0)
        {
            error = $"in \"{text}\" id: the part after / should not be empty";
            return false;
        }

        if (name.Length > 1024 || name.Any(IsForbiddenInName))
        {
            error = $"in \"{text}\" id: invalid character(s) in name \"{name}\"";
            return false;
        }

        id = new ComponentId(type, name);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Name.Length == 0 ? Type : Type + "/" + Name;

    // The reference's name rule: no separators (\pZ), control/format/unassigned characters (\pC) or symbols (\pS).
    private static bool IsForbiddenInName(char c) => char.GetUnicodeCategory(c) switch
    {
        System.Globalization.UnicodeCategory.SpaceSeparator or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator => true,
        System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.Surrogate
            or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned => true,
        System.Globalization.UnicodeCategory.MathSymbol or System.Globalization.UnicodeCategory.CurrencySymbol
            or System.Globalization.UnicodeCategory.ModifierSymbol or System.Globalization.UnicodeCategory.OtherSymbol => true,
        _ => false,
    };

    private static bool IsValidType(string type)
    {
        if (type.Length > 63 || !char.IsAsciiLetter(type[0]))
        {
            return false;
        }

        foreach (char c in type)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
