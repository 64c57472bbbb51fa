using MiniCollector.Pipeline.Exposition;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// The prometheus exporter's state: the last value of every series, delta points accumulated into cumulative
/// ones, one TYPE per family. Writers take one lock briefly per request; a scrape copies references to the
/// exposed points under the same lock and formats outside it, so ingestion is never blocked by formatting.
/// </summary>
internal sealed class MetricStore(TimeSpan expiration, bool sendTimestamps, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FamilyState> _families = new(StringComparer.Ordinal);

    // Which family owns each sample name, so no two families ever write the same name.
    private readonly Dictionary<string, string> _sampleNames = new(StringComparer.Ordinal);

    /// <summary>Number of series currently held.</summary>
    public int SeriesCount
    {
        get
        {
            lock (_lock)
            {
                return _families.Values.Sum(f => f.Series.Count);
            }
        }
    }

    /// <summary>Runs several updates under one lock acquisition (one OTLP request).</summary>
    public void Batch(Action<MetricStore> updates)
    {
        lock (_lock)
        {
            updates(this);
        }
    }

    /// <summary>Sets a gauge (or untyped) value; an older point than the one held is ignored.</summary>
    public StoreRejection SetGauge(in FamilyInfo family, in SeriesId id, double value, ulong timeNanos)
    {
        if (!TryFamily(family, out var f))
        {
            return StoreRejection.TypeConflict;
        }

        var s = Series(f, id, out bool created);
        if (!created && timeNanos < s.TimeNanos)
        {
            return StoreRejection.None;
        }

        s.Value = value;
        s.TimeNanos = timeNanos;
        Touch(s);
        return StoreRejection.None;
    }

    /// <summary>
    /// Sets a cumulative counter, or accumulates a delta one: a delta point starting where the held interval ends
    /// is added; any other delta point starts a new interval (a reset), as the reference does.
    /// </summary>
    public StoreRejection SetCounter(in FamilyInfo family, in SeriesId id, double value, ulong startNanos, ulong timeNanos, bool delta, Exemplar? exemplar)
    {
        if (!TryFamily(family, out var f))
        {
            return StoreRejection.TypeConflict;
        }

        var s = Series(f, id, out bool created);
        if (!created && !delta && timeNanos < s.TimeNanos)
        {
            return StoreRejection.None;
        }

        if (!created && delta && startNanos == s.TimeNanos)
        {
            s.Value += value;
        }
        else
        {
            s.Value = value;
            s.StartNanos = startNanos;
        }

        s.TimeNanos = timeNanos;
        s.Exemplar = exemplar ?? s.Exemplar;
        Touch(s);
        return StoreRejection.None;
    }

    /// <summary>Sets or accumulates a classic histogram (delta: aligned points add up, bounds changes take the newer point).</summary>
    public StoreRejection SetHistogram(in FamilyInfo family, in SeriesId id, in HistogramInput point, bool delta)
    {
        var rejection = Prepare(family, id, point.StartNanos, point.TimeNanos, delta, out var s, out bool created);
        if (s is null)
        {
            return rejection;
        }

        bool accumulate = !created && !s.IsExponential && delta && point.StartNanos == s.TimeNanos && s.Bounds.AsSpan().SequenceEqual(point.Bounds) && s.BucketCounts.Length == point.Counts.Length;
        if (accumulate)
        {
            s.Count += point.Count;
            s.Sum += point.Sum;
            var counts = (ulong[])s.BucketCounts.Clone();
            for (int i = 0; i < counts.Length; i++)
            {
                counts[i] += point.Counts[i];
            }

            s.BucketCounts = counts;
        }
        else
        {
            s.Count = point.Count;
            s.Sum = point.Sum;
            s.Bounds = point.Bounds;
            s.BucketCounts = point.Counts;
            s.StartNanos = point.StartNanos;
            s.BucketExemplars = new Exemplar?[point.Bounds.Length + 1];
            s.IsExponential = false;
        }

        // Each exemplar goes on the first bucket whose bound holds its value; above every bound, on +Inf (the last slot).
        foreach (var exemplar in point.Exemplars)
        {
            int bucket = Array.FindIndex(s.Bounds, b => exemplar.Value <= b);
            s.BucketExemplars[bucket >= 0 ? bucket : s.Bounds.Length] = exemplar;
        }

        s.TimeNanos = point.TimeNanos;
        Touch(s);
        return StoreRejection.None;
    }

    /// <summary>Sets or accumulates an exponential histogram; accumulation happens at the coarser of the two scales.</summary>
    public StoreRejection SetExponentialHistogram(in FamilyInfo family, in SeriesId id, in ExponentialHistogramInput point, bool delta)
    {
        var rejection = Prepare(family, id, point.StartNanos, point.TimeNanos, delta, out var s, out bool created);
        if (s is null)
        {
            return rejection;
        }

        if (!created && s.IsExponential && delta && point.StartNanos == s.TimeNanos)
        {
            int scale = Math.Min(s.Scale, point.Scale);
            s.Positive = s.Positive.Downscale(s.Scale - scale).Add(point.Positive.Downscale(point.Scale - scale));
            s.Negative = s.Negative.Downscale(s.Scale - scale).Add(point.Negative.Downscale(point.Scale - scale));
            s.Scale = scale;
            s.Count += point.Count;
            s.Sum += point.Sum;
            s.ZeroCount += point.ZeroCount;
            s.ZeroThreshold = Math.Max(s.ZeroThreshold, point.ZeroThreshold);
        }
        else
        {
            s.Positive = point.Positive;
            s.Negative = point.Negative;
            s.Scale = point.Scale;
            s.Count = point.Count;
            s.Sum = point.Sum;
            s.ZeroCount = point.ZeroCount;
            s.ZeroThreshold = point.ZeroThreshold;
            s.StartNanos = point.StartNanos;
            s.IsExponential = true;
        }

        s.TimeNanos = point.TimeNanos;
        Touch(s);
        return StoreRejection.None;
    }

    /// <summary>Sets a summary.</summary>
    public StoreRejection SetSummary(in FamilyInfo family, in SeriesId id, SummaryValue value, ulong startNanos, ulong timeNanos)
    {
        if (!TryFamily(family, out var f))
        {
            return StoreRejection.TypeConflict;
        }

        var s = Series(f, id, out bool created);
        if (!created && timeNanos < s.TimeNanos)
        {
            return StoreRejection.None;
        }

        s.Summary = value;
        s.StartNanos = startNanos;
        s.TimeNanos = timeNanos;
        Touch(s);
        return StoreRejection.None;
    }

    /// <summary>Deletes a series (a point flagged NoRecordedValue), only from a family of the given type.</summary>
    public void Remove(string familyName, MetricType type, string key)
    {
        if (_families.TryGetValue(familyName, out var f) && f.Type == type && f.Series.Remove(key) && f.Series.Count == 0)
        {
            RemoveFamily(f);
        }
    }

    /// <summary>Drops expired series, then returns every family with its current points, sorted by name.</summary>
    public List<MetricFamily> Snapshot()
    {
        var now = time.GetUtcNow();
        var result = new List<MetricFamily>();
        lock (_lock)
        {
            List<string>? emptyFamilies = null;
            foreach (var family in _families.Values)
            {
                List<string>? expired = null;
                var points = new List<MetricPoint>(family.Series.Count);
                foreach (var (key, series) in family.Series)
                {
                    if (now - series.LastUpdated > expiration)
                    {
                        (expired ??= []).Add(key);
                        continue;
                    }

                    points.Add(series.Exposed ??= Expose(family.Type, series));
                }

                if (expired is not null)
                {
                    foreach (var key in expired)
                    {
                        family.Series.Remove(key);
                    }
                }

                if (points.Count == 0)
                {
                    (emptyFamilies ??= []).Add(family.Name);
                    continue;
                }

                result.Add(new MetricFamily(family.Name, family.Type, family.Help, family.Unit, points));
            }

            if (emptyFamilies is not null)
            {
                foreach (var name in emptyFamilies)
                {
                    RemoveFamily(_families[name]);
                }
            }
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    // The checks every histogram update starts with: the family's type, then whether the point may update the
    // series at all (a delta point starting before the held interval ends is misaligned; an older cumulative point
    // is ignored). Returns the series to update, or null with the reason.
    private StoreRejection Prepare(in FamilyInfo family, in SeriesId id, ulong startNanos, ulong timeNanos, bool delta, out SeriesState? series, out bool created)
    {
        series = null;
        created = false;
        if (!TryFamily(family, out var f))
        {
            return StoreRejection.TypeConflict;
        }

        var s = Series(f, id, out created);
        if (!created && delta && startNanos < s.TimeNanos)
        {
            return StoreRejection.Misaligned;
        }

        if (!created && !delta && timeNanos < s.TimeNanos)
        {
            return StoreRejection.None;
        }

        series = s;
        return StoreRejection.None;
    }

    private bool TryFamily(in FamilyInfo info, out FamilyState family)
    {
        if (_families.TryGetValue(info.Name, out family!))
        {
            return family.Type == info.Type;
        }

        // A new family must not write a sample name another family writes, in either text format (gauge "foo"
        // and counter "foo_total" are both "foo" in OpenMetrics; a histogram "h" owns "h_count").
        var names = SampleNames(info.Name, info.Type);
        foreach (var name in names)
        {
            if (_sampleNames.TryGetValue(name, out var owner) && owner != info.Name)
            {
                return false;
            }
        }

        family = new FamilyState(info.Name, info.Type, info.Help, info.Unit);
        _families[info.Name] = family;
        foreach (var name in names)
        {
            _sampleNames[name] = info.Name;
        }

        return true;
    }

    private void RemoveFamily(FamilyState family)
    {
        _families.Remove(family.Name);
        foreach (var name in SampleNames(family.Name, family.Type))
        {
            _sampleNames.Remove(name);
        }
    }

    // Every name a family's lines use in the text format or OpenMetrics, including its OpenMetrics family name.
    private static string[] SampleNames(string name, MetricType type)
    {
        switch (type)
        {
            case MetricType.Counter:
                var root = name.EndsWith("_total", StringComparison.Ordinal) ? name[..^"_total".Length] : name;
                return [name, root, root + "_total", root + "_created"];
            case MetricType.Histogram:
                return [name, name + "_bucket", name + "_sum", name + "_count", name + "_created"];
            case MetricType.Summary:
                return [name, name + "_sum", name + "_count", name + "_created"];
            default:
                return [name];
        }
    }

    private static SeriesState Series(FamilyState family, in SeriesId id, out bool created)
    {
        if (family.Series.TryGetValue(id.Key, out var series))
        {
            created = false;
            return series;
        }

        created = true;
        series = new SeriesState(id.Labels);
        family.Series[id.Key] = series;
        return series;
    }

    private void Touch(SeriesState series)
    {
        series.LastUpdated = time.GetUtcNow();
        series.Exposed = null;
    }

    private MetricPoint Expose(MetricType type, SeriesState s)
    {
        // A series without a time of its own (target_info) gets no timestamp: 0 would be a sample from 1970.
        long? timestamp = sendTimestamps && s.TimeNanos > 0 ? (long)(s.TimeNanos / 1_000_000) : null;
        double? created = s.StartNanos > 0 ? s.StartNanos / 1e9 : null;
        return type switch
        {
            MetricType.Counter => new MetricPoint(s.Labels, s.Value, timestamp, created, s.Exemplar),
            MetricType.Histogram when s.IsExponential => new MetricPoint(s.Labels, 0, timestamp, created, Histogram: ExponentialHistogramExposition.From(s)),
            MetricType.Histogram => new MetricPoint(s.Labels, 0, timestamp, created, Histogram: ClassicHistogram(s)),
            MetricType.Summary => new MetricPoint(s.Labels, 0, timestamp, created, Summary: s.Summary),
            _ => new MetricPoint(s.Labels, s.Value, timestamp),
        };
    }

    private static HistogramValue ClassicHistogram(SeriesState s)
    {
        var buckets = new HistogramBucket[s.Bounds.Length];
        ulong cumulative = 0;
        for (int i = 0; i < s.Bounds.Length; i++)
        {
            cumulative += i < s.BucketCounts.Length ? s.BucketCounts[i] : 0;
            buckets[i] = new HistogramBucket(s.Bounds[i], cumulative, s.BucketExemplars.Length > i ? s.BucketExemplars[i] : null);
        }

        var infExemplar = s.BucketExemplars.Length > s.Bounds.Length ? s.BucketExemplars[s.Bounds.Length] : null;
        return new HistogramValue(s.Count, s.Sum, buckets, InfExemplar: infExemplar);
    }
}
