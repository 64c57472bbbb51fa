using Microsoft.CodeAnalysis;

namespace MiniCollector.Pipeline.Generators;

/// <summary>One field of a generated protobuf message class, as the OTLP/JSON code needs it.</summary>
internal sealed class ProtoField
{
    public ProtoField(string property, JsonKind kind, bool repeated, bool explicitPresence, ITypeSymbol valueType, bool writeWhenEmpty)
    {
        Property = property;
        Kind = kind;
        Repeated = repeated;
        ExplicitPresence = explicitPresence;
        ValueType = valueType;
        WriteWhenEmpty = writeWhenEmpty;
    }

    /// <summary>The C# property, e.g. <c>TraceId</c>.</summary>
    public string Property { get; }

    /// <summary>
    /// The JSON key, proto's json_name: protoc names the property in PascalCase and json_name in lowerCamelCase
    /// from the same field name, so only the first letter differs (the round-trip tests compare them with the
    /// descriptors).
    /// </summary>
    public string JsonName => char.ToLowerInvariant(Property[0]) + Property.Substring(1);

    public JsonKind Kind { get; }

    public bool Repeated { get; }

    /// <summary>A oneof member or proto3 <c>optional</c> field: set or not, whatever its value (<c>HasX</c>).</summary>
    public bool ExplicitPresence { get; }

    /// <summary>The value's type (the element type of a repeated field).</summary>
    public ITypeSymbol ValueType { get; }

    /// <summary>A string written as <c>""</c> when empty, where proto3 JSON would leave it out.</summary>
    public bool WriteWhenEmpty { get; }
}
