using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>
/// A duration series as an OTLP exponential histogram: it starts at the finest scale (20) and halves its resolution
/// whenever the populated buckets would span more than <c>max_size</c>, as the reference's histogram library does.
/// Durations are never negative, so only the positive range and the zero bucket are used.
/// </summary>
internal sealed class ExponentialHistogramSeries(RepeatedField<KeyValue> attributes, long startNanos, int maxSize) : HistogramSeries(attributes, startNanos)
{
    private const int MaxScale = 20;

    private int _scale = MaxScale;
    private ulong[] _counts = new ulong[4];

    // The bucket index of _counts[0], and how many buckets from there are in use.
    private long _offset;
    private int _used;
    private ulong _zeroCount;
    private ulong _count;
    private double _sum;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    /// <summary>The current scale (tests read it).</summary>
    public int Scale => _scale;

    /// <inheritdoc />
    public override void Observe(double value)
    {
        _count++;
        _sum += value;
        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        if (value <= 0)
        {
            _zeroCount++;
            return;
        }

        long index = IndexOf(value, _scale);
        if (_used == 0)
        {
            _offset = index;
            _used = 1;
            _counts[0] = 1;
            return;
        }

        long low = Math.Min(_offset, index);
        long high = Math.Max(_offset + _used - 1, index);
        int shift = 0;
        while (high - low + 1 > maxSize)
        {
            low >>= 1;
            high >>= 1;
            shift++;
        }

        if (shift > 0)
        {
            Downscale(shift);
            index >>= shift;
        }

        Cover(index);
        _counts[index - _offset]++;
    }

    /// <inheritdoc />
    public override void AddPoint(Metric metric, ulong startNanos, ulong timeNanos)
    {
        var point = new ExponentialHistogramDataPoint
        {
            StartTimeUnixNano = startNanos,
            TimeUnixNano = timeNanos,
            Count = _count,
            Sum = _sum,
            Scale = _scale,
            ZeroCount = _zeroCount,
            Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = (int)_offset },
        };
        if (_count > 0)
        {
            point.Min = _min;
            point.Max = _max;
        }

        point.Positive.BucketCounts.Add(_counts.AsSpan(0, _used).ToArray());
        point.Attributes.Add(CopyAttributes());
        WriteExemplars(point.Exemplars, timeNanos);
        metric.ExponentialHistogram.DataPoints.Add(point);
    }

    /// <summary>
    /// The bucket of a positive value at a scale: bucket i holds (base^i, base^(i+1)] with base 2^(2^-scale). Exact
    /// powers of two are placed from the exponent bits, the rest through the logarithm, as the OTLP data model
    /// describes.
    /// </summary>
    internal static long IndexOf(double value, int scale)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        bool powerOfTwo = (bits & 0xF_FFFF_FFFF_FFFF) == 0;
        if (scale <= 0)
        {
            return (powerOfTwo ? exponent - 1L : exponent) >> -scale;
        }

        if (powerOfTwo)
        {
            return ((long)exponent << scale) - 1;
        }

        return (long)Math.Ceiling(Math.Log(value) * Math.ScaleB(1 / Math.Log(2), scale)) - 1;
    }

    // Halves the resolution `shift` times: bucket i at the old scale is bucket i >> shift at the new one.
    private void Downscale(int shift)
    {
        long offset = _offset >> shift;
        int used = (int)(((_offset + _used - 1) >> shift) - offset + 1);
        var counts = new ulong[Math.Max(used, 4)];
        for (int i = 0; i < _used; i++)
        {
            counts[((_offset + i) >> shift) - offset] += _counts[i];
        }

        _counts = counts;
        _offset = offset;
        _used = used;
        _scale -= shift;
    }

    // Extends the buckets in use to include `index` (already known to fit within max_size).
    private void Cover(long index)
    {
        if (index < _offset)
        {
            int grow = (int)(_offset - index);
            var counts = new ulong[Math.Max(_used + grow, _counts.Length)];
            Array.Copy(_counts, 0, counts, grow, _used);
            _counts = counts;
            _offset = index;
            _used += grow;
        }
        else if (index >= _offset + _used)
        {
            int used = (int)(index - _offset + 1);
            if (used > _counts.Length)
            {
                Array.Resize(ref _counts, Math.Max(used, _counts.Length * 2));
            }

            _used = used;
        }
    }
}
