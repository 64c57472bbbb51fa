using System.Diagnostics;
using System.Net;

namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>Times GETs of a <c>/metrics</c> endpoint in the text format, as a Prometheus server would scrape it.</summary>
public static class PrometheusScraper
{
    /// <summary>
    /// One first scrape (reported apart: it pays for any lazily built state), then <paramref name="repetitions"/>
    /// timed ones; the time is until the whole body has arrived.
    /// </summary>
    public static async Task<ScrapeResult> ScrapeAsync(string scenario, Uri uri, int repetitions, int pid, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        double first = 0;
        var times = new List<double>(repetitions);
        byte[] body = [];
        for (int i = 0; i <= repetitions; i++)
        {
            long started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            double ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new ScrapeResult(scenario, 0, body.Length, ms, double.NaN, double.NaN, double.NaN, i, 0, "HTTP " + (int)response.StatusCode);
            }

            if (i == 0)
            {
                first = ms;
            }
            else
            {
                times.Add(ms);
            }
        }

        times.Sort();
        return new ScrapeResult(
            scenario,
            CountSamples(body),
            body.Length,
            first,
            Percentiles.Of(times, 0.5),
            times.Count > 0 ? times[0] : double.NaN,
            times.Count > 0 ? times[^1] : double.NaN,
            repetitions,
            ProcStats.StatusBytes(pid, "VmRSS") ?? 0,
            null);
    }

    // A sample line is any non-empty line that is not a # comment (HELP, TYPE, UNIT, EOF).
    private static long CountSamples(ReadOnlySpan<byte> body)
    {
        long samples = 0;
        while (!body.IsEmpty)
        {
            int end = body.IndexOf((byte)'\n');
            var line = end < 0 ? body : body[..end];
            if (!line.IsEmpty && line[0] != (byte)'#')
            {
                samples++;
            }

            body = end < 0 ? [] : body[(end + 1)..];
        }

        return samples;
    }
}
