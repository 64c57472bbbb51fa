using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Tests.Payload;

/// <summary>
/// The per-signal facts every protocol and counter reads from the signal's kind: the OTLP spec's gRPC methods and
/// HTTP paths, the reference collector's telemetry suffixes, and responses that carry partial success both ways.
/// </summary>
public sealed class SignalKindFactsTests
{
    [Theory]
    [InlineData(Signal.Traces, "traces", "spans", "spans", "/opentelemetry.proto.collector.trace.v1.TraceService/Export", "/v1/traces")]
    [InlineData(Signal.Metrics, "metrics", "data points", "metric_points", "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", "/v1/metrics")]
    [InlineData(Signal.Logs, "logs", "log records", "log_records", "/opentelemetry.proto.collector.logs.v1.LogsService/Export", "/v1/logs")]
    public void Each_signal_has_its_names_paths_and_suffix(Signal signal, string name, string noun, string suffix, string grpcPath, string httpPath)
    {
        var kind = SignalKind.For(signal);

        Assert.Equal(signal, kind.Signal);
        Assert.Equal(name, kind.Name);
        Assert.Equal(name, signal.Name());
        Assert.True(SignalNames.TryParse(name, out var parsed));
        Assert.Equal(signal, parsed);
        Assert.Equal(noun, signal.ItemNoun());
        Assert.Equal(suffix, kind.TelemetrySuffix);
        Assert.Equal(grpcPath, kind.GrpcExportPath);
        Assert.Equal(httpPath, kind.HttpPath);
    }

    [Fact]
    public void All_lists_every_signal_once_in_enum_order()
    {
        Assert.Equal(Enum.GetValues<Signal>(), SignalKind.All.Select(k => k.Signal));
        Assert.False(SignalNames.TryParse("profiles", out _));
    }

    [Theory]
    [InlineData(Signal.Traces, typeof(ExportTraceServiceResponse))]
    [InlineData(Signal.Metrics, typeof(ExportMetricsServiceResponse))]
    [InlineData(Signal.Logs, typeof(ExportLogsServiceResponse))]
    public void A_response_carries_partial_success_only_when_something_was_rejected_and_reads_back_in_both_encodings(Signal signal, Type responseType)
    {
        var kind = SignalKind.For(signal);

        var full = kind.Response(0, null);
        var partial = kind.Response(3, "three bad ids");

        Assert.IsType(responseType, full);
        Assert.Empty(Google.Protobuf.MessageExtensions.ToByteArray(full));
        Assert.Equal((0L, (string?)null), kind.ReadPartialSuccess(Google.Protobuf.MessageExtensions.ToByteArray(full), json: false));
        Assert.Equal((0L, (string?)null), kind.ReadPartialSuccess([], json: false));
        Assert.Equal((3L, "three bad ids"), kind.ReadPartialSuccess(Google.Protobuf.MessageExtensions.ToByteArray(partial), json: false));
        Assert.Equal((3L, "three bad ids"), kind.ReadPartialSuccess(MiniCollector.Pipeline.Otlp.Json.OtlpJsonWriter.ToUtf8Bytes(partial), json: true));
    }
}
