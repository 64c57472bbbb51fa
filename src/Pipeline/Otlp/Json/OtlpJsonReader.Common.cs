using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Resource;

namespace MiniCollector.Pipeline.Otlp.Json;

// Messages shared by all signals: attributes and their values, resources, scopes.
public static partial class OtlpJsonReader
{
    private static AnyValue ReadAnyValue(ref JsonCursor c)
    {
        // {} is a valid value with nothing set; since 1.9.0 receivers must accept every value shape.
        var value = new AnyValue();
        if (!c.BeginObject())
        {
            return value;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("stringValue"u8))
            {
                value.StringValue = c.ReadString();
            }
            else if (key.SequenceEqual("intValue"u8))
            {
                value.IntValue = c.ReadInt64();
            }
            else if (key.SequenceEqual("boolValue"u8))
            {
                value.BoolValue = c.ReadBool();
            }
            else if (key.SequenceEqual("doubleValue"u8))
            {
                value.DoubleValue = c.ReadDouble();
            }
            else if (key.SequenceEqual("arrayValue"u8))
            {
                value.ArrayValue = ReadArrayValue(ref c);
            }
            else if (key.SequenceEqual("kvlistValue"u8))
            {
                value.KvlistValue = ReadKeyValueList(ref c);
            }
            else if (key.SequenceEqual("bytesValue"u8))
            {
                value.BytesValue = c.ReadBase64();
            }
            else if (key.SequenceEqual("stringValueStrindex"u8))
            {
                value.StringValueStrindex = c.ReadInt32();
            }
            else
            {
                c.Skip();
            }
        }

        return value;
    }

    private static ArrayValue ReadArrayValue(ref JsonCursor c)
    {
        var array = new ArrayValue();
        if (!c.BeginObject())
        {
            return array;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("values"u8))
            {
                ReadMessages(ref c, array.Values, ReadAnyValue);
            }
            else
            {
                c.Skip();
            }
        }

        return array;
    }

    private static KeyValueList ReadKeyValueList(ref JsonCursor c)
    {
        var list = new KeyValueList();
        if (!c.BeginObject())
        {
            return list;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("values"u8))
            {
                ReadMessages(ref c, list.Values, ReadKeyValue);
            }
            else
            {
                c.Skip();
            }
        }

        return list;
    }

    private static KeyValue ReadKeyValue(ref JsonCursor c)
    {
        var pair = new KeyValue();
        if (!c.BeginObject())
        {
            return pair;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("key"u8))
            {
                pair.Key = c.ReadString();
            }
            else if (key.SequenceEqual("value"u8))
            {
                pair.Value = ReadAnyValue(ref c);
            }
            else if (key.SequenceEqual("keyStrindex"u8))
            {
                pair.KeyStrindex = c.ReadInt32();
            }
            else
            {
                c.Skip();
            }
        }

        return pair;
    }

    private static Resource ReadResource(ref JsonCursor c)
    {
        var resource = new Resource();
        if (!c.BeginObject())
        {
            return resource;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("attributes"u8))
            {
                ReadMessages(ref c, resource.Attributes, ReadKeyValue);
            }
            else if (key.SequenceEqual("droppedAttributesCount"u8))
            {
                resource.DroppedAttributesCount = c.ReadUInt32();
            }
            else if (key.SequenceEqual("entityRefs"u8))
            {
                ReadMessages(ref c, resource.EntityRefs, ReadEntityRef);
            }
            else
            {
                c.Skip();
            }
        }

        return resource;
    }

    private static EntityRef ReadEntityRef(ref JsonCursor c)
    {
        var entity = new EntityRef();
        if (!c.BeginObject())
        {
            return entity;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("type"u8))
            {
                entity.Type = c.ReadString();
            }
            else if (key.SequenceEqual("idKeys"u8))
            {
                ReadStrings(ref c, entity.IdKeys);
            }
            else if (key.SequenceEqual("descriptionKeys"u8))
            {
                ReadStrings(ref c, entity.DescriptionKeys);
            }
            else if (key.SequenceEqual("schemaUrl"u8))
            {
                entity.SchemaUrl = c.ReadString();
            }
            else
            {
                c.Skip();
            }
        }

        return entity;
    }

    private static InstrumentationScope ReadScope(ref JsonCursor c)
    {
        var scope = new InstrumentationScope();
        if (!c.BeginObject())
        {
            return scope;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("name"u8))
            {
                scope.Name = c.ReadString();
            }
            else if (key.SequenceEqual("version"u8))
            {
                scope.Version = c.ReadString();
            }
            else if (key.SequenceEqual("attributes"u8))
            {
                ReadMessages(ref c, scope.Attributes, ReadKeyValue);
            }
            else if (key.SequenceEqual("droppedAttributesCount"u8))
            {
                scope.DroppedAttributesCount = c.ReadUInt32();
            }
            else
            {
                c.Skip();
            }
        }

        return scope;
    }
}
