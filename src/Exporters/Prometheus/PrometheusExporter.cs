using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MiniCollector.Endpoints;
using MiniCollector.Exporters.Prometheus.Ingest;
using MiniCollector.Exporters.Prometheus.Store;
using MiniCollector.Exposition;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Prometheus;

/// <summary>
/// The <c>prometheus</c> exporter: keeps the latest value of every series and serves them at <c>/metrics</c> for
/// Prometheus to scrape, in the text format, OpenMetrics (when enabled and asked for) or protobuf (native
/// histograms).
/// </summary>
public sealed class PrometheusExporter : IExporter, IListeningComponent
{
    // At most one line per this interval about points that could not be exposed.
    private static readonly TimeSpan DropLogInterval = TimeSpan.FromMinutes(1);

    private readonly ComponentContext _context;
    private readonly PrometheusOptions _options;
    private readonly MetricStore _store;
    private readonly OtlpMetricsIngest _ingest;
    private readonly ExpositionStreamer _exposition;
    private readonly TimeProvider _time;
    private HttpEndpointServer? _server;
    private long _droppedLogged;
    private DateTimeOffset _lastDropLog = DateTimeOffset.MinValue;

    public PrometheusExporter(ComponentContext context, PrometheusOptions options, TimeProvider? time = null)
    {
        _context = context;
        _options = options;
        _time = time ?? TimeProvider.System;
        _store = new MetricStore(options.MetricExpiration, options.SendTimestamps, _time);
        _ingest = new OtlpMetricsIngest(options, _store);
        _exposition = new ExpositionStreamer(_store);
    }

    /// <inheritdoc />
    public bool MutatesData => false;

    /// <inheritdoc />
    public IReadOnlyList<BoundEndpoint> Endpoints => _server?.Endpoints ?? [];

    /// <summary>Data points that could not be exposed (type conflicts, unsupported temporality, misaligned deltas).</summary>
    public long DroppedPoints => _ingest.Dropped.Total;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _server = await HttpEndpointServer.StartAsync(_context, _options.Endpoint, ServeAsync, _options.Tls, cancellationToken).ConfigureAwait(false);
        foreach (var endpoint in _server.Endpoints)
        {
            _context.Logger.LogInformation("Serving Prometheus metrics on {Url}/metrics", endpoint.Url);
        }
    }

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync(cancellationToken).ConfigureAwait(false);
            _server = null;
        }
    }

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        if (request.HasModel)
        {
            if (request.Model is ExportMetricsServiceRequest model)
            {
                _ingest.Ingest(model);
            }
        }
        else if (request.Signal == Signal.Metrics)
        {
            // The request is read as it arrived, part by part (a batch hands over the received requests it joined):
            // no model is built, and the series of an update are found by the bytes it arrived as.
            var segments = new List<ReadOnlyMemory<byte>>();
            request.AddSegments(segments);
            foreach (var segment in segments)
            {
                _ingest.Ingest(segment.Span);
            }
        }

        LogDrops();
        return ValueTask.FromResult(ConsumeResult.Success);
    }

    /// <summary>The body a scrape in <paramref name="format"/> would be sent now, whole (for tests and benchmarks; scrapes stream it).</summary>
    internal (byte[] Body, ExpositionFormat Format) Render(ExpositionFormat format)
    {
        using var body = new MemoryStream();
        WriteScrapeAsync(format, (chunk, token) => body.WriteAsync(chunk, token), CancellationToken.None).GetAwaiter().GetResult();
        return (body.ToArray(), format);
    }

    /// <summary>Writes a scrape's body in <paramref name="format"/>, handing it to <paramref name="send"/> chunk by chunk as a scrape does.</summary>
    internal Task WriteScrapeAsync(ExpositionFormat format, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send, CancellationToken cancellationToken)
        => _exposition.WriteAsync(format, send, cancellationToken);

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Path.Value;
        if (path is not ("/metrics" or "/"))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            await response.WriteAsync("404 page not found: metrics are served at /metrics\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!ReadOnlyMethods.Allow(context))
        {
            return;
        }

        var format = ExpositionFormats.Negotiate(request.Headers.Accept.ToString(), _options.EnableOpenMetrics);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = format.ContentType();
        response.Headers.Vary = "Accept-Encoding";

        // HEAD gets the headers only: the body is streamed, so its length is not known without writing it all.
        if (!HttpMethods.IsGet(request.Method))
        {
            return;
        }

        // The body goes out as it is written (chunked), so a large scrape is never held whole. Compression starts with
        // the first chunk: .NET writes nothing at all for an empty gzip stream, which a gzip reader rejects, so an
        // empty body is sent as it is.
        bool gzip = AcceptsGzip(request);
        GZipStream? compressor = null;
        try
        {
            await WriteScrapeAsync(
                format,
                (chunk, token) =>
                {
                    if (gzip && compressor is null)
                    {
                        response.Headers.ContentEncoding = "gzip";
                        compressor = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
                    }

                    return (compressor ?? response.Body).WriteAsync(chunk, token);
                },
                context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            if (compressor is not null)
            {
                await compressor.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static bool AcceptsGzip(HttpRequest request)
    {
        foreach (var value in request.Headers.AcceptEncoding)
        {
            foreach (var part in (value ?? string.Empty).Split(','))
            {
                var token = part.Trim();
                if (token.StartsWith("gzip", StringComparison.OrdinalIgnoreCase) && !token.Replace(" ", string.Empty, StringComparison.Ordinal).EndsWith("q=0", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void LogDrops()
    {
        var total = _ingest.Dropped.Total;
        var now = _time.GetUtcNow();
        if (total == Interlocked.Read(ref _droppedLogged) || now - _lastDropLog < DropLogInterval)
        {
            return;
        }

        _lastDropLog = now;
        Interlocked.Exchange(ref _droppedLogged, total);
        foreach (var (reason, (count, example)) in _ingest.Dropped.ByReason)
        {
            _context.Logger.LogWarning("Data points not exposed so far: {Count} ({Reason}; e.g. metric \"{Metric}\")", count, reason, example);
        }
    }
}
