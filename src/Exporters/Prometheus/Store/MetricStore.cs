using System.Buffers;
using MiniCollector.Exposition;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// The prometheus exporter's state: the last value of every series, delta points accumulated into cumulative
/// ones, one TYPE per family. Writers take one lock per request; a scrape copies a family's series a run of slots at a
/// time under the same lock (taking it once per run) and formats them outside it, so an ingest waits at most for one
/// run's copy, never for a whole family or for formatting.
/// </summary>
internal sealed class MetricStore(TimeSpan expiration, bool sendTimestamps, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FamilyState> _families = new(StringComparer.Ordinal);
    private readonly LabelTable _labels = new();

    // Which family owns each sample name, so no two families ever write the same name.
    private readonly Dictionary<string, string> _sampleNames = new(StringComparer.Ordinal);

    /// <summary>Number of series currently held.</summary>
    public int SeriesCount
    {
        get
        {
            lock (_lock)
            {
                return _families.Values.Sum(f => f.Count);
            }
        }
    }

    // Slots a scrape copies per lock acquisition: 1024 slots of 72 bytes is a few microseconds of copying.
    private const int CopyRunSlots = 1024;

    /// <summary>Holds the store's lock until disposed: one ingest of a request runs all its updates under it.</summary>
    public Lock.Scope Enter() => _lock.EnterScope();

    /// <summary>
    /// The family <paramref name="info"/> names, created when new; null when a family of another type holds the name or
    /// one of its sample names (a type conflict). Call under <see cref="Enter"/>.
    /// </summary>
    public FamilyState? Family(in FamilyInfo info) => TryFamily(info, out var family) ? family : null;

    /// <summary>Sets a gauge (or untyped) value; an older point than the one held is ignored.</summary>
    public StoreRejection SetGauge(in FamilyInfo family, SeriesKey id, double value, ulong timeNanos)
    {
        if (!TryFamily(family, out var f))
        {
            return StoreRejection.TypeConflict;
        }

        UpdateGauge(ref f.Series(id, out bool created), created, value, timeNanos, NowTicks);
        return StoreRejection.None;
    }

    /// <summary>The store clock's time in UTC ticks, what an update records as its time (for metric_expiration).</summary>
    public long NowTicks => time.GetUtcNow().UtcTicks;

    /// <summary>Updates the gauge in <paramref name="s"/> (see <see cref="SetGauge"/>) at <paramref name="nowTicks"/>.</summary>
    public static void UpdateGauge(ref SeriesSlot s, bool created, double value, ulong timeNanos, long nowTicks)
    {
        if (!created && timeNanos < s.TimeNanos)
        {
            return;
        }

        s.Value = value;
        s.TimeNanos = timeNanos;
        s.UpdatedTicks = nowTicks;
    }

    /// <summary>
    /// Sets a cumulative counter, or accumulates a delta one: a delta point starting where the held interval ends
    /// is added; any other delta point starts a new interval (a reset), as the reference does.
    /// </summary>
    public StoreRejection SetCounter(in FamilyInfo family, SeriesKey id, double value, ulong startNanos, ulong timeNanos, bool delta, Exemplar? exemplar)
    {
        if (!TryFamily(family, out var f))
        {
            return StoreRejection.TypeConflict;
        }

        UpdateCounter(ref f.Series(id, out bool created), created, value, startNanos, timeNanos, delta, exemplar, NowTicks);
        return StoreRejection.None;
    }

    /// <summary>Updates the counter in <paramref name="s"/> (see <see cref="SetCounter"/>) at <paramref name="nowTicks"/>.</summary>
    public static void UpdateCounter(ref SeriesSlot s, bool created, double value, ulong startNanos, ulong timeNanos, bool delta, Exemplar? exemplar, long nowTicks)
    {
        if (!created && !delta && timeNanos < s.TimeNanos)
        {
            return;
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
        s.Detail = exemplar ?? s.Detail;
        s.UpdatedTicks = nowTicks;
    }

    /// <summary>Sets or accumulates a classic histogram (delta: aligned points add up, bounds changes take the newer point).</summary>
    public StoreRejection SetHistogram(in FamilyInfo family, SeriesKey id, in HistogramInput point, bool delta)
    {
        if (!TryFamily(family, out var f))
        {
            return StoreRejection.TypeConflict;
        }

        ref var s = ref f.Series(id, out bool created);
        if (!Accepts(created, s.TimeNanos, point.StartNanos, point.TimeNanos, delta, out var rejection))
        {
            return rejection;
        }

        var held = created ? null : s.Detail as ClassicHistogramState;
        bool accumulate = held is not null && delta && point.StartNanos == s.TimeNanos && held.Bounds.AsSpan().SequenceEqual(point.Bounds) && held.BucketCounts.Length == point.Counts.Length;
        ClassicHistogramState state;
        if (accumulate)
        {
            var counts = (ulong[])held!.BucketCounts.Clone();
            for (int i = 0; i < counts.Length; i++)
            {
                counts[i] += point.Counts[i];
            }

            var exemplars = point.Exemplars.Count > 0 ? (Exemplar?[])held.Exemplars.Clone() : held.Exemplars;
            state = new ClassicHistogramState(held.Count + point.Count, held.Sum + point.Sum, held.Bounds, counts, exemplars);
        }
        else
        {
            state = new ClassicHistogramState(point.Count, point.Sum, point.Bounds, point.Counts, new Exemplar?[point.Bounds.Length + 1]);
            s.StartNanos = point.StartNanos;
        }

        // Each exemplar goes on the first bucket whose bound holds its value; above every bound, on +Inf (the last slot).
        foreach (var exemplar in point.Exemplars)
        {
            int bucket = Array.FindIndex(state.Bounds, b => exemplar.Value <= b);
            state.Exemplars[bucket >= 0 ? bucket : state.Bounds.Length] = exemplar;
        }

        s.Detail = state;
        s.TimeNanos = point.TimeNanos;
        Touch(ref s);
        return StoreRejection.None;
    }

    /// <summary>Sets or accumulates an exponential histogram; accumulation happens at the coarser of the two scales.</summary>
    public StoreRejection SetExponentialHistogram(in FamilyInfo family, SeriesKey id, in ExponentialHistogramInput point, bool delta)
    {
        if (!TryFamily(family, out var f))
        {
            return StoreRejection.TypeConflict;
        }

        ref var s = ref f.Series(id, out bool created);
        if (!Accepts(created, s.TimeNanos, point.StartNanos, point.TimeNanos, delta, out var rejection))
        {
            return rejection;
        }

        if (!created && s.Detail is ExponentialHistogramState held && delta && point.StartNanos == s.TimeNanos)
        {
            int scale = Math.Min(held.Scale, point.Scale);
            s.Detail = new ExponentialHistogramState(
                held.Count + point.Count,
                held.Sum + point.Sum,
                scale,
                Math.Max(held.ZeroThreshold, point.ZeroThreshold),
                held.ZeroCount + point.ZeroCount,
                held.Positive.Downscale(held.Scale - scale).Add(point.Positive.Downscale(point.Scale - scale)),
                held.Negative.Downscale(held.Scale - scale).Add(point.Negative.Downscale(point.Scale - scale)));
        }
        else
        {
            s.Detail = new ExponentialHistogramState(point.Count, point.Sum, point.Scale, point.ZeroThreshold, point.ZeroCount, point.Positive, point.Negative);
            s.StartNanos = point.StartNanos;
        }

        s.TimeNanos = point.TimeNanos;
        Touch(ref s);
        return StoreRejection.None;
    }

    /// <summary>Sets a summary.</summary>
    public StoreRejection SetSummary(in FamilyInfo family, SeriesKey id, SummaryValue value, ulong startNanos, ulong timeNanos)
    {
        if (!TryFamily(family, out var f))
        {
            return StoreRejection.TypeConflict;
        }

        ref var s = ref f.Series(id, out bool created);
        if (!created && timeNanos < s.TimeNanos)
        {
            return StoreRejection.None;
        }

        s.Detail = value;
        s.StartNanos = startNanos;
        s.TimeNanos = timeNanos;
        Touch(ref s);
        return StoreRejection.None;
    }

    /// <summary>Deletes a series (a point flagged NoRecordedValue), only from a family of the given type.</summary>
    public void Remove(string familyName, MetricType type, SeriesKey id)
    {
        if (_families.TryGetValue(familyName, out var f) && f.Type == type && f.Remove(id) && f.Count == 0)
        {
            RemoveFamily(f);
        }
    }

    /// <summary>
    /// Starts a scrape: returns every family, sorted by name. Read each with <see cref="CopySeries"/> (which also drops
    /// its expired series); end with <see cref="EndScrape"/>.
    /// </summary>
    public List<FamilyState> BeginScrape()
    {
        List<FamilyState> result;
        lock (_lock)
        {
            _labels.BeginScrape();
            result = [.. _families.Values];
        }

        result.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    /// <summary>
    /// Copies a family's current series into <paramref name="buffer"/>, swapping it for a larger one from
    /// <see cref="ArrayPool{T}.Shared"/> when they do not fit (the old one goes back there), and returns them as points.
    /// Series past <c>metric_expiration</c> are deleted instead, and a family left empty with them. The lock is taken
    /// once per run of <see cref="CopyRunSlots"/> slots, never for the whole family.
    /// </summary>
    public FamilyPoints CopySeries(FamilyState family, ref SeriesSlot[] buffer)
    {
        int end, count = 0;
        lock (_lock)
        {
            end = family.BeginCopy();

            // Series created during the copy land past its end, so those held now are all it can find.
            if (buffer.Length < family.Count)
            {
                if (buffer.Length > 0)
                {
                    ArrayPool<SeriesSlot>.Shared.Return(buffer, clearArray: true);
                }

                buffer = ArrayPool<SeriesSlot>.Shared.Rent(family.Count);
            }
        }

        var now = time.GetUtcNow().UtcTicks;
        byte[][] texts;
        int next = 0;
        while (true)
        {
            lock (_lock)
            {
                next = family.CopyRun(next, end, CopyRunSlots, buffer, ref count, now, expiration.Ticks);
                if (next < end)
                {
                    continue;
                }

                family.EndCopy();
                if (family.Count == 0 && _families.TryGetValue(family.Name, out var held) && held == family)
                {
                    RemoveFamily(family);
                }

                // Label texts only grow and keep what the scrape's series hold (see LabelTable), so the array as it is
                // after the last run has every label the copied series name.
                texts = _labels.Texts;
                break;
            }
        }

        return new FamilyPoints(buffer, count, family.Type, sendTimestamps, texts);
    }

    /// <summary>Ends a scrape <see cref="BeginScrape"/> started.</summary>
    public void EndScrape()
    {
        lock (_lock)
        {
            _labels.EndScrape();
        }
    }

    // Whether a histogram point may update the series: a delta point starting before the held interval ends is
    // misaligned (rejected); an older cumulative point is ignored (not accepted, but no rejection either).
    private static bool Accepts(bool created, ulong heldTimeNanos, ulong startNanos, ulong timeNanos, bool delta, out StoreRejection rejection)
    {
        rejection = !created && delta && startNanos < heldTimeNanos ? StoreRejection.Misaligned : StoreRejection.None;
        return created || (delta ? startNanos >= heldTimeNanos : timeNanos >= heldTimeNanos);
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

        family = new FamilyState(new FamilyMetadata(info.Name, info.Type, info.Help, info.Unit), _labels);
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

    private void Touch(ref SeriesSlot series) => series.UpdatedTicks = time.GetUtcNow().UtcTicks;
}
