namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// What an open zpages page does, without a browser: holds the live stream open and fetches the trace list whenever
/// it announces new data, as the page's script does. Its own CPU is the benchmark's, not the collector's.
/// </summary>
public sealed class ZPagesViewer : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _listsFetched;

    private ZPagesViewer(Uri baseAddress)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _loop = Task.Run(() => WatchAsync(_stop.Token));
    }

    /// <summary>Trace lists fetched so far.</summary>
    public long ListsFetched => Interlocked.Read(ref _listsFetched);

    /// <summary>Opens the page's live stream on the zpages endpoint.</summary>
    public static ZPagesViewer Open(int port) => new(new Uri($"http://127.0.0.1:{port}"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("/api/live", HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                await _http.GetStringAsync("/api/traces", cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref _listsFetched);
            }
        }
    }
}
