using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Rpc;
using RpcStatus = MiniCollector.Otlp.Rpc.Status;

namespace MiniCollector.Pipeline.Otlp.Json;

// What an OTLP/HTTP server answers: export responses with partial success, and error statuses.
public static partial class OtlpJsonReader
{
    private static ExportTraceServiceResponse ReadTraceResponse(ref JsonCursor c)
    {
        var response = new ExportTraceServiceResponse();
        if (!c.BeginObject())
        {
            return response;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("partialSuccess"u8))
            {
                response.PartialSuccess = ReadTracePartialSuccess(ref c);
            }
            else
            {
                c.Skip();
            }
        }

        return response;
    }

    private static ExportTracePartialSuccess ReadTracePartialSuccess(ref JsonCursor c)
    {
        var partial = new ExportTracePartialSuccess();
        if (!c.BeginObject())
        {
            return partial;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("rejectedSpans"u8))
            {
                partial.RejectedSpans = c.ReadInt64();
            }
            else if (key.SequenceEqual("errorMessage"u8))
            {
                partial.ErrorMessage = c.ReadString();
            }
            else
            {
                c.Skip();
            }
        }

        return partial;
    }

    private static ExportMetricsServiceResponse ReadMetricsResponse(ref JsonCursor c)
    {
        var response = new ExportMetricsServiceResponse();
        if (!c.BeginObject())
        {
            return response;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("partialSuccess"u8))
            {
                response.PartialSuccess = ReadMetricsPartialSuccess(ref c);
            }
            else
            {
                c.Skip();
            }
        }

        return response;
    }

    private static ExportMetricsPartialSuccess ReadMetricsPartialSuccess(ref JsonCursor c)
    {
        var partial = new ExportMetricsPartialSuccess();
        if (!c.BeginObject())
        {
            return partial;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("rejectedDataPoints"u8))
            {
                partial.RejectedDataPoints = c.ReadInt64();
            }
            else if (key.SequenceEqual("errorMessage"u8))
            {
                partial.ErrorMessage = c.ReadString();
            }
            else
            {
                c.Skip();
            }
        }

        return partial;
    }

    private static ExportLogsServiceResponse ReadLogsResponse(ref JsonCursor c)
    {
        var response = new ExportLogsServiceResponse();
        if (!c.BeginObject())
        {
            return response;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("partialSuccess"u8))
            {
                response.PartialSuccess = ReadLogsPartialSuccess(ref c);
            }
            else
            {
                c.Skip();
            }
        }

        return response;
    }

    private static ExportLogsPartialSuccess ReadLogsPartialSuccess(ref JsonCursor c)
    {
        var partial = new ExportLogsPartialSuccess();
        if (!c.BeginObject())
        {
            return partial;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("rejectedLogRecords"u8))
            {
                partial.RejectedLogRecords = c.ReadInt64();
            }
            else if (key.SequenceEqual("errorMessage"u8))
            {
                partial.ErrorMessage = c.ReadString();
            }
            else
            {
                c.Skip();
            }
        }

        return partial;
    }

    private static RpcStatus ReadRpcStatus(ref JsonCursor c)
    {
        var status = new RpcStatus();
        if (!c.BeginObject())
        {
            return status;
        }

        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("code"u8))
            {
                status.Code = c.ReadInt32();
            }
            else if (key.SequenceEqual("message"u8))
            {
                status.Message = c.ReadString();
            }
            else if (key.SequenceEqual("details"u8))
            {
                ReadMessages(ref c, status.Details, ReadStatusDetail);
            }
            else
            {
                c.Skip();
            }
        }

        return status;
    }

    /// <summary>
    /// A detail is a <c>google.protobuf.Any</c>: <c>{"@type": url, "value": base64}</c> as we write it, or the
    /// proto3 JSON form that inlines the message's fields. Of the inlined forms only RetryInfo matters to an
    /// exporter (it sets the retry delay); other inlined fields are skipped, leaving the type URL alone.
    /// </summary>
    private static Any ReadStatusDetail(ref JsonCursor c)
    {
        var any = new Any();
        if (!c.BeginObject())
        {
            return any;
        }

        Duration? retryDelay = null;
        while (c.NextProperty(out ReadOnlySpan<byte> key))
        {
            if (key.SequenceEqual("@type"u8))
            {
                any.TypeUrl = c.ReadString();
            }
            else if (key.SequenceEqual("value"u8))
            {
                // An Any holding a well-known type inlines it here ("value": "1.5s"): not bytes, so skipped.
                if (c.TryReadBase64(out ByteString bytes))
                {
                    any.Value = bytes;
                }
                else
                {
                    c.Skip();
                }
            }
            else if (key.SequenceEqual("retryDelay"u8))
            {
                retryDelay = ProtoJsonDuration.TryParse(c.ReadUtf8String(), out Duration parsed)
                    ? parsed
                    : throw c.Invalid($"{c.Describe()} is not a duration such as \"1.5s\"");
            }
            else
            {
                c.Skip();
            }
        }

        if (retryDelay is not null
            && any.Value.IsEmpty
            && any.TypeUrl.EndsWith("/google.rpc.RetryInfo", StringComparison.Ordinal))
        {
            any.Value = new RetryInfo { RetryDelay = retryDelay }.ToByteString();
        }

        return any;
    }
}
