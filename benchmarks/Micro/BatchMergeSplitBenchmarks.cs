using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// The batch processor's two data operations on traces: merging 10 received requests (100 spans each) into one, and
/// splitting a 1 000-span batch into parts of at most 512 spans (<c>send_batch_max_size: 512</c>), each part made
/// ready to send.
/// </summary>
/// <remarks>
/// Two 1 000-span shapes matter for splitting: a merged batch of 10 resources (the usual case behind a batch
/// processor; the wire split slices whole resources) and one resource holding all 1 000 spans (the resource
/// straddles the cut, so even the wire split decodes it).
/// </remarks>
[MemoryDiagnoser]
public class BatchMergeSplitBenchmarks
{
    private const int Requests = 10;
    private const int MaxItems = 512;

    private TelemetryRequest<ExportTraceServiceRequest>[] _receivedBytes = [];
    private TelemetryRequest<ExportTraceServiceRequest>[] _receivedDecoded = [];
    private readonly List<ReadOnlyMemory<byte>> _segments = [];
    private ExportTraceServiceRequest _oneScope1000 = new();
    private ExportTraceServiceRequest _tenResources1000 = new();
    private byte[] _oneScope1000Bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _receivedBytes = new TelemetryRequest<ExportTraceServiceRequest>[Requests];
        _receivedDecoded = new TelemetryRequest<ExportTraceServiceRequest>[Requests];
        for (int i = 0; i < Requests; i++)
        {
            var model = OtlpPayloads.Traces(OtlpPayloads.SpansPerRequest, seed: i + 1);

            // The receiver passes its item count along, so the batch processor never rescans what it merges.
            _receivedBytes[i] = TelemetryRequest<ExportTraceServiceRequest>.FromBytes(TracesKind.Instance, model.ToByteArray(), itemCount: OtlpPayloads.SpansPerRequest);
            _receivedDecoded[i] = TelemetryRequest<ExportTraceServiceRequest>.FromModel(TracesKind.Instance, model, itemCount: OtlpPayloads.SpansPerRequest);
        }

        _oneScope1000 = OtlpPayloads.Traces(Requests * OtlpPayloads.SpansPerRequest);
        _oneScope1000Bytes = _oneScope1000.ToByteArray();
        _tenResources1000 = MergedBytes().Message;

        // The model split only links the source's resources, scopes and spans into new parents today, so one source
        // serves every invocation. Should it start consuming its source, later invocations would split less: fail
        // instead of measuring that.
        int first = TracesKind.Instance.Split(_oneScope1000, MaxItems).Count;
        int second = TracesKind.Instance.Split(_oneScope1000, MaxItems).Count;
        if (first != 2 || second != 2 || TracesKind.Instance.CountItems(_oneScope1000) != 1000)
        {
            throw new InvalidOperationException($"Split changed its source ({first} then {second} parts); this benchmark must clone per invocation now.");
        }
    }

    /// <summary>Merge into one contiguous buffer: the concatenated encodings, nothing decoded.</summary>
    [Benchmark(Baseline = true)]
    public int MergeConcatBytes() => MergedBytes().Bytes.Length;

    /// <summary>Merge as the otlp exporters send it: the parts' bytes listed as segments, nothing copied.</summary>
    [Benchmark]
    public int MergeSegments()
    {
        _segments.Clear();
        MergedBytes().AddSegments(_segments);
        return _segments.Count;
    }

    /// <summary>Merge for a model consumer (prometheus, debug): the parts' resource lists joined, parts already decoded.</summary>
    [Benchmark]
    public int MergeConcatModel() => Merged(_receivedDecoded).Message.ResourceSpans.Count;

    /// <summary>
    /// Merge when the merged model is built first and then sent as bytes: a full re-encode, the cost that keeping the
    /// received bytes avoids.
    /// </summary>
    [Benchmark]
    public int MergeModelThenReencode()
    {
        var merged = Merged(_receivedDecoded);
        _ = merged.Message;
        return merged.Bytes.Length;
    }

    /// <summary>The batch processor's split of a merged batch of 10 received requests still in wire form, parts ready to send.</summary>
    [Benchmark]
    public int SplitWireTenResources() => ReadyToSend(TracesKind.Instance.Split(MergedBytes(), MaxItems));

    /// <summary>The batch processor's split of one received 1 000-span resource: the straddling resource is decoded.</summary>
    [Benchmark]
    public int SplitWireOneScope() => ReadyToSend(TracesKind.Instance.Split(TracesKind.Instance.FromBytes(_oneScope1000Bytes), MaxItems));

    /// <summary>Model split of the merged 10-resource batch: mostly whole resources move (encoding not included).</summary>
    [Benchmark]
    public int SplitModelTenResources() => TracesKind.Instance.Split(_tenResources1000, MaxItems).Count;

    /// <summary>Model split of one resource and scope holding 1 000 spans: the scope is cut, so shells are copied (encoding not included).</summary>
    [Benchmark]
    public int SplitModelOneScope() => TracesKind.Instance.Split(_oneScope1000, MaxItems).Count;

    /// <summary>Decode, split the model, encode every part: the bytes-in, bytes-out split without any wire-level help.</summary>
    [Benchmark]
    public int SplitViaModelBytesToBytes()
    {
        var model = ExportTraceServiceRequest.Parser.ParseFrom(_oneScope1000Bytes);
        int total = 0;
        foreach (var part in TracesKind.Instance.Split(model, MaxItems))
        {
            total += part.ToByteArray().Length;
        }

        return total;
    }

    private TelemetryRequest<ExportTraceServiceRequest> MergedBytes() => Merged(_receivedBytes);

    private static TelemetryRequest<ExportTraceServiceRequest> Merged(TelemetryRequest<ExportTraceServiceRequest>[] parts) =>
        TelemetryRequest<ExportTraceServiceRequest>.Concat(TracesKind.Instance, parts, ClientMetadata.Empty);

    // An exporter sends ByteLength bytes made of the part's segments; asking for the length encodes a decoded part.
    private static int ReadyToSend(IReadOnlyList<TelemetryRequest<ExportTraceServiceRequest>> parts)
    {
        int total = 0;
        foreach (var part in parts)
        {
            total += part.ByteLength;
        }

        return total;
    }
}
