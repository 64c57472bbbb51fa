using BenchmarkDotNet.Attributes;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Otlp.Json;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Receivers.Otlp;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// Decoding the standard trace payload (100 spans) sent as OTLP/JSON: our reader alone, and the receiver's decode
/// around it. The JSON is our own writer's output of the same model, so it is the JSON an OTLP/HTTP client sends
/// (hex ids, lowerCamelCase keys, 64-bit times as strings).
/// </summary>
[MemoryDiagnoser]
public class JsonDecodeBenchmarks
{
    private byte[] _json = [];

    [GlobalSetup]
    public void Setup() => _json = OtlpJsonWriter.ToUtf8Bytes(ExportTraceServiceRequest.Parser.ParseFrom(OtlpPayloads.TraceBytes));

    [Benchmark(Baseline = true)]
    public ExportTraceServiceRequest OtlpJsonReaderReadTraces() => OtlpJsonReader.ReadTraces(_json);

    /// <summary>The receiver's per-request decode of a JSON body (read, drop spans with bad ids, count, wrap).</summary>
    [Benchmark]
    public DecodedRequest ReceiverSignalCodecDecodeJson() => TracesKind.Instance.Decode(_json, json: true, ClientMetadata.Empty);
}
