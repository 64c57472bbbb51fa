using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Ottl;

namespace MiniCollector.Connectors.Count;

/// <summary>
/// The counts of one kind of item (spans, span events, ...) within one resource: per metric, a count per distinct
/// attribute set, and the earliest and latest item timestamps, which become the data points' start and time.
/// </summary>
internal sealed class CountTally
{
    private readonly CountMetric[] _metrics;
    private readonly Dictionary<AttributeSet, long>?[] _counts;
    private readonly AnyValue?[] _scratch;
    private ulong _start;
    private ulong _end;

    public CountTally(CountMetric[] metrics)
    {
        _metrics = metrics;
        _counts = new Dictionary<AttributeSet, long>?[metrics.Length];
        int widest = 0;
        foreach (var metric in metrics)
        {
            widest = Math.Max(widest, metric.AttributeCount);
        }

        _scratch = new AnyValue?[widest];
    }

    /// <summary>True when some metric counted something.</summary>
    public bool HasCounts { get; private set; }

    /// <summary>Widens the time range by an item's timestamp (zero: unknown, ignored).</summary>
    public void Observe(ulong timestamp)
    {
        if (timestamp == 0)
        {
            return;
        }

        if (_start == 0 || timestamp < _start)
        {
            _start = timestamp;
        }

        if (timestamp > _end)
        {
            _end = timestamp;
        }
    }

    /// <summary>Counts one item for every metric whose attributes it has and whose conditions it meets (<paramref name="matches"/>).</summary>
    public void Count<TItem>(in TItem item, RepeatedField<KeyValue>? attributes, RepeatedField<KeyValue>? scope, RepeatedField<KeyValue>? resource, CountCondition<TItem> matches)
    {
        for (int m = 0; m < _metrics.Length; m++)
        {
            var metric = _metrics[m];
            if (!metric.TryReadAttributes(_scratch, attributes, scope, resource))
            {
                continue;
            }

            if (metric.Conditions is { } conditions && !matches(conditions, in item))
            {
                continue;
            }

            var counts = _counts[m] ??= [];
            ref long count = ref CollectionsMarshal.GetValueRefOrNullRef(counts, new AttributeSet(_scratch, metric.AttributeCount));
            if (Unsafe.IsNullRef(ref count))
            {
                counts.Add(new AttributeSet(_scratch, metric.AttributeCount).Copy(), 1);
            }
            else
            {
                count++;
            }

            HasCounts = true;
        }
    }

    /// <summary>Adds a Sum metric per metric that counted something: delta, monotonic, one point per attribute set.</summary>
    public void AppendTo(RepeatedField<Metric> output, ulong now)
    {
        ulong start = _start == 0 ? now : _start;
        ulong end = _start == 0 ? now : _end;
        for (int m = 0; m < _metrics.Length; m++)
        {
            if (_counts[m] is not { Count: > 0 } counts)
            {
                continue;
            }

            var metric = _metrics[m];
            // Each point counts only this request's items, so the points are deltas; a count never goes down, so
            // what a backend adds up from them is monotonic.
            var sum = new Sum { AggregationTemporality = AggregationTemporality.Delta, IsMonotonic = true };
            foreach (var (set, count) in counts)
            {
                var point = new NumberDataPoint { AsInt = count, StartTimeUnixNano = start, TimeUnixNano = end };
                var values = set.Values;
                for (int i = 0; i < values.Length; i++)
                {
                    point.Attributes.Add(new KeyValue { Key = metric.AttributeKey(i), Value = values[i] });
                }

                sum.DataPoints.Add(point);
            }

            output.Add(new Metric { Name = metric.Name, Description = metric.Description, Sum = sum });
        }
    }
}

/// <summary>Evaluates a metric's conditions on one item of the tally's kind.</summary>
internal delegate bool CountCondition<TItem>(OttlConditions conditions, in TItem item);
