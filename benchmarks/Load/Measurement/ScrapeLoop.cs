using System.Buffers;
using System.Diagnostics;
using System.Net;

namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>
/// Scrapes an endpoint back to back, the next GET as soon as the previous body has arrived, until stopped: the
/// worst case of a scrape running beside ingest (a real Prometheus scrapes every 15-30 s; this keeps one in flight
/// all the time). Bounded in time (until <see cref="StopAsync"/>) and in count (<c>maxScrapes</c>).
/// </summary>
public sealed class ScrapeLoop
{
    // After a failed scrape, so an endpoint that answers errors at once does not turn the loop into a busy one.
    private static readonly TimeSpan FailurePause = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task<ScrapeLoopResult> _loop;

    private ScrapeLoop(Uri uri, ScrapeFormat format, int maxScrapes, CancellationToken aborted)
    {
        _loop = Task.Run(() => LoopAsync(uri, format, maxScrapes, _stop.Token, aborted), CancellationToken.None);
    }

    /// <summary>Starts scraping <paramref name="uri"/> in <paramref name="format"/>, at most <paramref name="maxScrapes"/> times.</summary>
    public static ScrapeLoop Start(Uri uri, ScrapeFormat format, int maxScrapes, CancellationToken aborted) => new(uri, format, maxScrapes, aborted);

    /// <summary>Stops after the scrape in flight (it is left to finish, not cancelled) and returns what the loop measured.</summary>
    public async Task<ScrapeLoopResult> StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            return await _loop.ConfigureAwait(false);
        }
        finally
        {
            _stop.Dispose();
        }
    }

    private static async Task<ScrapeLoopResult> LoopAsync(Uri uri, ScrapeFormat format, int maxScrapes, CancellationToken stop, CancellationToken aborted)
    {
        using var http = ScrapeFormat.Client();
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        var clock = Stopwatch.StartNew();
        var times = new List<double>();
        int errors = 0;
        string? firstError = null;
        long lastBytes = 0;
        try
        {
            while (!stop.IsCancellationRequested && times.Count + errors < maxScrapes)
            {
                long started = Stopwatch.GetTimestamp();
                string? problem;
                try
                {
                    // The body is read and dropped chunk by chunk: holding each 19 MB body would make the benchmark's
                    // own GC compete with the collector for the same two cores.
                    using var request = format.Request(uri);
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, aborted).ConfigureAwait(false);
                    await using var body = await response.Content.ReadAsStreamAsync(aborted).ConfigureAwait(false);
                    long bytes = 0;
                    int read;
                    while ((read = await body.ReadAsync(buffer, aborted).ConfigureAwait(false)) > 0)
                    {
                        bytes += read;
                    }

                    lastBytes = bytes;
                    problem = response.StatusCode != HttpStatusCode.OK ? "HTTP " + (int)response.StatusCode : format.Mismatch(response);
                }
                catch (Exception ex) when (!aborted.IsCancellationRequested && ex is HttpRequestException or IOException or TaskCanceledException)
                {
                    problem = ex.GetType().Name + ": " + ex.Message;
                }

                if (problem is null)
                {
                    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    continue;
                }

                errors++;
                firstError ??= problem;
                try
                {
                    await Task.Delay(FailurePause, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        times.Sort();
        return new ScrapeLoopResult(
            clock.Elapsed.TotalSeconds,
            times.Count,
            errors,
            firstError,
            Percentiles.Of(times, 0.5),
            times.Count > 0 ? times[0] : double.NaN,
            times.Count > 0 ? times[^1] : double.NaN,
            lastBytes,
            times.Count + errors >= maxScrapes && !stop.IsCancellationRequested);
    }
}
