using Google.Protobuf.Collections;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Trace;

namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>
/// The connector's state and its hot path: counts spans into calls, duration and events series per resource. Not
/// thread-safe: the connector calls it under its lock. A span whose series exist costs key building into one reused
/// buffer and dictionary lookups by span, with no allocation; a new series allocates its key and attributes once.
/// </summary>
internal sealed partial class SpanMetricsAggregator
{
    private readonly SpanMetricsOptions _options;
    private readonly double[] _bounds;
    private readonly double _nanosPerUnit;
    private readonly bool _histogram;
    private readonly SpanMetricsDimension[] _dimensions;
    private readonly SpanMetricsDimension[] _callsDimensions;
    private readonly SpanMetricsDimension[] _histogramDimensions;
    private readonly SpanMetricsDimension[] _eventDimensions;
    private readonly bool _writeService;
    private readonly bool _writeName;
    private readonly bool _writeKind;
    private readonly bool _writeStatus;
    private readonly HashSet<string>? _resourceKeyAttributes;
    private readonly HashSet<string> _scopes;
    private readonly Dictionary<string, ResourceAggregate> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceAggregate>.AlternateLookup<ReadOnlySpan<char>> _resourceLookup;
    private readonly SeriesKey _key = new();
    private long _overflowSpans;

