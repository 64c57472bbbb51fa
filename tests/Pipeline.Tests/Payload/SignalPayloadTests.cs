using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.TestSupport.Shape;

namespace MiniCollector.Pipeline.Tests.Payload;

/// <summary>
/// Counting, concatenating and splitting, written once and run for traces, metrics and logs. Items are labelled
/// with their origin, so a split that moves an item under the wrong resource, scope or metric is caught.
/// </summary>
public abstract class SignalPayloadTests<T>
    where T : class, IMessage<T>, new()
{
    protected abstract SignalCase<T> Case { get; }

    private SignalKind<T> Kind => Case.Kind;

    /// <summary>Shapes with multiple resources and scopes, uneven sizes, and empty parts.</summary>
    public static TheoryData<int> ShapeIndexes => new() { 0, 1, 2, 3, 4, 5 };

    protected static ResourceShape[] ShapeAt(int index) => index switch
    {
        0 => [],
        1 => [R("r1", S("s1", 1))],
        2 => [R("r1", S("s1", 7))],
        3 => [R("r1", S("s1", 3), S("s2", 4)), R("r2", S("s1", 5)), R("r3", S("s3", 1), S("s4", 2))],
        4 => [R("r1"), R("r2", S("empty", 0), S("s1", 2)), R("r3", S("s2", 0))],
        _ => [R("big", S("s1", 23), S("s2", 1)), R("small", S("s1", 2)), R("mid", S("a", 6), S("b", 6), S("c", 6))],
    };

    [Theory]
    [MemberData(nameof(ShapeIndexes))]
    public void Wire_scan_count_equals_model_count(int shapeIndex)
    {
        var shape = ShapeAt(shapeIndex);
        var request = Case.Build(shape);
        var bytes = request.ToByteArray();

        Assert.Equal(Total(shape), Kind.CountItems(request));
        Assert.Equal(Total(shape), Kind.CountItems(bytes));
        Assert.Equal(Total(shape), Kind.FromBytes(bytes).ItemCount);
        Assert.Equal(Total(shape), Kind.FromModel(request).ItemCount);
        Assert.Equal(Total(shape), Case.Flatten(request).Count);
    }

    [Fact]
    public void Wire_scan_ignores_unknown_fields()
    {
        var request = Case.Build(R("r1", S("s1", 3)));
        var bytes = request.ToByteArray();
        // An unknown field 15 (varint) and 14 (length-delimited) at the top level, as a newer client could send.
        byte[] extended = [.. bytes, 15 << 3, 42, (14 << 3) | 2, 2, 0x0A, 0x00];

        Assert.Equal(3, Kind.CountItems(extended));
        Assert.Equal(3, Kind.CountItems(Kind.Parser.ParseFrom(extended)));
    }

    [Fact]
    public void From_bytes_decodes_lazily()
    {
        var bytes = Case.Build(ShapeAt(3)).ToByteArray();

        var request = Kind.FromBytes(bytes);

        Assert.False(request.HasModel);
        Assert.Equal(Total(ShapeAt(3)), request.ItemCount);
        Assert.False(request.HasModel);
        Assert.Equal(bytes, request.Bytes.ToArray());
        Assert.False(request.HasModel);
        Assert.Equal(Case.Build(ShapeAt(3)), request.Message);
        Assert.True(request.HasModel);
        Assert.Same(request.Message, request.Model);
        Assert.Equal(Kind.Signal, request.Signal);
    }

    [Fact]
    public void A_declared_change_of_the_model_is_counted_again_and_encoded_again()
    {
        var request = Kind.FromBytes(Case.Build(ShapeAt(3)).ToByteArray());
        int before = request.ItemCount;

        request.Message.MergeFrom(Case.Build(ShapeAt(3)));
        request.ModelChanged();

        Assert.Equal(2 * before, request.ItemCount);
        Assert.Equal(2 * before, Kind.CountItems(request.Bytes.ToArray()));
    }

    [Fact]
    public void From_model_encodes_on_demand()
    {
        var model = Case.Build(ShapeAt(3));

        var request = Kind.FromModel(model);

        Assert.True(request.HasModel);
        Assert.Same(model, request.Message);
        Assert.Equal(model, Kind.Parser.ParseFrom(request.Bytes.Span));
    }

    [Fact]
    public void Clone_is_a_deep_copy()
    {
        var request = Kind.FromBytes(Case.Build(ShapeAt(3)).ToByteArray());

        var clone = Assert.IsType<TelemetryRequest<T>>(request.Clone());

        Assert.NotSame(request.Message, clone.Message);
        Assert.Equal(request.Message, clone.Message);
        Assert.Equal(request.ItemCount, clone.ItemCount);
        Assert.Same(request.Metadata, clone.Metadata);
    }

    [Fact]
    public void Concat_bytes_parse_to_the_merged_model_and_counts_add_up()
    {
        ResourceShape[] a = [R("r1", S("s1", 2))];
        ResourceShape[] b = [R("r2", S("s1", 3), S("s2", 1)), R("r3", S("s9", 4))];
        ResourceShape[] c = [R("r1", S("s1", 5))];
        var metadata = new ClientMetadata(new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) { ["tenant"] = ["t1"] });
        var parts = new List<TelemetryRequest<T>>
        {
            Kind.FromBytes(Case.Build(a).ToByteArray()),
            Kind.FromModel(Case.Build(b)),
            Kind.FromBytes(Case.Build(c).ToByteArray()),
        };

        var merged = TelemetryRequest<T>.Concat(Kind, parts, metadata);

        var expected = Case.Build([.. a, .. b, .. c]);
        Assert.Equal(Total(a) + Total(b) + Total(c), merged.ItemCount);
        Assert.False(merged.HasModel);
        Assert.Equal(expected, Kind.Parser.ParseFrom(merged.Bytes.Span));
        Assert.False(merged.HasModel);
        Assert.Equal(merged.ItemCount, Kind.CountItems(merged.Bytes.Span));
        Assert.Equal(expected, merged.Message);
        Assert.Same(metadata, merged.Metadata);
        Assert.Equal(Kind.Signal, merged.Signal);
    }

    [Fact]
    public void Concat_model_first_then_bytes_agree()
    {
        ResourceShape[] a = [R("r1", S("s1", 2))];
        ResourceShape[] b = [R("r2", S("s2", 3))];
        var merged = TelemetryRequest<T>.Concat(Kind, [Kind.FromBytes(Case.Build(a).ToByteArray()), Kind.FromBytes(Case.Build(b).ToByteArray())], ClientMetadata.Empty);

        var model = merged.Message;

        Assert.Equal(Case.Build([.. a, .. b]), model);
        Assert.Equal(model, Kind.Parser.ParseFrom(merged.Bytes.Span));
        Assert.Equal(5, merged.ItemCount);
    }

    public static TheoryData<int, int> SplitCases()
    {
        var data = new TheoryData<int, int>();
        foreach (var shape in new[] { 2, 3, 4, 5 })
        {
            foreach (var max in new[] { 1, 2, 3, 4, 5, 7, 10, 24, 100 })
            {
                data.Add(shape, max);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SplitCases))]
    public void Split_parts_respect_max_and_keep_every_item_in_its_context_and_order(int shapeIndex, int max)
    {
        var shape = ShapeAt(shapeIndex);
        var expected = Case.Flatten(Case.Build(shape));

        var parts = Kind.Split(Case.Build(shape), max);

        Assert.NotEmpty(parts);
        Assert.All(parts, p => Assert.InRange(Kind.CountItems(p), 0, max));
        Assert.Equal(Total(shape), parts.Sum(p => Kind.CountItems(p)));
        Assert.Equal(Total(shape), parts.Sum(p => Kind.CountItems(p.ToByteArray())));
        // Same items, same order, each still under its own resource, scope (and metric), with their attributes.
        Assert.Equal(expected, parts.SelectMany(Case.Flatten));
    }

    [Fact]
    public void Split_fills_parts_before_starting_new_ones()
    {
        var shape = ShapeAt(3); // 15 items

        var parts = Kind.Split(Case.Build(shape), 4);

        Assert.Equal([4, 4, 4, 3], parts.Select(p => Kind.CountItems(p)));
    }

    [Fact]
    public void Split_keeps_whole_resources_that_fit()
    {
        var parts = Kind.Split(Case.Build(R("r1", S("s1", 2)), R("r2", S("s1", 2))), 10);

        var part = Assert.Single(parts);
        Assert.Equal(2, Case.ResourceEntries(part));
        Assert.Equal(Case.Build(R("r1", S("s1", 2)), R("r2", S("s1", 2))), part);
    }

    [Fact]
    public void Split_an_item_after_a_partially_split_resource_stays_with_its_own_resource()
    {
        // r1 does not fit in the first part and is split; r2 then starts in the second part next to r1's rest.
        ResourceShape[] shape = [R("r1", S("s1", 5)), R("r2", S("s2", 1), S("s3", 3))];
        var expected = Case.Flatten(Case.Build(shape));

        var parts = Kind.Split(Case.Build(shape), 4);

        Assert.Equal(expected, parts.SelectMany(Case.Flatten));
        Assert.Equal([4, 4, 1], parts.Select(p => Kind.CountItems(p)));
    }

    [Fact]
    public void Truncated_bytes_are_malformed()
    {
        var bytes = Case.Build(ShapeAt(3)).ToByteArray();

        foreach (var cut in new[] { 1, 2, bytes.Length / 2 })
        {
            var truncated = bytes[..^cut];
            Assert.Throws<MalformedPayloadException>(() => Kind.CountItems(truncated));
        }
    }

    [Fact]
    public void Inner_corruption_is_malformed()
    {
        var bytes = Case.Build(R("r1", S("s1", 1))).ToByteArray();
        // Field 1 (ResourceX) holding a nested field 2 (ScopeX) whose length runs past its parent.
        byte[] corrupt = [0x0A, 0x03, 0x12, 0x7F, 0x00];

        Assert.Throws<MalformedPayloadException>(() => Kind.CountItems(corrupt));
        Assert.Throws<MalformedPayloadException>(() => Kind.FromBytes(corrupt).ItemCount);
        Assert.Equal(1, Kind.CountItems(bytes));
    }
}

public sealed class TracesPayloadTests : SignalPayloadTests<ExportTraceServiceRequest>
{
    protected override SignalCase<ExportTraceServiceRequest> Case => TracesCase.Instance;
}

public sealed class MetricsPayloadTests : SignalPayloadTests<ExportMetricsServiceRequest>
{
    protected override SignalCase<ExportMetricsServiceRequest> Case => MetricsCase.Instance;
}

public sealed class LogsPayloadTests : SignalPayloadTests<ExportLogsServiceRequest>
{
    protected override SignalCase<ExportLogsServiceRequest> Case => LogsCase.Instance;
}
