using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Connectors.Routing;

/// <summary>
/// A <c>request</c>-context condition: <c>request["name"] == "value"</c> or <c>!=</c>, the reference's whole grammar
/// for it, matched against the request's client metadata (any value of the key, compared exactly; the key
/// case-insensitively, as gRPC metadata and HTTP headers are).
/// </summary>
public sealed record RequestCondition(string Key, string Value, bool Equal)
{
    /// <summary>True when a value of the key compares as the condition says (with <c>!=</c>, some value differs).</summary>
    public bool Matches(ClientMetadata metadata)
    {
        foreach (var value in metadata.Get(Key))
        {
            if (string.Equals(value, Value, StringComparison.Ordinal) == Equal)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads a condition; null with <paramref name="error"/> (the reference's wording) when it is not of the form.</summary>
    public static RequestCondition? Parse(string condition, out string? error)
    {
        error = null;
        if (condition.Length == 0)
        {
            error = "condition is empty";
            return null;
        }

        int equal = condition.IndexOf("==", StringComparison.Ordinal);
        int notEqual = condition.IndexOf("!=", StringComparison.Ordinal);
        int comparators = Count(condition, "==") + Count(condition, "!=");
        if (comparators == 0)
        {
            error = "condition does not contain a valid comparator";
            return null;
        }

        if (comparators > 1)
        {
            error = "condition contains multiple comparators";
            return null;
        }

        int at = equal >= 0 ? equal : notEqual;
        var left = condition[..at].Trim();
        var right = condition[(at + 2)..].Trim();
        if (!left.StartsWith("request[\"", StringComparison.Ordinal) || !left.EndsWith("\"]", StringComparison.Ordinal) || left.Length < "request[\"\"]".Length)
        {
            error = "condition must have format 'request[\"<name>\"] <comparator> <value>'";
            return null;
        }

        if (right.Length < 2 || right[0] != '"' || right[^1] != '"')
        {
            error = "condition must have format 'request[\"<name>\"] <comparator> \"<value>\"'";
            return null;
        }

        return new RequestCondition(left["request[\"".Length..^2], right[1..^1], equal >= 0);
    }

    /// <inheritdoc />
    public override string ToString() => $"request[\"{Key}\"] {(Equal ? "==" : "!=")} \"{Value}\"";

    private static int Count(string text, string what)
    {
        int count = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
