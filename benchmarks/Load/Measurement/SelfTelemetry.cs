using System.Globalization;

namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>Reads a collector's own metrics (Prometheus text) as totals per metric name, summed over labels.</summary>
public static class SelfTelemetry
{
    /// <summary>Scrapes <paramref name="uri"/>; a <c>_total</c> suffix is dropped so either naming matches.</summary>
    public static async Task<IReadOnlyDictionary<string, double>> ReadAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync(uri, cancellationToken).ConfigureAwait(false);
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // name{labels} value [timestamp] or name value [timestamp]; label values may hold spaces, so the value
            // starts after the last '}' when there are labels.
            int brace = line.IndexOf('{', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            string name = brace >= 0 && brace < space ? line[..brace] : line[..space];
            string rest = brace >= 0 && brace < space ? line[(line.LastIndexOf('}') + 1)..] : line[space..];
            var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            if (name.EndsWith("_total", StringComparison.Ordinal))
            {
                name = name[..^"_total".Length];
            }

            totals[name] = totals.GetValueOrDefault(name) + value;
        }

        return totals;
    }
}
