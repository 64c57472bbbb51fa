using System.Buffers;
using Google.Protobuf;
using MiniCollector.Exporters.Prometheus.Store;
using MiniCollector.Exporters.Prometheus.Translation;
using MiniCollector.Exposition;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Payload;
using OtlpExemplar = MiniCollector.Otlp.Metrics.Exemplar;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Exporters.Prometheus.Ingest;

/// <summary>
/// Translates OTLP metrics into store updates: names and units by the compatibility spec, <c>job</c>/<c>instance</c>
/// from the resource, one <c>target_info</c> per job+instance, scope labels, exemplars, and which temporality /
/// type combinations can be exposed. A request is read from its bytes, under the store's lock.
/// </summary>
/// <remarks>
/// <para>
/// Gauges and sums, the bulk of what SDKs send, are read straight from the wire: a data point's series is found by the
/// bytes it arrived as (its sender's context number, then its attributes as received), so updating a series that
/// exists decodes no attribute, builds no label and allocates nothing. Only a point whose bytes are new (a new series,
/// or a known one sent differently) is decoded and labelled, and its series then remembers those bytes.
/// </para>
/// <para>
/// What a resource, a scope and a metric's name and unit translate to is worked out once per distinct set of bytes
/// (<see cref="BytesCache{T}"/>). Histograms, exponential histograms, summaries and metrics carrying metadata are
/// decoded metric by metric (<c>OtlpMetricsIngest.Model.cs</c>), as is every metric of a request that arrives decoded.
/// </para>
/// </remarks>
internal sealed partial class OtlpMetricsIngest(PrometheusOptions options, MetricStore store)
{
    private const uint NoRecordedValue = 1;

    private readonly MetricNameCache _names = new(options.Namespace, options.Strategy);
    private readonly BytesCache<ResourceContext> _resources = new(1024);
    private readonly BytesCache<MetricHeader> _headers = new(4096);
    private readonly ArrayBufferWriter<byte> _received = new(256);
    private readonly ArrayBufferWriter<byte> _cacheKey = new(256);
    private long _nextContext;

    /// <summary>Counts of points not exposed, by reason (for logs and self-metrics).</summary>
    public DropCounters Dropped { get; } = new();

