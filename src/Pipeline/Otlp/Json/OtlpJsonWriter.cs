using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using RpcStatus = MiniCollector.Otlp.Rpc.Status;

namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>Encodes the protobuf model as OTLP/JSON request, response and status bodies.</summary>
/// <remarks>
/// As the spec words it: lowerCamelCase keys, lowercase hex ids, 64-bit integers as decimal strings, enums
/// as numbers, NaN and infinities as strings, default values omitted as in the proto3 JSON mapping. The
/// message writers are generated from the protobuf classes (<see cref="OtlpJsonDocumentAttribute"/>) over
/// <see cref="Utf8JsonWriter"/>: no reflection, so NativeAOT and trimming are safe.
/// </remarks>
public static class OtlpJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Bodies go to OTLP peers, never into HTML, so non-ASCII text stays readable instead of \uXXXX.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // Our own calls are balanced by construction; the round-trip tests are the check.
        SkipValidation = true,
    };

    public static void Write(IBufferWriter<byte> output, ExportTraceServiceRequest request) => WriteDocument(output, request);

    public static void Write(IBufferWriter<byte> output, ExportMetricsServiceRequest request) => WriteDocument(output, request);

    public static void Write(IBufferWriter<byte> output, ExportLogsServiceRequest request) => WriteDocument(output, request);

    public static void Write(IBufferWriter<byte> output, ExportTraceServiceResponse response) => WriteDocument(output, response);

    public static void Write(IBufferWriter<byte> output, ExportMetricsServiceResponse response) => WriteDocument(output, response);

    public static void Write(IBufferWriter<byte> output, ExportLogsServiceResponse response) => WriteDocument(output, response);

    /// <summary>Writes a <c>google.rpc.Status</c>, the body of an OTLP/HTTP error response.</summary>
    public static void Write(IBufferWriter<byte> output, RpcStatus status) => WriteDocument(output, status);

    /// <summary>Encodes any message this writer supports; <see cref="ArgumentException"/> for any other.</summary>
    public static byte[] ToUtf8Bytes(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is not IOtlpJsonDocument document)
        {
            throw new ArgumentException(
                "OTLP/JSON encoding supports the Export*ServiceRequest/Response messages and google.rpc.Status, "
                + $"not {message.GetType().FullName}",
                nameof(message));
        }

        var buffer = new ArrayBufferWriter<byte>();
        WriteDocument(buffer, document);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteDocument(IBufferWriter<byte> output, IOtlpJsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(document);
        using var writer = new Utf8JsonWriter(output, Options);
        document.WriteOtlpJson(writer);
    }
}
