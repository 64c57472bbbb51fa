using System.Collections.Concurrent;

namespace MiniCollector.Exporters.Prometheus.Translation;

/// <summary>
/// A process-wide, bounded memo of escaped label names. Attribute keys repeat on every point, and most OTLP keys
/// (<c>http.request.method</c>) need a new string when escaped; this keeps that to once per key.
/// </summary>
internal static class LabelNameMemo
{
    // Keys are attribute names, whose variety is small in practice; past the bound, names are computed each time.
    private const int Capacity = 8192;
    private static readonly ConcurrentDictionary<string, string> Escaped = new(StringComparer.Ordinal);
    private static int _count;

    public static string Get(string key, TranslationStrategy strategy)
    {
        if (!strategy.EscapesNames())
        {
            return PrometheusNames.LabelName(key, strategy);
        }

        if (Escaped.TryGetValue(key, out var name))
        {
            return name;
        }

        name = PrometheusNames.LabelName(key, strategy);

        // Keys that are already valid come back as the same instance at no cost, so only rewritten ones are kept.
        if (!ReferenceEquals(name, key) && Volatile.Read(ref _count) < Capacity && Escaped.TryAdd(key, name))
        {
            Interlocked.Increment(ref _count);
        }

        return name;
    }
}
