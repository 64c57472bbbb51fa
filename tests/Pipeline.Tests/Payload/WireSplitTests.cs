using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.TestSupport.Shape;

namespace MiniCollector.Pipeline.Tests.Payload;

/// <summary>
/// Splitting a request still in wire form (the batch processor's send_batch_max_size on forwarded bytes): the
/// pieces must be exactly those of the model split, and whole resources must stay undecoded slices of the input.
/// </summary>
public abstract class WireSplitTests<T>
    where T : class, IMessage<T>, new()
{
    protected abstract SignalCase<T> Case { get; }

    private SignalKind<T> Kind => Case.Kind;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_shapes_split_on_the_wire_exactly_as_the_model_split_does(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            var first = RandomShape(random, "a");
            var second = RandomShape(random, "b");
            int max = random.Next(1, 12);
            if (Total(first) + Total(second) == 0)
            {
                // The batch processor splits only batches larger than the limit; an empty one is never split.
                continue;
            }

            // Two received requests merged by the batch processor: the split has to cross their boundary.
            var merged = TelemetryRequest<T>.Concat(Kind, [Kind.FromBytes(Case.Build(first).ToByteArray()), Kind.FromBytes(Case.Build(second).ToByteArray())], ClientMetadata.Empty);
            var expected = Kind.Split(Case.Build([.. first, .. second]), max);

            var pieces = Kind.Split(merged, max);

            Assert.Equal(expected.Count, pieces.Count);
            for (int i = 0; i < pieces.Count; i++)
            {
                Assert.Equal(expected[i], Kind.Parser.ParseFrom(pieces[i].Bytes.Span));
                Assert.Equal(Kind.CountItems(expected[i]), pieces[i].ItemCount);
            }
        }
    }

    [Fact]
    public void Resources_that_fit_are_passed_on_as_slices_of_the_received_bytes_without_decoding()
    {
        byte[] received = Case.Build(R("r1", S("s", 2)), R("r2", S("s", 1), S("t", 1)), R("r3", S("s", 2))).ToByteArray();
        var request = Kind.FromBytes(received);

        var pieces = Kind.Split(request, 2);

        Assert.Equal([2, 2, 2], pieces.Select(p => p.ItemCount));
        Assert.All(pieces, p => Assert.False(p.HasModel));
        var segments = new List<ReadOnlyMemory<byte>>();
        foreach (var piece in pieces)
        {
            piece.AddSegments(segments);
        }

        // The pieces together are the received bytes themselves, in order, with nothing copied.
        Assert.True(segments.All(s => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(s, out var array) && ReferenceEquals(array.Array, received)));
        Assert.Equal(received, segments.SelectMany(s => s.ToArray()).ToArray());
    }

    [Fact]
    public void A_merged_request_is_written_segment_by_segment_and_joined_only_on_demand()
    {
        var parts = new[] { R("a", S("s", 3)), R("b", S("s", 1)), R("c", S("s", 2)) }
            .Select(shape => Kind.FromBytes(Case.Build(shape).ToByteArray()))
            .ToList();
        var merged = TelemetryRequest<T>.Concat(Kind, parts, ClientMetadata.Empty);

        var segments = new List<ReadOnlyMemory<byte>>();
        merged.AddSegments(segments);

        Assert.Equal(3, segments.Count);
        Assert.Equal(parts.Sum(p => p.Bytes.Length), merged.ByteLength);
        Assert.Equal(parts.SelectMany(p => p.Bytes.ToArray()).ToArray(), merged.Bytes.ToArray());
        Assert.Equal(6, merged.ItemCount);
    }

    private static ResourceShape[] RandomShape(Random random, string prefix)
    {
        var resources = new ResourceShape[random.Next(0, 4)];
        for (int r = 0; r < resources.Length; r++)
        {
            var scopes = new ScopeShape[random.Next(0, 3)];
            for (int s = 0; s < scopes.Length; s++)
            {
                scopes[s] = S($"s{s}", random.Next(0, 9));
            }

            resources[r] = R($"{prefix}{r}", scopes);
        }

        return resources;
    }
}

public sealed class TracesWireSplitTests : WireSplitTests<ExportTraceServiceRequest>
{
    protected override SignalCase<ExportTraceServiceRequest> Case => TracesCase.Instance;
}

public sealed class MetricsWireSplitTests : WireSplitTests<ExportMetricsServiceRequest>
{
    protected override SignalCase<ExportMetricsServiceRequest> Case => MetricsCase.Instance;
}

public sealed class LogsWireSplitTests : WireSplitTests<ExportLogsServiceRequest>
{
    protected override SignalCase<ExportLogsServiceRequest> Case => LogsCase.Instance;
}
