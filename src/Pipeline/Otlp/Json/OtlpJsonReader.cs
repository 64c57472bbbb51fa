using System.Text.Json;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using RpcStatus = MiniCollector.Otlp.Rpc.Status;

namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>Decodes OTLP/JSON request, response and status bodies into the protobuf model.</summary>
/// <remarks>
/// As lenient as the reference collector: camelCase or snake_case keys, enum numbers or names, 64-bit
/// integers as numbers or strings, hex ids in either case, unknown fields ignored, <c>null</c> as absent.
/// Anything else malformed throws <see cref="OtlpJsonException"/>. The message readers are generated from the
/// protobuf classes (<see cref="OtlpJsonDocumentAttribute"/>) over <see cref="Utf8JsonReader"/>, so nothing needs
/// reflection (NativeAOT, trimming) and little is allocated beyond the model itself.
/// </remarks>
public static class OtlpJsonReader
{
    public static ExportTraceServiceRequest ReadTraces(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, ExportTraceServiceRequest.ReadOtlpJson);

    public static ExportMetricsServiceRequest ReadMetrics(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, ExportMetricsServiceRequest.ReadOtlpJson);

    public static ExportLogsServiceRequest ReadLogs(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, ExportLogsServiceRequest.ReadOtlpJson);

    public static ExportTraceServiceResponse ReadTraceResponse(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, ExportTraceServiceResponse.ReadOtlpJson);

    public static ExportMetricsServiceResponse ReadMetricsResponse(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, ExportMetricsServiceResponse.ReadOtlpJson);

    public static ExportLogsServiceResponse ReadLogsResponse(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, ExportLogsServiceResponse.ReadOtlpJson);

    /// <summary>Reads a <c>google.rpc.Status</c>, the body of an OTLP/HTTP error response.</summary>
    public static RpcStatus ReadStatus(ReadOnlySpan<byte> utf8Json) =>
        ReadDocument(utf8Json, RpcStatus.ReadOtlpJson);

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
}
