using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace MiniCollector.Pipeline.Tests.Otlp.Json;

/// <summary>
/// Builds messages with every field of every message they contain set to a value other than its default, from the
/// descriptors alone, so a field the codec does not know cannot go unnoticed. Repeated message fields get one
/// element per member of the element's oneofs (every AnyValue kind, every metric kind, asDouble and asInt).
/// </summary>
internal static class EveryFieldSamples
{
    // Deep enough for AnyValue inside ArrayValue inside AnyValue; deeper message fields are left unset.
    private const int MaxDepth = 7;

    public static IMessage Build(MessageDescriptor descriptor) => Build(descriptor, variant: 0, depth: 0);

    /// <summary>Every (message, field) pair reachable from <paramref name="root"/>.</summary>
    public static HashSet<string> AllFields(MessageDescriptor root)
    {
        var fields = new HashSet<string>();
        var pending = new Queue<MessageDescriptor>([root]);
        var seen = new HashSet<string>();
        while (pending.TryDequeue(out MessageDescriptor? message))
        {
            if (!seen.Add(message.FullName))
            {
                continue;
            }

            foreach (FieldDescriptor field in message.Fields.InDeclarationOrder())
            {
                fields.Add(field.FullName);
                if (field.FieldType == FieldType.Message)
                {
                    pending.Enqueue(field.MessageType);
                }
            }
        }

        return fields;
    }

    /// <summary>Every (message, field) pair set somewhere in <paramref name="message"/>.</summary>
    public static HashSet<string> SetFields(IMessage message)
    {
        var fields = new HashSet<string>();
        Collect(message, fields);
        return fields;
    }

    private static void Collect(IMessage message, HashSet<string> fields)
    {
        IMessage empty = message.Descriptor.Parser.ParseFrom(ByteString.Empty);
        foreach (FieldDescriptor field in message.Descriptor.Fields.InDeclarationOrder())
        {
            object value = field.Accessor.GetValue(message);
            IList<object> values = field.IsRepeated ? [.. ((System.Collections.IList)value).Cast<object>()] : [value];
            bool set = field.IsRepeated ? values.Count > 0
                : field.HasPresence ? field.Accessor.HasValue(message)
                : !Equals(value, field.Accessor.GetValue(empty));
            if (set)
            {
                fields.Add(field.FullName);
            }

            foreach (IMessage child in values.OfType<IMessage>())
            {
                Collect(child, fields);
            }
        }
    }

    private static IMessage Build(MessageDescriptor descriptor, int variant, int depth)
    {
        IMessage message = descriptor.Parser.ParseFrom(ByteString.Empty);
        foreach (FieldDescriptor field in descriptor.Fields.InDeclarationOrder())
        {
            OneofDescriptor? oneof = field.RealContainingOneof;
            if (oneof is not null && oneof.Fields[variant % oneof.Fields.Count] != field)
            {
                continue;
            }

            if (field.FieldType == FieldType.Message && depth >= MaxDepth)
            {
                continue;
            }

            if (!field.IsRepeated)
            {
                field.Accessor.SetValue(message, Value(field, variant, depth));
                continue;
            }

            var list = (System.Collections.IList)field.Accessor.GetValue(message);
            int count = field.FieldType == FieldType.Message ? Variants(field.MessageType) : 3;
            for (int i = 0; i < count; i++)
            {
                list.Add(Value(field, i, depth));
            }
        }

        return message;
    }

    // As many elements as the largest oneof of the element type (or of a message in one of its singular message
    // fields, as KeyValue.value is an AnyValue) has members, so each member appears once.
    private static int Variants(MessageDescriptor message) =>
        message.Oneofs.Where(o => !o.IsSynthetic).Select(o => o.Fields.Count)
            .Concat(message.Fields.InDeclarationOrder()
                .Where(f => f.FieldType == FieldType.Message && !f.IsRepeated && f.MessageType != message)
                .Select(f => Variants(f.MessageType)))
            .DefaultIfEmpty(1)
            .Max();

    // Values away from the defaults and past the ranges JavaScript numbers hold exactly, signed where the type is.
    private static object Value(FieldDescriptor field, int variant, int depth) => field.FieldType switch
    {
        FieldType.Message => Build(field.MessageType, variant, depth + 1),
        FieldType.String => $"{field.Name} {variant} é",
        FieldType.Bytes => ByteString.CopyFrom([.. Enumerable.Range(variant + 1, field.Name.EndsWith("_id", StringComparison.Ordinal) ? 16 : 5).Select(i => (byte)(i * 37))]),
        FieldType.Bool => true,
        FieldType.Enum => field.EnumType.Values[^1].Number,
        FieldType.Double => -1.5 - variant,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => -7 - (field.FieldNumber * 3) - variant,
        FieldType.UInt32 or FieldType.Fixed32 => 4_000_000_000u - (uint)field.FieldNumber - (uint)variant,
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => -9_007_199_254_740_993L - field.FieldNumber - variant,
        FieldType.UInt64 or FieldType.Fixed64 => 18_000_000_000_000_000_001UL - (ulong)field.FieldNumber - (ulong)variant,
        _ => throw new NotSupportedException($"{field.FullName}: {field.FieldType}"),
    };
}
