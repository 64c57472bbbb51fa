using BenchmarkDotNet.Attributes;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Receivers.Otlp;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// Taking in the standard protobuf trace payload (100 spans): the bare Google.Protobuf parse, the receiver's whole
/// per-request decode (<see cref="SignalKind.Decode"/>, which validates and keeps the bytes when they are well formed)
/// and what it costs once a consumer asks for the model.
/// </summary>
/// <remarks>
/// The parse is the baseline, so the ratio column compares each receiver front end with protobuf itself. The
/// validating wire scan alone, per signal, is in <see cref="WireScanBenchmarks"/>.
/// </remarks>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private byte[] _payload = [];
    private ExportTraceServiceRequest _decoded = new();

    [GlobalSetup]
    public void Setup()
    {
        _payload = OtlpPayloads.TraceBytes;
        _decoded = ExportTraceServiceRequest.Parser.ParseFrom(_payload);
    }

    [Benchmark(Baseline = true)]
    public ExportTraceServiceRequest ProtobufParseFrom() => ExportTraceServiceRequest.Parser.ParseFrom(_payload);

    /// <summary>The receiver's per-request decode of a valid body, as both the HTTP and the gRPC protocol call it.</summary>
    [Benchmark]
    public DecodedRequest ReceiverSignalCodecDecode() => TracesKind.Instance.Decode(_payload, json: false, ClientMetadata.Empty);

    /// <summary>
    /// The receiver's decode followed by a consumer's first use of the model (prometheus, debug, attribute edits): what a
    /// request costs in total when something downstream needs the decoded form.
    /// </summary>
    [Benchmark]
    public object ReceiverDecodeThenModel() => TracesKind.Instance.Decode(_payload, json: false, ClientMetadata.Empty).Request!.Model;

    /// <summary>
    /// The id check on a decoded model (the receiver's fallback when the scan finds a bad id). All ids are valid, so
    /// nothing is removed and the same model can be checked again on every invocation.
    /// </summary>
    [Benchmark]
    public long IdValidationOnly() => TracesKind.Instance.DropInvalidIds(_decoded).Rejected;
}
