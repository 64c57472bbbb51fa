using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace MiniCollector.Pipeline.Payload;

/// <summary>
/// The rules a <see cref="WireValidator"/> checks, compiled once from a request type's protobuf descriptors into
/// flat tables indexed by field number, so the scan itself never looks at a descriptor.
/// </summary>
/// <remarks>
/// Deriving the tables from the generated descriptors keeps them exactly in step with <c>proto/</c>; only the
/// OTLP-specific facts (which repeated field holds the items, which bytes fields are ids) are named here.
/// </remarks>
internal sealed class WireSchema
{
    // Items are what the collector counts: spans, data points, log records.
    private static readonly HashSet<string> ItemFields =
    [
        "opentelemetry.proto.trace.v1.ScopeSpans.spans",
        "opentelemetry.proto.logs.v1.ScopeLogs.log_records",
        "opentelemetry.proto.metrics.v1.Gauge.data_points",
        "opentelemetry.proto.metrics.v1.Sum.data_points",
        "opentelemetry.proto.metrics.v1.Histogram.data_points",
        "opentelemetry.proto.metrics.v1.ExponentialHistogram.data_points",
        "opentelemetry.proto.metrics.v1.Summary.data_points",
    ];

    // The same id rules the per-item check of a decoded request applies (IdRules).
    private static readonly Dictionary<string, IdRule> IdFields = IdRules.All.ToDictionary(r => r.FullName, StringComparer.Ordinal);

    private WireSchema(MessageRules[] messages)
    {
        Messages = messages;
    }

    /// <summary>Rules per message type; index 0 is the request message.</summary>
    public MessageRules[] Messages { get; }

    /// <summary>Compiles the rules of a request message and every message it contains.</summary>
    public static WireSchema For(MessageDescriptor request)
    {
        var index = new Dictionary<MessageDescriptor, int>();
        var order = new List<MessageDescriptor>();
        Collect(request, index, order);

        var messages = new MessageRules[order.Count];
        for (int m = 0; m < order.Count; m++)
        {
            messages[m] = Compile(order[m], index);
        }

        return new WireSchema(messages);
    }

    private static void Collect(MessageDescriptor message, Dictionary<MessageDescriptor, int> index, List<MessageDescriptor> order)
    {
        if (index.ContainsKey(message))
        {
            return;
        }

        index[message] = order.Count;
        order.Add(message);
        foreach (var field in message.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.Message)
            {
                Collect(field.MessageType, index, order);
            }
        }
    }

    private static MessageRules Compile(MessageDescriptor message, Dictionary<MessageDescriptor, int> index)
    {
        var fields = message.Fields.InFieldNumberOrder();
        int max = fields.Count == 0 ? 0 : fields[^1].FieldNumber;
        var rules = new FieldRule[max + 1];
        ulong requiredIds = 0;
        foreach (var field in fields)
        {
            string name = message.FullName + "." + field.Name;
            var rule = Rule(field, index) with { Name = name, Item = ItemFields.Contains(name) };
            if (IdFields.TryGetValue(name, out var id))
            {
                rule = rule with { IdLength = (byte)id.Length, IdRequired = id.Required };
                if (id.Required)
                {
                    // OTLP's id fields all have small numbers, so one word holds the set of required ones.
                    requiredIds |= 1UL << field.FieldNumber;
                }
            }

            rules[field.FieldNumber] = rule;
        }

        return new MessageRules(message.FullName, rules, requiredIds);
    }

    private static FieldRule Rule(FieldDescriptor field, Dictionary<MessageDescriptor, int> index) => field.FieldType switch
    {
        FieldType.Message => new FieldRule(FieldKind.Message, WireFormat.WireType.LengthDelimited, index[field.MessageType]),
        FieldType.String => new FieldRule(FieldKind.String, WireFormat.WireType.LengthDelimited),
        FieldType.Bytes => new FieldRule(FieldKind.Bytes, WireFormat.WireType.LengthDelimited),
        FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => Scalar(field, WireFormat.WireType.Fixed64),
        FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => Scalar(field, WireFormat.WireType.Fixed32),
        FieldType.Group => throw new NotSupportedException($"group field {field.FullName} is not used by OTLP"),
        _ => Scalar(field, WireFormat.WireType.Varint),
    };

    // Repeated numeric fields may arrive packed (one length-delimited run) or one value per tag; parsers accept both.
    private static FieldRule Scalar(FieldDescriptor field, WireFormat.WireType wireType)
        => new(FieldKind.Scalar, wireType, Packable: field.IsRepeated);
}

/// <summary>How a field's value is checked.</summary>
internal enum FieldKind : byte
{
    /// <summary>Not a field of this message: skipped, as a parser keeps it as an unknown field.</summary>
    Unknown,

    /// <summary>A number: only its encoding is checked.</summary>
    Scalar,

    /// <summary>Text that must be valid UTF-8.</summary>
    String,

    /// <summary>Opaque bytes, possibly an id with a fixed length.</summary>
    Bytes,

    /// <summary>A nested message, validated recursively.</summary>
    Message,
}

/// <summary>The rule of one field.</summary>
internal readonly record struct FieldRule(FieldKind Kind, WireFormat.WireType WireType, int Child = 0, bool Packable = false)
{
    /// <summary>The field's full name, for error messages.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>True when each occurrence is one item (span, data point, log record).</summary>
    public bool Item { get; init; }

    /// <summary>The length an id must have; 0 when the field is not an id.</summary>
    public byte IdLength { get; init; }

    /// <summary>True when an empty or missing id is malformed.</summary>
    public bool IdRequired { get; init; }
}

/// <summary>The rules of one message type.</summary>
/// <param name="Name">The message's full name.</param>
/// <param name="Fields">Rules indexed by field number; numbers past the end are unknown fields.</param>
/// <param name="RequiredIds">Bit n set when field n is an id that must be present.</param>
internal sealed record MessageRules(string Name, FieldRule[] Fields, ulong RequiredIds);
