using Google.Protobuf;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>One series of one metric: its data point attributes, when it began and was last fed, and its exemplars.</summary>
internal abstract class Series(RepeatedField<KeyValue> attributes, long startNanos)
{
    private List<SpanExemplar>? _exemplars;

    /// <summary>The data point attributes (owned by the series; copied into each flush).</summary>
    public RepeatedField<KeyValue> Attributes { get; } = attributes;

    /// <summary>When the series began (the start time of its cumulative points), Unix nanoseconds.</summary>
    public long StartNanos { get; } = startNanos;

    /// <summary>When a span last fed it, Unix nanoseconds (for <c>series_expiration</c>).</summary>
    public long LastSeenNanos { get; set; } = startNanos;

    /// <summary>Keeps a span as an exemplar unless <paramref name="max"/> are kept already this flush interval.</summary>
    public void AddExemplar(ByteString traceId, ByteString spanId, double value, int max)
    {
        _exemplars ??= [];
        if (_exemplars.Count < max)
        {
            _exemplars.Add(new SpanExemplar(traceId, spanId, value));
        }
    }

    /// <summary>Forgets the exemplars (they describe one flush interval).</summary>
    public void ClearExemplars() => _exemplars?.Clear();

    /// <summary>Adds the exemplars, stamped <paramref name="timeNanos"/>, to a data point's list.</summary>
    protected void WriteExemplars(RepeatedField<Exemplar> target, ulong timeNanos)
    {
        if (_exemplars is null)
        {
            return;
        }

        foreach (var exemplar in _exemplars)
        {
            target.Add(new Exemplar { TraceId = exemplar.TraceId, SpanId = exemplar.SpanId, AsDouble = exemplar.Value, TimeUnixNano = timeNanos });
        }
    }

    /// <summary>A copy of the attributes for a data point (a flush's output is the pipeline's to change).</summary>
    protected RepeatedField<KeyValue> CopyAttributes() => Attributes.Clone();
}
