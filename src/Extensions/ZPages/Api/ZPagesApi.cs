using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MiniCollector.Extensions.ZPages.Capture;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Service;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Extensions.ZPages.Api;

/// <summary>
/// The JSON endpoints under <c>/api/</c> (README, "extensions: zpages") and the live stream the page listens to.
/// Every list decodes the ring buffers anew, so nothing but the rings is kept between requests.
/// </summary>
internal sealed class ZPagesApi(
    RecentTelemetry recent,
    RecentTelemetryOptions options,
    Func<IReadOnlyList<PipelineConfig>> pipelines,
    Func<List<SelfMetricReading>> selfMetrics,
    TimeProvider time,
    CancellationToken stopping)
{
    /// <summary>How often the live stream looks for new data.</summary>
    public static readonly TimeSpan LiveInterval = TimeSpan.FromSeconds(1);

    // A comment line this often keeps proxies and the browser from closing a quiet stream.
    private const int KeepAliveTicks = 15;

    private const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>The service as built and when it was built (for <c>/api/service</c>).</summary>
    public Func<(ServiceDescription Service, DateTimeOffset Started)> Service { get; init; } = () => (ServiceDescription.Empty, DateTimeOffset.UnixEpoch);

    /// <summary>Serves one <c>/api/...</c> request.</summary>
    public async Task ServeAsync(HttpContext context, string path, CancellationToken cancellationToken)
    {
        switch (path)
        {
            case "/api/live":
                await LiveAsync(context.Response, cancellationToken).ConfigureAwait(false);
                return;
            case "/api/status":
                await WriteJsonAsync(context.Response, WriteStatus, cancellationToken).ConfigureAwait(false);
                return;
            case "/api/service":
                var (service, started) = Service();
                await WriteJsonAsync(context.Response, w => ServiceQueries.Write(w, service, started, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                return;
            case "/api/pipelines":
                await WriteJsonAsync(context.Response, w => PipelineQueries.Write(w, pipelines(), selfMetrics()), cancellationToken).ConfigureAwait(false);
                return;
        }

        var filter = TelemetryFilter.Parse(context.Request.Query, out var error);
        if (error is not null)
        {
            await WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, error, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (path == "/api/traces")
        {
            var traces = TraceQueries.GroupByTrace(recent.Ring(Signal.Traces).Read(ExportTraceServiceRequest.Parser));
            await WriteJsonAsync(context.Response, w => TraceQueries.WriteList(w, traces, filter), cancellationToken).ConfigureAwait(false);
        }
        else if (path.StartsWith("/api/traces/", StringComparison.Ordinal))
        {
            var traceId = path["/api/traces/".Length..].ToLowerInvariant();
            var traces = TraceQueries.GroupByTrace(recent.Ring(Signal.Traces).Read(ExportTraceServiceRequest.Parser));
            if (traces.TryGetValue(traceId, out var spans))
            {
                await WriteJsonAsync(context.Response, w => TraceQueries.WriteTrace(w, traceId, spans), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, $"trace {traceId} is not among the recent traces", cancellationToken).ConfigureAwait(false);
            }
        }
        else if (path == "/api/logs")
        {
            var logs = recent.Ring(Signal.Logs).Read(ExportLogsServiceRequest.Parser);
            await WriteJsonAsync(context.Response, w => LogQueries.WriteList(w, logs, filter), cancellationToken).ConfigureAwait(false);
        }
        else if (path == "/api/metrics")
        {
            var series = MetricQueries.Series(recent.Ring(Signal.Metrics).Read(ExportMetricsServiceRequest.Parser));
            await WriteJsonAsync(context.Response, w => MetricQueries.WriteList(w, series, filter), cancellationToken).ConfigureAwait(false);
        }
        else if (path.StartsWith("/api/metrics/", StringComparison.Ordinal))
        {
            var id = path["/api/metrics/".Length..];
            var series = MetricQueries.Series(recent.Ring(Signal.Metrics).Read(ExportMetricsServiceRequest.Parser));
            if (series.TryGetValue(id, out var one))
            {
                await WriteJsonAsync(context.Response, w => MetricQueries.WriteSeries(w, one), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, $"series {id} is not among the recent metrics", cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            await WriteErrorAsync(context.Response, StatusCodes.Status404NotFound, $"no such endpoint: {path}", cancellationToken).ConfigureAwait(false);
        }
    }

    private void WriteStatus(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("capture"u8, options.Capture);
        writer.WriteBoolean("capturing"u8, recent.IsCapturing);
        var started = recent.CaptureStartedUnixNano;
        writer.WriteNumber("captureStartedMs"u8, started / 1_000_000);
        writer.WriteNumber("viewerTimeoutSeconds"u8, options.ViewerTimeout.TotalSeconds);
        writer.WriteStartObject("buffers"u8);
        foreach (var signal in Enum.GetValues<Signal>())
        {
            var stats = recent.Ring(signal).Stats();
            writer.WriteStartObject(signal.Name());
            writer.WriteNumber("capacityBytes"u8, stats.CapacityBytes);
            writer.WriteNumber("usedBytes"u8, stats.UsedBytes);
            writer.WriteNumber("heldBytes"u8, stats.HeldBytes);
            writer.WriteNumber("requests"u8, stats.Requests);
            writer.WriteNumber("captured"u8, stats.Captured);
            writer.WriteNumber("evicted"u8, stats.Evicted);
            writer.WriteNumber("tooLarge"u8, stats.TooLarge);
            writer.WriteNumber("oldestMs"u8, stats.OldestUnixNano / 1_000_000);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    // Server-sent events: an "update" event with each signal's newest capture sequence whenever one changes, so the
    // page refetches only what changed. An open stream counts as someone viewing.
    private async Task LiveAsync(HttpResponse response, CancellationToken requestAborted)
    {
        response.ContentType = "text/event-stream";
        response.Headers["X-Accel-Buffering"] = "no";
        if (HttpMethods.IsHead(response.HttpContext.Request.Method))
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        var token = linked.Token;
        var signals = Enum.GetValues<Signal>();
        var last = new long[signals.Length];
        Array.Fill(last, -1);
        int quiet = 0;
        try
        {
            await response.WriteAsync("retry: 2000\n\n", token).ConfigureAwait(false);
            await response.Body.FlushAsync(token).ConfigureAwait(false);
            while (!token.IsCancellationRequested)
            {
                recent.MarkViewed();
                bool changed = false;
                foreach (var signal in signals)
                {
                    long sequence = recent.Ring(signal).LastSequence;
                    changed |= sequence != last[(int)signal];
                    last[(int)signal] = sequence;
                }

                if (changed)
                {
                    var data = new StringBuilder("event: update\ndata: {");
                    foreach (var signal in signals)
                    {
                        data.Append('"').Append(signal.Name()).Append("\":").Append(last[(int)signal]).Append(',');
                    }

                    data.Append("\"capturing\":").Append(recent.IsCapturing ? "true" : "false").Append("}\n\n");
                    await response.WriteAsync(data.ToString(), token).ConfigureAwait(false);
                    await response.Body.FlushAsync(token).ConfigureAwait(false);
                    quiet = 0;
                }
                else if (++quiet >= KeepAliveTicks)
                {
                    await response.WriteAsync(": keep-alive\n\n", token).ConfigureAwait(false);
                    await response.Body.FlushAsync(token).ConfigureAwait(false);
                    quiet = 0;
                }

                await Task.Delay(LiveInterval, time, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The page went away or the collector is stopping: the stream just ends.
        }
        catch (IOException)
        {
            // The connection broke while writing.
        }
    }

    private static async Task WriteJsonAsync(HttpResponse response, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var output = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(output))
        {
            write(writer);
        }

        response.ContentType = JsonContentType;
        response.ContentLength = output.WrittenCount;
        if (!HttpMethods.IsHead(response.HttpContext.Request.Method))
        {
            await response.Body.WriteAsync(output.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task WriteErrorAsync(HttpResponse response, int status, string message, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        return WriteJsonAsync(
            response,
            w =>
            {
                w.WriteStartObject();
                w.WriteString("error"u8, message);
                w.WriteEndObject();
            },
            cancellationToken);
    }
}
