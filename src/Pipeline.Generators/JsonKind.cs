namespace MiniCollector.Pipeline.Generators;

/// <summary>The OTLP/JSON form of a field's value, which decides the code that reads and writes it.</summary>
internal enum JsonKind
{
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>Base64 text: every bytes field except the ids.</summary>
    Base64,

    /// <summary>Hex text: trace and span ids, OTLP's exception to proto3 JSON's base64.</summary>
    HexId,

    /// <summary>true or false.</summary>
    Bool,

    /// <summary>A number (int32, sint32, sfixed32).</summary>
    Int32,

    /// <summary>A number (uint32, fixed32).</summary>
    UInt32,

    /// <summary>A decimal string on output, a number or a string on input (int64, sint64, sfixed64).</summary>
    Int64,

    /// <summary>A decimal string on output, a number or a string on input (uint64, fixed64).</summary>
    UInt64,

    /// <summary>A number, or "NaN" / "Infinity" / "-Infinity".</summary>
    Double,

    /// <summary>A number on output; a number or a value name on input.</summary>
    Enum,

    /// <summary>An object, read and written by the message type's own generated code.</summary>
    Message,

    /// <summary>A <c>google.protobuf.Any</c> (a status detail), read and written by hand-written code.</summary>
    Any,
}