    public SpanMetricsAggregator(SpanMetricsOptions options)
    {
        _options = options;
        _bounds = options.Histogram.Bounds();
        _nanosPerUnit = options.Histogram.Unit == DurationUnit.Seconds ? 1e9 : 1e6;
        _histogram = !options.Histogram.Disable;
        _dimensions = [.. options.Dimensions];
        _callsDimensions = [.. options.CallsDimensions];
        _histogramDimensions = [.. options.Histogram.Dimensions];
        _eventDimensions = [.. options.Events.Dimensions];
        _writeService = !options.ExcludeDimensions.Contains(SpanMetricsNames.ServiceName);
        _writeName = !options.ExcludeDimensions.Contains(SpanMetricsNames.SpanName);
        _writeKind = !options.ExcludeDimensions.Contains(SpanMetricsNames.SpanKind);
        _writeStatus = !options.ExcludeDimensions.Contains(SpanMetricsNames.StatusCode);
        _resourceKeyAttributes = options.ResourceMetricsKeyAttributes.Count == 0 ? null : new HashSet<string>(options.ResourceMetricsKeyAttributes, StringComparer.Ordinal);
        _scopes = new HashSet<string>(options.IncludeInstrumentationScope, StringComparer.Ordinal);
        _resourceLookup = _resources.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Spans counted into an overflow calls series so far.</summary>
    public long OverflowSpans => _overflowSpans;

    /// <summary>Series held now, over every resource and metric.</summary>
    public int SeriesCount
    {
        get
        {
            int count = 0;
            foreach (var resource in _resources.Values)
            {
                count += resource.SeriesCount;
            }

            return count;
        }
    }

    /// <summary>Counts every span of a request; resources without <c>service.name</c> are skipped, as the reference does.</summary>
    public void Add(ExportTraceServiceRequest request, long nowNanos)
    {
        // Indexed loops: a RepeatedField's enumerator is an allocated interface object.
        var allResourceSpans = request.ResourceSpans;
        for (int r = 0; r < allResourceSpans.Count; r++)
        {
            var resourceSpans = allResourceSpans[r];
            var resourceAttributes = resourceSpans.Resource?.Attributes;
            if (resourceAttributes is null || Find(resourceAttributes, SpanMetricsNames.ServiceName) is not { } service)
            {
                continue;
            }

            var serviceName = service.ValueCase == AnyValue.ValueOneofCase.StringValue ? service.StringValue : string.Empty;
            var resource = ResourceFor(resourceAttributes, nowNanos);
            var allScopeSpans = resourceSpans.ScopeSpans;
            for (int s = 0; s < allScopeSpans.Count; s++)
            {
                var scopeSpans = allScopeSpans[s];
                var scope = _scopes.Count > 0 && scopeSpans.Scope is { } written && _scopes.Contains(written.Name) ? written : null;
                var spans = scopeSpans.Spans;
                for (int i = 0; i < spans.Count; i++)
                {
                    AddSpan(resource, serviceName, resourceAttributes, scope, spans[i], nowNanos);
                }
            }
        }
    }

    private void AddSpan(ResourceAggregate resource, string serviceName, RepeatedField<KeyValue> resourceAttributes, InstrumentationScope? scope, Span span, long nowNanos)
    {
        // Protects against end before start, as the reference: such a span lasted zero.
        double duration = span.EndTimeUnixNano > span.StartTimeUnixNano ? (span.EndTimeUnixNano - span.StartTimeUnixNano) / _nanosPerUnit : 0;
        bool exemplar = _options.Exemplars.Enabled && !span.TraceId.IsEmpty;

        _key.Clear();
        WriteBase(serviceName, scope, span);
        int baseLength = _key.Length;
        WriteDimensions(_dimensions, span.Attributes, null, resourceAttributes);
        int commonLength = _key.Length;

        if (_histogram)
        {
            WriteDimensions(_histogramDimensions, span.Attributes, null, resourceAttributes);
            var series = DurationSeries(resource, serviceName, resourceAttributes, scope, span, nowNanos);
            series.Observe(duration);
            series.LastSeenNanos = nowNanos;
            if (exemplar && !ReferenceEquals(series, resource.Durations.Overflow))
            {
                series.AddExemplar(span.TraceId, span.SpanId, duration, _options.Exemplars.MaxPerDataPoint);
            }

            _key.Truncate(commonLength);
        }

        WriteDimensions(_callsDimensions, span.Attributes, null, resourceAttributes);
        var calls = CountSeries(resource.Calls, serviceName, resourceAttributes, null, scope, span, _callsDimensions, nowNanos);
        calls.Count++;
        calls.LastSeenNanos = nowNanos;
        if (exemplar && !ReferenceEquals(calls, resource.Calls.Overflow))
        {
            calls.AddExemplar(span.TraceId, span.SpanId, duration, _options.Exemplars.MaxPerDataPoint);
        }

        if (_options.Events.Enabled)
        {
            var spanEvents = span.Events;
            for (int e = 0; e < spanEvents.Count; e++)
            {
                var spanEvent = spanEvents[e];
                _key.Truncate(baseLength);
                WriteDimensions(_dimensions, span.Attributes, spanEvent.Attributes, resourceAttributes);
                WriteDimensions(_eventDimensions, span.Attributes, spanEvent.Attributes, resourceAttributes);
                var events = CountSeries(resource.Events, serviceName, resourceAttributes, spanEvent.Attributes, scope, span, _eventDimensions, nowNanos);
                events.Count++;
                events.LastSeenNanos = nowNanos;
                if (exemplar && !ReferenceEquals(events, resource.Events.Overflow))
                {
                    events.AddExemplar(span.TraceId, span.SpanId, duration, _options.Exemplars.MaxPerDataPoint);
                }
            }
        }
    }

    // The four common dimensions (unless excluded) and the scope of an included instrumentation scope.
    private void WriteBase(string serviceName, InstrumentationScope? scope, Span span)
    {
        if (_writeService)
        {
            _key.Append(serviceName);
        }

        if (_writeName)
        {
            _key.Append(span.Name);
        }

        if (_writeKind)
        {
            _key.Append((char)(int)span.Kind);
        }

        if (_writeStatus)
        {
            _key.Append((char)(int)(span.Status?.Code ?? Status.Types.StatusCode.Unset));
        }

        if (scope is not null)
        {
            _key.Append(scope.Name);
            _key.Append(scope.Version);
        }
    }

    private void WriteDimensions(SpanMetricsDimension[] dimensions, RepeatedField<KeyValue> spanAttributes, RepeatedField<KeyValue>? eventAttributes, RepeatedField<KeyValue> resourceAttributes)
    {
        foreach (var dimension in dimensions)
        {
            if (Resolve(dimension.Name, spanAttributes, eventAttributes, resourceAttributes) is { } value)
            {
                _key.AppendValue(value);
            }
            else if (dimension.Default is { } fallback)
            {
                _key.Append('s');
                _key.Append(fallback);
            }
            else
            {
                _key.AppendValue(null);
            }
        }
    }

    private HistogramSeries DurationSeries(ResourceAggregate resource, string serviceName, RepeatedField<KeyValue> resourceAttributes, InstrumentationScope? scope, Span span, long nowNanos)
    {
        var table = resource.Durations;
        if (table.TryGet(_key.Span, out var series))
        {
            return series;
        }

        if (table.IsFull(_options.AggregationCardinalityLimit))
        {
            return table.Overflow ??= NewHistogram(OverflowAttributes(serviceName), nowNanos);
        }

        series = NewHistogram(AttributesOf(serviceName, resourceAttributes, null, scope, span, _histogramDimensions), nowNanos);
        table.Add(_key.Span, series);
        return series;
    }

    private CountSeries CountSeries(SeriesTable<CountSeries> table, string serviceName, RepeatedField<KeyValue> resourceAttributes, RepeatedField<KeyValue>? eventAttributes, InstrumentationScope? scope, Span span, SpanMetricsDimension[] extra, long nowNanos)
    {
        if (table.TryGet(_key.Span, out var series))
        {
            return series;
        }

        if (table.IsFull(_options.AggregationCardinalityLimit))
        {
            // What the self-metric counts: spans whose calls went to the overflow series.
            if (eventAttributes is null)
            {
                _overflowSpans++;
            }

            return table.Overflow ??= new CountSeries(OverflowAttributes(serviceName), nowNanos);
        }

        series = new CountSeries(AttributesOf(serviceName, resourceAttributes, eventAttributes, scope, span, extra), nowNanos);
        table.Add(_key.Span, series);
        return series;
    }

    private HistogramSeries NewHistogram(RepeatedField<KeyValue> attributes, long nowNanos) => _options.Histogram.ExponentialMaxSize is { } maxSize
        ? new ExponentialHistogramSeries(attributes, nowNanos, maxSize)
        : new ExplicitHistogramSeries(attributes, nowNanos, _bounds);

    // A new series' data point attributes: what its key was built from, as attributes (values copied, never shared
    // with the request, which other pipelines read).
    private RepeatedField<KeyValue> AttributesOf(string serviceName, RepeatedField<KeyValue> resourceAttributes, RepeatedField<KeyValue>? eventAttributes, InstrumentationScope? scope, Span span, SpanMetricsDimension[] extra)
    {
        var attributes = new RepeatedField<KeyValue>();
        if (_writeService)
        {
            attributes.Add(Text(SpanMetricsNames.ServiceName, serviceName));
        }

        if (_writeName)
        {
            attributes.Add(Text(SpanMetricsNames.SpanName, span.Name));
        }

        if (_writeKind)
        {
            attributes.Add(Text(SpanMetricsNames.SpanKind, SpanMetricsNames.KindText((int)span.Kind)));
        }

        if (_writeStatus)
        {
            attributes.Add(Text(SpanMetricsNames.StatusCode, SpanMetricsNames.StatusText((int)(span.Status?.Code ?? Status.Types.StatusCode.Unset))));
        }

        if (scope is not null)
        {
            attributes.Add(Text(SpanMetricsNames.ScopeName, scope.Name));
            if (scope.Version.Length > 0)
            {
                attributes.Add(Text(SpanMetricsNames.ScopeVersion, scope.Version));
            }
        }

        AddDimensions(attributes, _dimensions, span.Attributes, eventAttributes, resourceAttributes);
        AddDimensions(attributes, extra, span.Attributes, eventAttributes, resourceAttributes);
        return attributes;
    }

    private static void AddDimensions(RepeatedField<KeyValue> attributes, SpanMetricsDimension[] dimensions, RepeatedField<KeyValue> spanAttributes, RepeatedField<KeyValue>? eventAttributes, RepeatedField<KeyValue> resourceAttributes)
    {
        foreach (var dimension in dimensions)
        {
            if (Resolve(dimension.Name, spanAttributes, eventAttributes, resourceAttributes) is { } value)
            {
                attributes.Add(new KeyValue { Key = dimension.Name, Value = value.Clone() });
            }
            else if (dimension.Default is { } fallback)
            {
                attributes.Add(Text(dimension.Name, fallback));
            }
        }
    }

    private static RepeatedField<KeyValue> OverflowAttributes(string serviceName) =>
    [
        Text(SpanMetricsNames.ServiceName, serviceName),
        new KeyValue { Key = SpanMetricsNames.Overflow, Value = new AnyValue { BoolValue = true } },
    ];

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    // A dimension's value: the span's attribute, else the event's (events metric), else the resource's.
    private static AnyValue? Resolve(string name, RepeatedField<KeyValue> spanAttributes, RepeatedField<KeyValue>? eventAttributes, RepeatedField<KeyValue> resourceAttributes)
        => Find(spanAttributes, name) ?? (eventAttributes is null ? null : Find(eventAttributes, name)) ?? Find(resourceAttributes, name);

    private static AnyValue? Find(RepeatedField<KeyValue> attributes, string name)
    {
        for (int i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            if (string.Equals(attribute.Key, name, StringComparison.Ordinal))
            {
                return attribute.Value;
            }
        }

        return null;
    }

    // The resource's aggregate, found by its attributes (all, or those in resource_metrics_key_attributes) in key
    // order, so the order an SDK lists them in does not matter.
    private ResourceAggregate ResourceFor(RepeatedField<KeyValue> attributes, long nowNanos)
    {
        _key.Clear();
        int count = attributes.Count;
        Span<int> order = count <= 64 ? stackalloc int[count] : new int[count];
        int used = 0;
        for (int i = 0; i < count; i++)
        {
            if (_resourceKeyAttributes is not null && !_resourceKeyAttributes.Contains(attributes[i].Key))
            {
                continue;
            }

            // Insertion sort: resources have a few dozen attributes at most, and this runs once per resource per request.
            int at = used++;
            while (at > 0 && string.CompareOrdinal(attributes[order[at - 1]].Key, attributes[i].Key) > 0)
            {
                order[at] = order[at - 1];
                at--;
            }

            order[at] = i;
        }

        foreach (int i in order[..used])
        {
            _key.Append(attributes[i].Key);
            _key.AppendValue(attributes[i].Value);
        }

        if (_resourceLookup.TryGetValue(_key.Span, out var resource))
        {
            resource.LastSeenNanos = nowNanos;
            return resource;
        }

        var key = _key.Span.ToString();
        resource = new ResourceAggregate(key, attributes.Clone(), nowNanos);
        _resources.Add(key, resource);
        return resource;
    }
}
