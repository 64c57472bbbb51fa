using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Processors.Shared.Attributes;

namespace MiniCollector.Processors.Shared.Matching;

/// <summary>
/// The <c>attributes</c> or <c>resources</c> of a match: every listed key must be present, and where a value is given
/// the attribute must equal it (<c>strict</c>: same type and value) or its text must match it (<c>regexp</c>).
/// </summary>
internal sealed class AttributeMatcher(IReadOnlyList<AttributeMatcher.Condition> conditions)
{
    /// <summary>One listed key and what its value must be (neither: the key's presence is enough).</summary>
    public sealed record Condition(string Key, AnyValue? Value, StringMatcher? Pattern);

    private readonly Condition[] _conditions = [.. conditions];

    /// <summary>True when every condition holds.</summary>
    public bool Matches(RepeatedField<KeyValue>? attributes)
    {
        foreach (var condition in _conditions)
        {
            var value = attributes is null ? null : AttributeList.Get(attributes, condition.Key);
            if (value is null)
            {
                return false;
            }

            if (condition.Value is { } expected && !expected.Equals(value))
            {
                return false;
            }

            if (condition.Pattern is { } pattern && !(Text(value) is { } text && pattern.Matches(text)))
            {
                return false;
            }
        }

        return true;
    }

    // The reference matches a regexp only against scalar values, written as Go writes them.
    private static string? Text(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue or AnyValue.ValueOneofCase.BoolValue or AnyValue.ValueOneofCase.IntValue or AnyValue.ValueOneofCase.DoubleValue => ValueText.Of(value),
        _ => null,
    };
}
