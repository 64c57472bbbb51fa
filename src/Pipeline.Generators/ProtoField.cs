using Microsoft.CodeAnalysis;

namespace MiniCollector.Pipeline.Generators;

/// <summary>One field of a generated protobuf message class, as the OTLP/JSON code needs it.</summary>
/// <param name="Property">The C# property, e.g. <c>TraceId</c>.</param>
/// <param name="Kind">The JSON form of its value.</param>
/// <param name="Repeated">A repeated field (a RepeatedField of <paramref name="ValueType"/>).</param>
/// <param name="ExplicitPresence">A oneof member or proto3 <c>optional</c> field: set or not, whatever its value (<c>HasX</c>).</param>
/// <param name="ValueType">The value's type (the element type of a repeated field).</param>
/// <param name="WriteWhenEmpty">A string written as <c>""</c> when empty, where proto3 JSON would leave it out.</param>
internal sealed record ProtoField(string Property, JsonKind Kind, bool Repeated, bool ExplicitPresence, ITypeSymbol ValueType, bool WriteWhenEmpty)
{
    /// <summary>
    /// The JSON key, proto's json_name: protoc names the property in PascalCase and json_name in lowerCamelCase
    /// from the same field name, so only the first letter differs (OtlpJsonEveryMessageTests compares every key with
    /// Google.Protobuf's own proto3 JSON).
    /// </summary>
    public string JsonName => char.ToLowerInvariant(Property[0]) + Property.Substring(1);
}