    /// <summary>
    /// Applies one decoded request (one a processor changed or a connector made) to the store under a single store lock:
    /// every point is labelled and looked up by its labels, as the model is at hand.
    /// </summary>
    public void Ingest(ExportMetricsServiceRequest request)
    {
        using var locked = store.Enter();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = ResourceOf(resourceMetrics.Resource?.ToByteArray() ?? []);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var context = ScopeOf(resource, scopeMetrics.Scope?.ToByteArray() ?? [], System.Text.Encoding.UTF8.GetBytes(scopeMetrics.SchemaUrl));
                foreach (var metric in scopeMetrics.Metrics)
                {
                    IngestMetric(metric, resource.Labels, context.ScopeLabels);
                }
            }
        }
    }

    /// <summary>Applies one request, as received (an <c>ExportMetricsServiceRequest</c>), to the store under a single store lock.</summary>
    public void Ingest(ReadOnlySpan<byte> request)
    {
        using var locked = store.Enter();
        var reader = new WireReader(request);
        while (reader.TryReadTag(out int field, out var type))
        {
            if (field == 1 && type == WireFormat.WireType.LengthDelimited)
            {
                IngestResourceMetrics(reader.ReadLengthDelimited());
            }
            else
            {
                reader.Skip(type);
            }
        }
    }

    // ResourceMetrics: resource = 1, scope_metrics = 2. The resource is looked for first: the wire may give it last.
    private void IngestResourceMetrics(ReadOnlySpan<byte> resourceMetrics)
    {
        var resource = ResourceOf(Field(resourceMetrics, 1));
        var reader = new WireReader(resourceMetrics);
        while (reader.TryReadTag(out int field, out var type))
        {
            if (field == 2 && type == WireFormat.WireType.LengthDelimited)
            {
                IngestScopeMetrics(resource, reader.ReadLengthDelimited());
            }
            else
            {
                reader.Skip(type);
            }
        }
    }

    // ScopeMetrics: scope = 1, metrics = 2, schema_url = 3.
    private void IngestScopeMetrics(ResourceContext resource, ReadOnlySpan<byte> scopeMetrics)
    {
        var context = ScopeOf(resource, Field(scopeMetrics, 1), Field(scopeMetrics, 3));
        var reader = new WireReader(scopeMetrics);
        while (reader.TryReadTag(out int field, out var type))
        {
            if (field == 2 && type == WireFormat.WireType.LengthDelimited)
            {
                IngestMetric(context, reader.ReadLengthDelimited());
            }
            else
            {
                reader.Skip(type);
            }
        }
    }

    // The context of a resource (its encoding), translated on first sight; its target_info is set on every request.
    private ResourceContext ResourceOf(ReadOnlySpan<byte> resource)
    {
        if (!_resources.TryGet(resource, out var context))
        {
            context = NewResourceContext(OtlpResource.Parser.ParseFrom(resource));
            _resources.Add(resource, context);
        }

        if (context.TargetInfo is { } target)
        {
            store.SetGauge(TargetInfoFamily, new SeriesKey(target.Identity, target.LabelText, target.LabelEnds), 1, 0);
        }

        return context;
    }

    // The context of a scope (its encoding and schema URL) under a resource, translated on first sight.
    private PointContext ScopeOf(ResourceContext resource, ReadOnlySpan<byte> scope, ReadOnlySpan<byte> schemaUrl)
    {
        _cacheKey.ResetWrittenCount();
        WriteLengthPrefixed(_cacheKey, scope);
        _cacheKey.Write(schemaUrl);
        if (!resource.Scopes.TryGet(_cacheKey.WrittenSpan, out var context))
        {
            var scopeLabels = options.WithoutScopeInfo
                ? []
                : ScopeLabels(new ScopeMetrics { Scope = InstrumentationScope.Parser.ParseFrom(scope), SchemaUrl = System.Text.Encoding.UTF8.GetString(schemaUrl) });
            context = new PointContext(resource, scopeLabels, ContextNumber(++_nextContext));
            resource.Scopes.Add(_cacheKey.WrittenSpan, context);
        }

        return context;
    }

    // Metric: name = 1, description = 2, unit = 3, gauge = 5, sum = 7, histogram = 9, exponential_histogram = 10,
    // summary = 11, metadata = 12. Only gauges and sums without metadata are read from the wire; everything else is
    // decoded and goes the model's way.
    private void IngestMetric(PointContext context, ReadOnlySpan<byte> metric)
    {
        ReadOnlySpan<byte> name = default, description = default, unit = default, data = default;
        int dataField = 0;
        bool decode = false;
        var reader = new WireReader(metric);
        while (reader.TryReadTag(out int field, out var type))
        {
            switch (field)
            {
                case 1 when type == WireFormat.WireType.LengthDelimited:
                    name = reader.ReadLengthDelimited();
                    break;
                case 2 when type == WireFormat.WireType.LengthDelimited:
                    description = reader.ReadLengthDelimited();
                    break;
                case 3 when type == WireFormat.WireType.LengthDelimited:
                    unit = reader.ReadLengthDelimited();
                    break;
                case 5 or 7 or 9 or 10 or 11 when type == WireFormat.WireType.LengthDelimited:
                    // The same data field twice merges (the model path does that); another one replaces it.
                    decode |= dataField == field;
                    dataField = field;
                    data = reader.ReadLengthDelimited();
                    break;
                case 12:
                    decode = true;
                    reader.Skip(type);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (decode || dataField is not (5 or 7))
        {
            IngestMetric(Metric.Parser.ParseFrom(metric), context.Resource.Labels, context.ScopeLabels);
            return;
        }

        var header = Header(name, unit, description);
        header.Usable ??= _names.Get(header.Name, header.Unit, MetricKind.Gauge).Length > 0;
        if (header.Usable is false)
        {
            Dropped.Add("metric name with no usable characters", header.Name, 1);
            return;
        }

        if (dataField == 5)
        {
            FamilyInfo family = header.Gauge ??= Family(header.Name, header.Unit, header.Description, MetricKind.Gauge, MetricType.Gauge);
            IngestNumberPoints(context, header, family, data, counter: false, delta: false);
        }
        else
        {
            IngestSum(context, header, data);
        }
    }

    // Sum: data_points = 1, aggregation_temporality = 2, is_monotonic = 3.
    private void IngestSum(PointContext context, MetricHeader header, ReadOnlySpan<byte> sum)
    {
        var temporality = AggregationTemporality.Unspecified;
        bool monotonic = false;
        int points = 0;
        var reader = new WireReader(sum);
        while (reader.TryReadTag(out int field, out var type))
        {
            switch (field)
            {
                case 1:
                    points++;
                    reader.Skip(type);
                    break;
                case 2 when type == WireFormat.WireType.Varint:
                    temporality = (AggregationTemporality)(int)reader.ReadVarint();
                    break;
                case 3 when type == WireFormat.WireType.Varint:
                    monotonic = reader.ReadVarint() != 0;
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (temporality == AggregationTemporality.Unspecified)
        {
            Dropped.Add("sum with unspecified temporality", header.Name, points);
            return;
        }

        bool delta = temporality == AggregationTemporality.Delta;
        if (!monotonic && delta)
        {
            Dropped.Add("non-monotonic delta sum", header.Name, points);
            return;
        }

        FamilyInfo family = monotonic
            ? header.Counter ??= Family(header.Name, header.Unit, header.Description, MetricKind.MonotonicCounter, MetricType.Counter)
            : header.NonMonotonicSum ??= Family(header.Name, header.Unit, header.Description, MetricKind.NonMonotonicSum, MetricType.Gauge);
        IngestNumberPoints(context, header, family, sum, counter: monotonic, delta);
    }

    // The data points (field 1 of Gauge and of Sum) of one metric.
    private void IngestNumberPoints(PointContext context, MetricHeader header, FamilyInfo info, ReadOnlySpan<byte> data, bool counter, bool delta)
    {
        FamilyState? family = null;
        long now = store.NowTicks;
        var reader = new WireReader(data);
        while (reader.TryReadTag(out int field, out var type))
        {
            if (field != 1 || type != WireFormat.WireType.LengthDelimited)
            {
                reader.Skip(type);
                continue;
            }

            var bytes = reader.ReadLengthDelimited();
            var point = NumberPointWire.Read(bytes, context.Number, _received);
            if ((point.Flags & NoRecordedValue) != 0)
            {
                // A deletion may remove the family with its last series, so the next point looks it up again.
                Remove(info, Id(NumberDataPoint.Parser.ParseFrom(bytes).Attributes, context.Resource.Labels, context.ScopeLabels));
                family = null;
                continue;
            }

            family ??= store.Family(info);
            if (family is null)
            {
                Dropped.Add(TypeConflictReason, header.Name, 1);
                continue;
            }

            var received = FamilyState.ReceivedHash(_received.WrittenSpan);
            int at = family.FindReceived(received);
            bool created = false;
            if (at < 0)
            {
                at = family.Locate(Id(NumberDataPoint.Parser.ParseFrom(bytes).Attributes, context.Resource.Labels, context.ScopeLabels), out created);
                family.SetReceived(at, received);
            }

            ref var slot = ref family.Slot(at);
            if (counter)
            {
                var exemplar = point.LatestExemplar.IsEmpty ? null : ToExemplar(OtlpExemplar.Parser.ParseFrom(point.LatestExemplar));
                MetricStore.UpdateCounter(ref slot, created, point.Value, point.StartNanos, point.TimeNanos, delta, exemplar, now);
            }
            else
            {
                MetricStore.UpdateGauge(ref slot, created, point.Value, point.TimeNanos, now);
            }
        }
    }

    private MetricHeader Header(ReadOnlySpan<byte> name, ReadOnlySpan<byte> unit, ReadOnlySpan<byte> description)
    {
        _cacheKey.ResetWrittenCount();
        WriteLengthPrefixed(_cacheKey, name);
        WriteLengthPrefixed(_cacheKey, unit);
        _cacheKey.Write(description);
        if (!_headers.TryGet(_cacheKey.WrittenSpan, out var header))
        {
            header = new MetricHeader(System.Text.Encoding.UTF8.GetString(name), System.Text.Encoding.UTF8.GetString(unit), System.Text.Encoding.UTF8.GetString(description));
            _headers.Add(_cacheKey.WrittenSpan, header);
        }

        return header;
    }

    // A message field of a message, as the model would read it: empty when absent; when it occurs more than once its
    // occurrences merge, which for protobuf is parsing their concatenation (senders do not do that; it costs a copy).
    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> message, int number)
    {
        ReadOnlySpan<byte> value = default;
        List<byte>? merged = null;
        var reader = new WireReader(message);
        while (reader.TryReadTag(out int field, out var type))
        {
            if (field != number || type != WireFormat.WireType.LengthDelimited)
            {
                reader.Skip(type);
                continue;
            }

            var occurrence = reader.ReadLengthDelimited();
            if (merged is null && value.IsEmpty)
            {
                value = occurrence;
                continue;
            }

            merged ??= [.. value];
            merged.AddRange(occurrence);
        }

        return merged is null ? value : merged.ToArray();
    }

    private static void WriteLengthPrefixed(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        output.Advance(ProtoWire.PutVarint(output.GetSpan(10), (ulong)bytes.Length));
        output.Write(bytes);
    }

    private static byte[] ContextNumber(long number)
    {
        Span<byte> varint = stackalloc byte[10];
        return varint[..ProtoWire.PutVarint(varint, (ulong)number)].ToArray();
    }
}
