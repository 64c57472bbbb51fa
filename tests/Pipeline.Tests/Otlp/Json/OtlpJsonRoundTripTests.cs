using System.Buffers;
using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Rpc;
using MiniCollector.Pipeline.Otlp.Json;
using RpcStatus = MiniCollector.Otlp.Rpc.Status;

namespace MiniCollector.Pipeline.Tests.Otlp.Json;

/// <summary>What the writer writes, the reader reads back to an equal message.</summary>
public sealed class OtlpJsonRoundTripTests
{
    [Fact]
    public void Traces_round_trip()
    {
        ExportTraceServiceRequest original = OtlpSamples.Traces();
        var buffer = new ArrayBufferWriter<byte>();
        OtlpJsonWriter.Write(buffer, original);

        Assert.Equal(original, OtlpJsonReader.ReadTraces(buffer.WrittenSpan));
    }

    [Fact]
    public void Metrics_round_trip()
    {
        ExportMetricsServiceRequest original = OtlpSamples.Metrics();
        var buffer = new ArrayBufferWriter<byte>();
        OtlpJsonWriter.Write(buffer, original);

        Assert.Equal(original, OtlpJsonReader.ReadMetrics(buffer.WrittenSpan));
    }

    [Fact]
    public void Logs_round_trip()
    {
        ExportLogsServiceRequest original = OtlpSamples.Logs();
        var buffer = new ArrayBufferWriter<byte>();
        OtlpJsonWriter.Write(buffer, original);

        Assert.Equal(original, OtlpJsonReader.ReadLogs(buffer.WrittenSpan));
    }

    [Fact]
    public void Round_trip_matches_the_protobuf_encoding_byte_for_byte()
    {
        // Equal models could still hide a set-vs-unset oneof difference that Equals forgives; the wire form does not.
        IMessage[] originals = [OtlpSamples.Traces(), OtlpSamples.Metrics(), OtlpSamples.Logs()];
        IMessage[] decoded =
        [
            OtlpJsonReader.ReadTraces(OtlpJsonWriter.ToUtf8Bytes(originals[0])),
            OtlpJsonReader.ReadMetrics(OtlpJsonWriter.ToUtf8Bytes(originals[1])),
            OtlpJsonReader.ReadLogs(OtlpJsonWriter.ToUtf8Bytes(originals[2])),
        ];

        for (int i = 0; i < originals.Length; i++)
        {
            Assert.Equal(originals[i].ToByteArray(), decoded[i].ToByteArray());
        }
    }

    [Fact]
    public void Empty_messages_round_trip()
    {
        Assert.Equal(new ExportTraceServiceRequest(), OtlpJsonReader.ReadTraces(OtlpJsonWriter.ToUtf8Bytes(new ExportTraceServiceRequest())));
        Assert.Equal(new ExportMetricsServiceRequest(), OtlpJsonReader.ReadMetrics(OtlpJsonWriter.ToUtf8Bytes(new ExportMetricsServiceRequest())));
        Assert.Equal(new ExportLogsServiceRequest(), OtlpJsonReader.ReadLogs(OtlpJsonWriter.ToUtf8Bytes(new ExportLogsServiceRequest())));
    }

    [Fact]
    public void Responses_round_trip()
    {
        var traces = new ExportTraceServiceResponse
        {
            PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = 2, ErrorMessage = "2 spans had invalid ids" },
        };
        var metrics = new ExportMetricsServiceResponse
        {
            PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = long.MaxValue, ErrorMessage = "x" },
        };
        var logs = new ExportLogsServiceResponse { PartialSuccess = new ExportLogsPartialSuccess() };

        Assert.Equal(traces, OtlpJsonReader.ReadTraceResponse(OtlpJsonWriter.ToUtf8Bytes(traces)));
        Assert.Equal(metrics, OtlpJsonReader.ReadMetricsResponse(OtlpJsonWriter.ToUtf8Bytes(metrics)));
        Assert.Equal(logs, OtlpJsonReader.ReadLogsResponse(OtlpJsonWriter.ToUtf8Bytes(logs)));
        Assert.Equal(new ExportLogsServiceResponse(), OtlpJsonReader.ReadLogsResponse(OtlpJsonWriter.ToUtf8Bytes(new ExportLogsServiceResponse())));
    }

    [Fact]
    public void Status_with_details_round_trips()
    {
        RpcStatus original = OtlpSamples.StatusWithDetails();
        var buffer = new ArrayBufferWriter<byte>();
        OtlpJsonWriter.Write(buffer, original);

        RpcStatus decoded = OtlpJsonReader.ReadStatus(buffer.WrittenSpan);
        Assert.Equal(original, decoded);
        Assert.Equal(1, decoded.Details[0].Unpack<RetryInfo>().RetryDelay.Seconds);
    }
}
