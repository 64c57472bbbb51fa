using BenchmarkDotNet.Attributes;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// Scanning a request's wire format without decoding it (<see cref="SignalKind{T}.CountItems(ReadOnlySpan{byte})"/>,
/// <see cref="SignalKind{T}.Validate"/>), against the full decode they stand in for, for each signal's standard payload.
/// </summary>
/// <remarks>
/// Every scan over the same bytes belongs in this class with <see cref="CountItems"/> as the baseline, so the ratio
/// column says directly what a scan costs relative to counting and, through <see cref="ParseFrom"/>, to decoding.
/// </remarks>
[MemoryDiagnoser]
public class WireScanBenchmarks
{
    private byte[] _payload = [];

    /// <summary>Which standard payload: traces 100 spans, metrics 1 000 points, logs 100 records.</summary>
    [Params(Signal.Traces, Signal.Metrics, Signal.Logs)]
    public Signal Signal { get; set; }

    [GlobalSetup]
    public void Setup() => _payload = Signal switch
    {
        Signal.Traces => OtlpPayloads.TraceBytes,
        Signal.Metrics => OtlpPayloads.MetricsBytes,
        _ => OtlpPayloads.LogsBytes,
    };

    [Benchmark(Baseline = true)]
    public int CountItems() => Signal switch
    {
        Signal.Traces => TracesKind.Instance.CountItems(_payload),
        Signal.Metrics => MetricsKind.Instance.CountItems(_payload),
        _ => LogsKind.Instance.CountItems(_payload),
    };

    /// <summary>
    /// The receiver's validating scan (tags, lengths, UTF-8, nesting, id lengths, item count): what a well-formed
    /// protobuf request costs the receiver now that it is no longer decoded.
    /// </summary>
    [Benchmark]
    public int Validate() => Signal switch
    {
        Signal.Traces => TracesKind.Instance.Validate(_payload).Items,
        Signal.Metrics => MetricsKind.Instance.Validate(_payload).Items,
        _ => LogsKind.Instance.Validate(_payload).Items,
    };

    /// <summary>The decode a scan avoids, to put the scan's cost in proportion.</summary>
    [Benchmark]
    public object ParseFrom() => Signal switch
    {
        Signal.Traces => ExportTraceServiceRequest.Parser.ParseFrom(_payload),
        Signal.Metrics => ExportMetricsServiceRequest.Parser.ParseFrom(_payload),
        _ => ExportLogsServiceRequest.Parser.ParseFrom(_payload),
    };
}
