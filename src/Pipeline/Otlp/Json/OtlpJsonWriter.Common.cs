using System.Text.Json;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Resource;

namespace MiniCollector.Pipeline.Otlp.Json;

// Messages shared by all signals: attributes and their values, resources, scopes.
public static partial class OtlpJsonWriter
{
    private static void WriteAnyValue(Utf8JsonWriter w, AnyValue value)
    {
        // The set member is written even when it holds its default ("" or 0): which member is set is data.
        w.WriteStartObject();
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                w.WriteString("stringValue"u8, value.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                w.WriteBoolean("boolValue"u8, value.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                WriteInt64(w, "intValue"u8, value.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                WriteDouble(w, "doubleValue"u8, value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                w.WritePropertyName("arrayValue"u8);
                w.WriteStartObject();
                WriteMessages(w, "values"u8, value.ArrayValue.Values, WriteAnyValue);
                w.WriteEndObject();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                w.WritePropertyName("kvlistValue"u8);
                w.WriteStartObject();
                WriteMessages(w, "values"u8, value.KvlistValue.Values, WriteKeyValue);
                w.WriteEndObject();
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                w.WriteBase64String("bytesValue"u8, value.BytesValue.Span);
                break;
            case AnyValue.ValueOneofCase.StringValueStrindex:
                w.WriteNumber("stringValueStrindex"u8, value.StringValueStrindex);
                break;
        }

        w.WriteEndObject();
    }

    private static void WriteKeyValue(Utf8JsonWriter w, KeyValue pair)
    {
        w.WriteStartObject();

        // Written even when empty: consumers index attributes by key and expect it present.
        w.WriteString("key"u8, pair.Key);
        if (pair.Value is not null)
        {
            w.WritePropertyName("value"u8);
            WriteAnyValue(w, pair.Value);
        }

        WriteInt32Field(w, "keyStrindex"u8, pair.KeyStrindex);
        w.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter w, Resource resource)
    {
        w.WriteStartObject();
        WriteMessages(w, "attributes"u8, resource.Attributes, WriteKeyValue);
        WriteUInt32Field(w, "droppedAttributesCount"u8, resource.DroppedAttributesCount);
        WriteMessages(w, "entityRefs"u8, resource.EntityRefs, WriteEntityRef);
        w.WriteEndObject();
    }

    private static void WriteEntityRef(Utf8JsonWriter w, EntityRef entity)
    {
        w.WriteStartObject();
        WriteStringField(w, "schemaUrl"u8, entity.SchemaUrl);
        WriteStringField(w, "type"u8, entity.Type);
        WriteStrings(w, "idKeys"u8, entity.IdKeys);
        WriteStrings(w, "descriptionKeys"u8, entity.DescriptionKeys);
        w.WriteEndObject();
    }

    private static void WriteScope(Utf8JsonWriter w, InstrumentationScope scope)
    {
        w.WriteStartObject();
        WriteStringField(w, "name"u8, scope.Name);
        WriteStringField(w, "version"u8, scope.Version);
        WriteMessages(w, "attributes"u8, scope.Attributes, WriteKeyValue);
        WriteUInt32Field(w, "droppedAttributesCount"u8, scope.DroppedAttributesCount);
        w.WriteEndObject();
    }
}
