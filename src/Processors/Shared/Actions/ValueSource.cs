using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Processors.Shared.Attributes;

namespace MiniCollector.Processors.Shared.Actions;

/// <summary>
/// Where <c>insert</c>, <c>update</c> and <c>upsert</c> take their value: the configured <c>value</c>, else the client
/// metadata key <c>from_context</c> names, else the attribute <c>from_attribute</c> names, else <c>default_value</c>.
/// No value found means the action does nothing.
/// </summary>
internal sealed class ValueSource(AnyValue? value, string? fromAttribute, string? fromContext, AnyValue? defaultValue)
{
    private const string MetadataPrefix = "metadata.";

    /// <summary>The value for this attribute list, or null when no source has one.</summary>
    public AnyValue? Resolve(RepeatedField<KeyValue> attributes, ClientMetadata metadata)
    {
        if (value is not null)
        {
            return value;
        }

        if (fromContext is not null && FromMetadata(metadata, fromContext) is { } fromMetadata)
        {
            return fromMetadata;
        }

        if (fromAttribute is not null && AttributeList.Get(attributes, fromAttribute) is { } fromOther)
        {
            return fromOther;
        }

        return defaultValue;
    }

    // "metadata.<key>" and a bare key both read the request's metadata (the bare form is the reference's older
    // spelling); several values are joined with ';' as the reference does.
    private static AnyValue? FromMetadata(ClientMetadata metadata, string key)
    {
        var name = key.StartsWith(MetadataPrefix, StringComparison.Ordinal) ? key[MetadataPrefix.Length..] : key;
        var values = metadata.Get(name);
        return values.Count == 0 ? null : new AnyValue { StringValue = values.Count == 1 ? values[0] : string.Join(';', values) };
    }
}
