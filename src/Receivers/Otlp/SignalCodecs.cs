using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Otlp.Json;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Receivers.Otlp;

/// <summary>The codecs of the signals: their kinds, OTLP/JSON readers and the receiver's id checks.</summary>
public static class SignalCodecs
{
    /// <summary>Traces.</summary>
    public static readonly SignalCodec Traces = new SignalCodec<ExportTraceServiceRequest>(
        TracesKind.Instance,
        body => OtlpJsonReader.ReadTraces(body),
        IdValidation.DropInvalidSpans);

    /// <summary>Metrics.</summary>
    public static readonly SignalCodec Metrics = new SignalCodec<ExportMetricsServiceRequest>(
        MetricsKind.Instance,
        body => OtlpJsonReader.ReadMetrics(body),
        IdValidation.DropInvalidDataPoints);

    /// <summary>Logs.</summary>
    public static readonly SignalCodec Logs = new SignalCodec<ExportLogsServiceRequest>(
        LogsKind.Instance,
        body => OtlpJsonReader.ReadLogs(body),
        IdValidation.DropInvalidLogRecords);

    private static readonly SignalCodec[] BySignal = [Traces, Metrics, Logs];

    /// <summary>The codec of one signal.</summary>
    public static SignalCodec For(Signal signal) => BySignal[(int)signal];

    /// <summary>Encodes a response for the client: protobuf, or OTLP/JSON when the request was JSON.</summary>
    public static byte[] Encode(IMessage message, bool json) => json ? OtlpJsonWriter.ToUtf8Bytes(message) : message.ToByteArray();
}
