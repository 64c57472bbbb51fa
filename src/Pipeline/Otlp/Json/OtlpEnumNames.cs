namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>
/// The proto value names of OTLP enums. The spec says senders MUST use numbers, but the reference collector
/// accepts names and so do we.
/// </summary>
internal static class OtlpEnumNames
{
    public static bool SpanKind(ReadOnlySpan<byte> name, out int value)
    {
        value = name switch
        {
            _ when name.SequenceEqual("SPAN_KIND_UNSPECIFIED"u8) => 0,
            _ when name.SequenceEqual("SPAN_KIND_INTERNAL"u8) => 1,
            _ when name.SequenceEqual("SPAN_KIND_SERVER"u8) => 2,
            _ when name.SequenceEqual("SPAN_KIND_CLIENT"u8) => 3,
            _ when name.SequenceEqual("SPAN_KIND_PRODUCER"u8) => 4,
            _ when name.SequenceEqual("SPAN_KIND_CONSUMER"u8) => 5,
            _ => -1,
        };
        return value >= 0;
    }

    public static bool StatusCode(ReadOnlySpan<byte> name, out int value)
    {
        value = name switch
        {
            _ when name.SequenceEqual("STATUS_CODE_UNSET"u8) => 0,
            _ when name.SequenceEqual("STATUS_CODE_OK"u8) => 1,
            _ when name.SequenceEqual("STATUS_CODE_ERROR"u8) => 2,
            _ => -1,
        };
        return value >= 0;
    }

    public static bool AggregationTemporality(ReadOnlySpan<byte> name, out int value)
    {
        value = name switch
        {
            _ when name.SequenceEqual("AGGREGATION_TEMPORALITY_UNSPECIFIED"u8) => 0,
            _ when name.SequenceEqual("AGGREGATION_TEMPORALITY_DELTA"u8) => 1,
            _ when name.SequenceEqual("AGGREGATION_TEMPORALITY_CUMULATIVE"u8) => 2,
            _ => -1,
        };
        return value >= 0;
    }

    /// <summary>SEVERITY_NUMBER_UNSPECIFIED, then TRACE..FATAL, each with an optional 2, 3 or 4 suffix.</summary>
    public static bool SeverityNumber(ReadOnlySpan<byte> name, out int value)
    {
        value = 0;
        ReadOnlySpan<byte> prefix = "SEVERITY_NUMBER_"u8;
        if (!name.StartsWith(prefix))
        {
            return false;
        }

        name = name[prefix.Length..];
        if (name.SequenceEqual("UNSPECIFIED"u8))
        {
            return true;
        }

        int step = 0;
        if (name.Length > 0 && name[^1] is >= (byte)'2' and <= (byte)'4')
        {
            step = name[^1] - '1';
            name = name[..^1];
        }

        int level = name switch
        {
            _ when name.SequenceEqual("TRACE"u8) => 1,
            _ when name.SequenceEqual("DEBUG"u8) => 5,
            _ when name.SequenceEqual("INFO"u8) => 9,
            _ when name.SequenceEqual("WARN"u8) => 13,
            _ when name.SequenceEqual("ERROR"u8) => 17,
            _ when name.SequenceEqual("FATAL"u8) => 21,
            _ => 0,
        };
        value = level + step;
        return level != 0;
    }
}
