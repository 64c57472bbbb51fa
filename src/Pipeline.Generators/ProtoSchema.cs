using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MiniCollector.Pipeline.Generators;

/// <summary>
/// Reads the messages and fields of the protoc-generated C# classes (Grpc.Tools' output, part of the same
/// compilation): a property is a proto field when protoc also wrote its <c>XFieldNumber</c> constant, and the
/// members stand in the order the fields are declared in the .proto file.
/// </summary>
internal static class ProtoSchema
{
    // The spec: traceId, spanId and parentSpanId are hex, not base64, wherever they appear (Span, Link, LogRecord, Exemplar).
    private static readonly string[] HexIdProperties = ["TraceId", "SpanId", "ParentSpanId"];

    // Consumers index attributes by key and expect it present, so an empty key is written, not omitted.
    private const string KeyValueType = "MiniCollector.Otlp.Common.KeyValue";

    private const string FieldNumberSuffix = "FieldNumber";

    /// <summary>The roots and every message type reachable from them, each once, roots first.</summary>
    public static List<INamedTypeSymbol> Messages(IEnumerable<INamedTypeSymbol> roots)
    {
        var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var order = new List<INamedTypeSymbol>();
        var pending = new Queue<INamedTypeSymbol>(roots);
        while (pending.Count > 0)
        {
            INamedTypeSymbol message = pending.Dequeue();
            if (!seen.Add(message))
            {
                continue;
            }

            order.Add(message);
            foreach (ProtoField field in Fields(message).Where(f => f.Kind == JsonKind.Message))
            {
                pending.Enqueue((INamedTypeSymbol)field.ValueType);
            }
        }

        return order;
    }

    /// <summary>The enum types the messages' fields use, each once.</summary>
    public static List<INamedTypeSymbol> Enums(IEnumerable<INamedTypeSymbol> messages) =>
        messages.SelectMany(Fields)
            .Where(field => field.Kind == JsonKind.Enum)
            .Select(field => (INamedTypeSymbol)field.ValueType)
            .Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default)
            .ToList();

    public static List<ProtoField> Fields(INamedTypeSymbol message)
    {
        var fields = new List<ProtoField>();
        foreach (IFieldSymbol number in message.GetMembers().OfType<IFieldSymbol>())
        {
            if (!number.IsConst || !number.Name.EndsWith(FieldNumberSuffix, StringComparison.Ordinal))
            {
                continue;
            }

            string name = number.Name.Substring(0, number.Name.Length - FieldNumberSuffix.Length);
            IPropertySymbol property = message.GetMembers(name).OfType<IPropertySymbol>().Single();
            bool explicitPresence = message.GetMembers("Has" + name).OfType<IPropertySymbol>().Any();
            bool writeWhenEmpty = message.ToDisplayString() == KeyValueType && name == "Key";
            fields.Add(Field(message, property, explicitPresence, writeWhenEmpty));
        }

        return fields;
    }

    private static ProtoField Field(INamedTypeSymbol message, IPropertySymbol property, bool explicitPresence, bool writeWhenEmpty)
    {
        ITypeSymbol type = property.Type;
        bool repeated = false;
        if (type is INamedTypeSymbol { IsGenericType: true } generic && Namespace(generic) == "Google.Protobuf.Collections")
        {
            if (generic.Name != "RepeatedField")
            {
                throw Unsupported(message, property);
            }

            repeated = true;
            type = generic.TypeArguments[0];
        }

        JsonKind kind = Kind(type, property.Name) ?? throw Unsupported(message, property);
        return new ProtoField(property.Name, kind, repeated, explicitPresence, type, writeWhenEmpty);
    }

    private static JsonKind? Kind(ITypeSymbol type, string property)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return JsonKind.String;
            case SpecialType.System_Boolean: return JsonKind.Bool;
            case SpecialType.System_Int32: return JsonKind.Int32;
            case SpecialType.System_UInt32: return JsonKind.UInt32;
            case SpecialType.System_Int64: return JsonKind.Int64;
            case SpecialType.System_UInt64: return JsonKind.UInt64;
            case SpecialType.System_Double: return JsonKind.Double;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return JsonKind.Enum;
        }

        switch (type.ToDisplayString())
        {
            case "Google.Protobuf.ByteString": return Array.IndexOf(HexIdProperties, property) >= 0 ? JsonKind.HexId : JsonKind.Base64;
            case "Google.Protobuf.WellKnownTypes.Any": return JsonKind.Any;
        }

        return type.AllInterfaces.Any(i => i.ToDisplayString() == "Google.Protobuf.IMessage") ? JsonKind.Message : null;
    }

    private static string Namespace(ISymbol symbol) => symbol.ContainingNamespace.ToDisplayString();

    // Floats and maps: OTLP has none, and their JSON forms would need code nothing exercises.
    private static InvalidOperationException Unsupported(INamedTypeSymbol message, IPropertySymbol property) =>
        new($"OTLP/JSON generator: {message.ToDisplayString()}.{property.Name} is a {property.Type.ToDisplayString()}, which OTLP does not use");
}
