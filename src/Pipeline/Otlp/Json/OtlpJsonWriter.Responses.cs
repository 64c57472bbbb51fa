using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Rpc;
using RpcStatus = MiniCollector.Otlp.Rpc.Status;

namespace MiniCollector.Pipeline.Otlp.Json;

// What an OTLP/HTTP server answers: export responses with partial success, and error statuses.
public static partial class OtlpJsonWriter
{
    private const string RetryInfoTypeUrlSuffix = "/google.rpc.RetryInfo";

    private static void WriteTraceResponse(Utf8JsonWriter w, ExportTraceServiceResponse response)
    {
        w.WriteStartObject();
        if (response.PartialSuccess is { } partial)
        {
            w.WriteStartObject("partialSuccess"u8);
            WriteInt64Field(w, "rejectedSpans"u8, partial.RejectedSpans);
            WriteStringField(w, "errorMessage"u8, partial.ErrorMessage);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteMetricsResponse(Utf8JsonWriter w, ExportMetricsServiceResponse response)
    {
        w.WriteStartObject();
        if (response.PartialSuccess is { } partial)
        {
            w.WriteStartObject("partialSuccess"u8);
            WriteInt64Field(w, "rejectedDataPoints"u8, partial.RejectedDataPoints);
            WriteStringField(w, "errorMessage"u8, partial.ErrorMessage);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteLogsResponse(Utf8JsonWriter w, ExportLogsServiceResponse response)
    {
        w.WriteStartObject();
        if (response.PartialSuccess is { } partial)
        {
            w.WriteStartObject("partialSuccess"u8);
            WriteInt64Field(w, "rejectedLogRecords"u8, partial.RejectedLogRecords);
            WriteStringField(w, "errorMessage"u8, partial.ErrorMessage);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteRpcStatus(Utf8JsonWriter w, RpcStatus status)
    {
        w.WriteStartObject();
        WriteInt32Field(w, "code"u8, status.Code);
        WriteStringField(w, "message"u8, status.Message);
        WriteMessages(w, "details"u8, status.Details, WriteStatusDetail);
        w.WriteEndObject();
    }

    /// <summary>
    /// RetryInfo is written in its proto3 JSON form (<c>"retryDelay": "5s"</c>) because that is what other
    /// OTLP clients parse to honour the delay; any other detail as its type URL and base64 bytes.
    /// </summary>
    private static void WriteStatusDetail(Utf8JsonWriter w, Any detail)
    {
        w.WriteStartObject();
        w.WriteString("@type"u8, detail.TypeUrl);
        if (TryGetCanonicalRetryDelay(detail, out Duration? delay))
        {
            Span<byte> text = stackalloc byte[ProtoJsonDuration.MaxLength];
            w.WriteString("retryDelay"u8, text[..ProtoJsonDuration.Format(delay, text)]);
        }
        else if (!detail.Value.IsEmpty)
        {
            w.WriteBase64String("value"u8, detail.Value.Span);
        }

        w.WriteEndObject();
    }

    // Only when re-encoding the delay reproduces the bytes exactly, so a reader gets the same Any back.
    private static bool TryGetCanonicalRetryDelay(Any detail, [NotNullWhen(true)] out Duration? delay)
    {
        delay = null;
        if (!detail.TypeUrl.EndsWith(RetryInfoTypeUrlSuffix, StringComparison.Ordinal) || detail.Value.IsEmpty)
        {
            return false;
        }

        try
        {
            RetryInfo info = RetryInfo.Parser.ParseFrom(detail.Value);
            if (info.RetryDelay is null || info.ToByteString() != detail.Value)
            {
                return false;
            }

            delay = info.RetryDelay;
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }
}
