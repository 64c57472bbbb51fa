using System.Collections.Concurrent;

namespace MiniCollector.Exporters.Prometheus.Translation;

/// <summary>
/// Memoises <see cref="PrometheusNames.MetricName"/> for one namespace and strategy (one exporter's config), so a
/// metric seen on every export is named once. Thread-safe; past <c>capacity</c> entries, names are computed each time.
/// </summary>
public sealed class MetricNameCache
{
    private readonly ConcurrentDictionary<Key, string> _names = new();
    private readonly int _capacity;
    private int _count;

    /// <summary>Creates a cache for names under <paramref name="namespace"/> and <paramref name="strategy"/>.</summary>
    public MetricNameCache(string @namespace, TranslationStrategy strategy, int capacity = 4096)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        Namespace = @namespace;
        Strategy = strategy;
        _capacity = capacity;
    }

    /// <summary>The configured namespace.</summary>
    public string Namespace { get; }

    /// <summary>The configured strategy.</summary>
    public TranslationStrategy Strategy { get; }

    /// <summary>The exposed name of a metric; see <see cref="PrometheusNames.MetricName"/>.</summary>
    public string Get(string otlpName, string unit, MetricKind kind)
    {
        var key = new Key(otlpName, unit, kind);
        if (_names.TryGetValue(key, out var name))
        {
            return name;
        }

        name = PrometheusNames.MetricName(otlpName, unit, kind, Namespace, Strategy);
        if (Volatile.Read(ref _count) < _capacity && _names.TryAdd(key, name))
        {
            Interlocked.Increment(ref _count);
        }

        return name;
    }

    private readonly record struct Key(string Name, string Unit, MetricKind Kind);
}
