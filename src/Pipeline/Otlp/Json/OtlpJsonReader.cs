using System.Text.Json;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using RpcStatus = MiniCollector.Otlp.Rpc.Status;

namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>Decodes OTLP/JSON request, response and status bodies into the protobuf model.</summary>
/// <remarks>
/// As lenient as the reference collector: camelCase or snake_case keys, enum numbers or names, 64-bit
/// integers as numbers or strings, hex ids in either case, unknown fields ignored, <c>null</c> as absent.
/// Anything else malformed throws <see cref="OtlpJsonException"/>. Hand-written over
/// <see cref="Utf8JsonReader"/> so it needs no reflection (NativeAOT, trimming) and allocates little beyond
/// the model itself. Every message reader is entered on the message's first token.
/// </remarks>
public static partial class OtlpJsonReader
{
    public static ExportTraceServiceRequest ReadTraces(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, ReadTraceRequest);

    public static ExportMetricsServiceRequest ReadMetrics(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, ReadMetricsRequest);

    public static ExportLogsServiceRequest ReadLogs(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, ReadLogsRequest);

    public static ExportTraceServiceResponse ReadTraceResponse(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, ReadTraceResponse);

    public static ExportMetricsServiceResponse ReadMetricsResponse(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, ReadMetricsResponse);

    public static ExportLogsServiceResponse ReadLogsResponse(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, ReadLogsResponse);

    /// <summary>Reads a <c>google.rpc.Status</c>, the body of an OTLP/HTTP error response.</summary>
    public static RpcStatus ReadStatus(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, ReadRpcStatus);

    private static T ReadDocument<T>(ReadOnlySpan<byte> utf8Json, JsonMessageReader<T> readRoot)
    {
        var cursor = new JsonCursor(utf8Json);
        try
        {
            cursor.ReadRoot();
            T message = readRoot(ref cursor);
            cursor.ReadEnd();
            return message;
        }
        catch (JsonException e)
        {
            throw cursor.Malformed(e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader reports some bad content (e.g. invalid UTF-8 in a string) only when asked for the value.
            throw cursor.Invalid(e.Message, e);
        }
    }

    private static void ReadMessages<T>(ref JsonCursor c, RepeatedField<T> into, JsonMessageReader<T> read)
    {
        c.BeginArray();
        while (c.NextElement())
        {
            into.Add(read(ref c));
        }
    }

    private static void ReadStrings(ref JsonCursor c, RepeatedField<string> into)
    {
        c.BeginArray();
        while (c.NextElement())
        {
            into.Add(c.ReadString());
        }
    }

    private static void ReadUInt64s(ref JsonCursor c, RepeatedField<ulong> into)
    {
        c.BeginArray();
        while (c.NextElement())
        {
            into.Add(c.ReadUInt64());
        }
    }

    private static void ReadDoubles(ref JsonCursor c, RepeatedField<double> into)
    {
        c.BeginArray();
        while (c.NextElement())
        {
            into.Add(c.ReadDouble());
        }
    }
}
