using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Otlp.Json;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Receiver.Otlp;

/// <summary>The codecs of the three signals.</summary>
public static class SignalCodecs
{
    /// <summary>Traces.</summary>
    public static readonly SignalCodec Traces = new SignalCodec<ExportTraceServiceRequest>(
        TracesKind.Instance,
        body => OtlpJsonReader.ReadTraces(body),
        IdValidation.DropInvalidSpans,
        (rejected, message) => rejected == 0 && message is null
            ? new ExportTraceServiceResponse()
            : new ExportTraceServiceResponse { PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = rejected, ErrorMessage = message ?? string.Empty } });

    /// <summary>Metrics.</summary>
    public static readonly SignalCodec Metrics = new SignalCodec<ExportMetricsServiceRequest>(
        MetricsKind.Instance,
        body => OtlpJsonReader.ReadMetrics(body),
        IdValidation.DropInvalidDataPoints,
        (rejected, message) => rejected == 0 && message is null
            ? new ExportMetricsServiceResponse()
            : new ExportMetricsServiceResponse { PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = rejected, ErrorMessage = message ?? string.Empty } });

    /// <summary>Logs.</summary>
    public static readonly SignalCodec Logs = new SignalCodec<ExportLogsServiceRequest>(
        LogsKind.Instance,
        body => OtlpJsonReader.ReadLogs(body),
        IdValidation.DropInvalidLogRecords,
        (rejected, message) => rejected == 0 && message is null
            ? new ExportLogsServiceResponse()
            : new ExportLogsServiceResponse { PartialSuccess = new ExportLogsPartialSuccess { RejectedLogRecords = rejected, ErrorMessage = message ?? string.Empty } });

    /// <summary>The codec of one signal.</summary>
    public static SignalCodec For(Signal signal) => signal switch
    {
        Signal.Traces => Traces,
        Signal.Metrics => Metrics,
        _ => Logs,
    };

    /// <summary>Encodes a response for the client: protobuf, or OTLP/JSON when the request was JSON.</summary>
    public static byte[] Encode(IMessage message, bool json) => json ? OtlpJsonWriter.ToUtf8Bytes(message) : message.ToByteArray();
}
