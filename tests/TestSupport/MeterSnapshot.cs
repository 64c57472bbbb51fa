using System.Diagnostics.Metrics;

namespace MiniCollector.Tests.Support;

/// <summary>
/// What a plain <see cref="MeterListener"/> (as <c>dotnet-counters</c> uses) sees of the observable instruments
/// <paramref name="include"/> selects, read once: the instruments and every measurement they report now.
/// </summary>
public sealed class MeterSnapshot
{
    private readonly List<Reading> _readings = [];
    private readonly List<Instrument> _instruments = [];

    private MeterSnapshot()
    {
    }

    /// <summary>One measurement: its instrument, value and tags (values as strings).</summary>
    public sealed record Reading(Instrument Instrument, double Value, IReadOnlyDictionary<string, string> Tags);

    /// <summary>The instruments seen.</summary>
    public IReadOnlyList<Instrument> Instruments => _instruments;

    /// <summary>The measurements seen.</summary>
    public IReadOnlyList<Reading> Readings => _readings;

    public static MeterSnapshot Take(Func<Instrument, bool> include)
    {
        var snapshot = new MeterSnapshot();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (include(instrument))
            {
                snapshot._instruments.Add(instrument);
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => snapshot.Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => snapshot.Add(instrument, value, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        return snapshot;
    }

    /// <summary>The value of the one series of <paramref name="instrument"/> with exactly <paramref name="tags"/> (name=value pairs).</summary>
    public double Value(string instrument, params string[] tags)
    {
        var wanted = tags.Select(t => t.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var matches = _readings.Where(r => r.Instrument.Name == instrument && r.Tags.Count == wanted.Count && wanted.All(w => r.Tags.TryGetValue(w.Key, out var v) && v == w.Value)).ToList();
        Assert.True(matches.Count == 1, $"{instrument}{{{string.Join(",", tags)}}}: {matches.Count} series, expected 1; seen: {string.Join("; ", _readings.Select(r => $"{r.Instrument.Name}{{{string.Join(",", r.Tags.Select(t => t.Key + "=" + t.Value))}}}={r.Value}"))}");
        return matches[0].Value;
    }

    /// <summary>The sum over every series of <paramref name="instrument"/>.</summary>
    public double Sum(string instrument) => _readings.Where(r => r.Instrument.Name == instrument).Sum(r => r.Value);

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            map[tag.Key] = tag.Value?.ToString() ?? string.Empty;
        }

        _readings.Add(new Reading(instrument, value, map));
    }
}
