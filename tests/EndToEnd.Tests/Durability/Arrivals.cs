using MiniCollector.EndToEnd.Tests.TestSupport;

namespace MiniCollector.EndToEnd.Tests.Durability;

/// <summary>
/// At-least-once checks against the counting exporter. Items are keyed as it keys them: <c>span:NAME</c>,
/// <c>log:BODY</c>, and <c>metric:NAME</c> for any point of that metric.
/// </summary>
internal static class Arrivals
{
    /// <summary>The expected keys that have not arrived.</summary>
    public static IReadOnlyList<string> Missing(CountingExporter counting, IEnumerable<string> expected)
    {
        var arrived = counting.Arrivals.ToArray();
        var keys = arrived.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var metrics = arrived.Select(a => a.Key).Where(k => k.StartsWith("metric:", StringComparison.Ordinal)).Select(MetricName).ToHashSet(StringComparer.Ordinal);
        return [.. expected.Distinct(StringComparer.Ordinal).Where(k => k.StartsWith("metric:", StringComparison.Ordinal) ? !metrics.Contains(k) : !keys.Contains(k))];
    }

    /// <summary>Waits (bounded, a hang guard) until every expected key arrived; returns what is still missing.</summary>
    public static async Task<IReadOnlyList<string>> WaitForAllAsync(CountingExporter counting, IReadOnlyCollection<string> expected, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var missing = Missing(counting, expected);
            if (missing.Count == 0 || DateTime.UtcNow > deadline)
            {
                return missing;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Span and log keys that arrived more than once, with their counts (metrics are cumulative and repeat by design).</summary>
    public static IReadOnlyList<string> Duplicates(CountingExporter counting) =>
        [.. counting.Arrivals.Where(a => a.Value > 1 && !a.Key.StartsWith("metric:", StringComparison.Ordinal)).Select(a => $"{a.Key} x{a.Value}").Order(StringComparer.Ordinal)];

    /// <summary>A one-line account for assertion messages.</summary>
    public static string Describe(IReadOnlyCollection<string> expected, IReadOnlyList<string> missing, CountingExporter counting)
    {
        var duplicates = Duplicates(counting);
        return $"{expected.Count} acknowledged, {missing.Count} missing [{string.Join(", ", missing.Take(15))}], " +
            $"{counting.Arrivals.Count} distinct arrived, {duplicates.Count} duplicated [{string.Join(", ", duplicates.Take(15))}]";
    }

    private static string MetricName(string key) => key[..key.IndexOf('|', StringComparison.Ordinal)];
}
