using System.Globalization;
using System.Text;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Resource;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>The text keys hashed onto the ring: a service name, a resource's identity, a composite of attribute values.</summary>
internal static class RoutingText
{
    /// <summary>The resource's <c>service.name</c>; empty when it has none (all such items then share one backend).</summary>
    public static string ServiceName(Resource? resource)
    {
        if (resource is not null)
        {
            foreach (var attribute in resource.Attributes)
            {
                if (attribute.Key == "service.name")
                {
                    return Text(attribute.Value);
                }
            }
        }

        return string.Empty;
    }

    /// <summary>Every attribute of a set, sorted by name, as <c>name=value|</c>: equal sets give equal text in any order.</summary>
    public static void AppendSorted(StringBuilder text, RepeatedField<KeyValue>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return;
        }

        var sorted = attributes.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var attribute in sorted)
        {
            text.Append(attribute.Key).Append('=').Append(Text(attribute.Value)).Append('|');
        }
    }

    /// <summary>The resource's identity: its attributes, sorted.</summary>
    public static string ResourceIdentity(Resource? resource)
    {
        var text = new StringBuilder();
        AppendSorted(text, resource?.Attributes);
        return text.ToString();
    }

    /// <summary>
    /// The composite key of <c>routing_attributes</c>: <c>name=value|</c> for each name in order, the value looked up in
    /// <paramref name="levels"/> from the innermost (the item's own attributes) out; <c>name=|</c> when none has it.
    /// <paramref name="pseudo"/> answers names that are no attribute (<c>span.name</c>, <c>span.kind</c>).
    /// </summary>
    public static string Composite(IReadOnlyList<string> names, Func<string, string?>? pseudo, params ReadOnlySpan<RepeatedField<KeyValue>?> levels)
    {
        var text = new StringBuilder();
        foreach (var name in names)
        {
            text.Append(name).Append('=').Append(pseudo?.Invoke(name) ?? Find(name, levels) ?? string.Empty).Append('|');
        }

        return text.ToString();
    }

    /// <summary>An attribute value as text: strings as they are, numbers invariant, anything else as its protobuf JSON.</summary>
    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        null or AnyValue.ValueOneofCase.None => string.Empty,
        _ => value.ToString(),
    };

    private static string? Find(string name, ReadOnlySpan<RepeatedField<KeyValue>?> levels)
    {
        for (int level = levels.Length - 1; level >= 0; level--)
        {
            if (levels[level] is not { } attributes)
            {
                continue;
            }

            foreach (var attribute in attributes)
            {
                if (attribute.Key == name)
                {
                    return Text(attribute.Value);
                }
            }
        }

        return null;
    }
}
