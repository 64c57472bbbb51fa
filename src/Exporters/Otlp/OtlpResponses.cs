using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Otlp.Json;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Reads the partial success of an <c>Export*ServiceResponse</c> of any signal, protobuf or JSON.</summary>
internal static class OtlpResponses
{
    /// <summary>Rejected items and the server's message; (0, null) for an empty or fully successful response.</summary>
    public static (long Rejected, string? Message) PartialSuccess(Signal signal, ReadOnlySpan<byte> body, bool json)
    {
        if (body.IsEmpty)
        {
            return (0, null);
        }

        switch (signal)
        {
            case Signal.Traces:
                var traces = json ? OtlpJsonReader.ReadTraceResponse(body) : ExportTraceServiceResponse.Parser.ParseFrom(body);
                return traces.PartialSuccess is { } t ? (t.RejectedSpans, NullIfEmpty(t.ErrorMessage)) : (0, null);
            case Signal.Metrics:
                var metrics = json ? OtlpJsonReader.ReadMetricsResponse(body) : ExportMetricsServiceResponse.Parser.ParseFrom(body);
                return metrics.PartialSuccess is { } m ? (m.RejectedDataPoints, NullIfEmpty(m.ErrorMessage)) : (0, null);
            default:
                var logs = json ? OtlpJsonReader.ReadLogsResponse(body) : ExportLogsServiceResponse.Parser.ParseFrom(body);
                return logs.PartialSuccess is { } l ? (l.RejectedLogRecords, NullIfEmpty(l.ErrorMessage)) : (0, null);
        }
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
