using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Extensions.ZPages;

/// <summary><c>zpages::recent</c>: the ring buffers of recent telemetry and when the tap fills them.</summary>
public sealed record RecentTelemetryOptions
{
    /// <summary>Capture only while someone looks (the default).</summary>
    public const string CaptureOnView = "on_view";

    /// <summary>Capture all the time.</summary>
    public const string CaptureAlways = "always";

    private const long DefaultBufferBytes = 2L * 1024 * 1024;

    // Below this a single ordinary SDK export would not fit; above it the buffers are no longer "recent".
    private const long MinBufferBytes = 4 * 1024;
    private const long MaxBufferBytes = 1024L * 1024 * 1024;

    /// <summary>
    /// <see cref="CaptureOnView"/>: the tap keeps data only while a page or API of the extension was asked within
    /// <see cref="ViewerTimeout"/> (a collector nobody watches pays one field read per request);
    /// <see cref="CaptureAlways"/>: it always keeps the latest data, at the cost of a copy per request.
    /// </summary>
    public string Capture { get; init; } = CaptureOnView;

    /// <summary>How long after the last request to the pages capture goes on (an open live view asks every second).</summary>
    public TimeSpan ViewerTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Bytes of received traces kept, bookkeeping included.</summary>
    public long TracesMaxBytes { get; init; } = DefaultBufferBytes;

    /// <summary>Bytes of received metrics kept, bookkeeping included.</summary>
    public long MetricsMaxBytes { get; init; } = DefaultBufferBytes;

    /// <summary>Bytes of received logs kept, bookkeeping included.</summary>
    public long LogsMaxBytes { get; init; } = DefaultBufferBytes;

    /// <summary>True when the tap captures whether or not anyone looks.</summary>
    public bool CapturesAlways => Capture == CaptureAlways;

    /// <summary>Binds <c>zpages::recent</c>, reporting every problem.</summary>
    public static RecentTelemetryOptions Bind(ConfigSection section)
    {
        var d = new RecentTelemetryOptions();
        var capture = section.Choice("capture", d.Capture, CaptureOnView, CaptureAlways);
        var timeout = section.Duration("viewer_timeout", d.ViewerTimeout);
        var traces = section.Long("traces_max_bytes", d.TracesMaxBytes, MinBufferBytes, MaxBufferBytes);
        var metrics = section.Long("metrics_max_bytes", d.MetricsMaxBytes, MinBufferBytes, MaxBufferBytes);
        var logs = section.Long("logs_max_bytes", d.LogsMaxBytes, MinBufferBytes, MaxBufferBytes);
        section.ReportUnknownKeys();
        if (timeout <= TimeSpan.Zero)
        {
            section.Invalid("viewer_timeout", "viewer_timeout must be greater than 0");
        }

        return new RecentTelemetryOptions
        {
            Capture = capture,
            ViewerTimeout = timeout,
            TracesMaxBytes = traces,
            MetricsMaxBytes = metrics,
            LogsMaxBytes = logs,
        };
    }

    /// <summary>The buffer size of one signal.</summary>
    public long MaxBytesOf(Signal signal) => signal switch
    {
        Signal.Traces => TracesMaxBytes,
        Signal.Metrics => MetricsMaxBytes,
        _ => LogsMaxBytes,
    };
}
