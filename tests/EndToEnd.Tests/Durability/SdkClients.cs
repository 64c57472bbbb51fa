using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MiniCollector.EndToEnd.Tests.Durability;

/// <summary>
/// An application instrumented with the OpenTelemetry .NET SDK whose OTLP exporters (traces, logs, metrics) point at a
/// collector; every export goes through an <see cref="AckRecordingExporter{T}"/>.
/// </summary>
internal sealed class SdkClient : IDisposable
{
    private readonly ActivitySource _source;
    private readonly Meter _meter;
    private readonly TracerProvider _tracing;
    private readonly ILoggerFactory _logging;
    private readonly MeterProvider _metering;
    private readonly ILogger _logger;

    /// <param name="batchSpans">Spans go through the SDK's batch processor (as applications configure it) rather than one export per span.</param>
    public SdkClient(OtlpExportProtocol protocol, string grpcUrl, string httpUrl, bool batchSpans, int timeoutMilliseconds = 10_000, int maxQueueSize = 2048, int maxExportBatchSize = 512, int scheduledDelayMilliseconds = 100)
    {
        Protocol = protocol;
        var name = "durability." + Guid.NewGuid().ToString("N");
        _source = new ActivitySource(name);
        _meter = new Meter(name);

        Spans = new AckRecordingExporter<Activity>(new OtlpTraceExporter(Options(protocol, grpcUrl, httpUrl, "/v1/traces", timeoutMilliseconds)), a => a.DisplayName);
        BaseProcessor<Activity> processor = batchSpans
            ? new BatchActivityExportProcessor(Spans, maxQueueSize, scheduledDelayMilliseconds, 30_000, maxExportBatchSize)
            : new SimpleActivityExportProcessor(Spans);
        _tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("durability-tests"))
            .AddSource(name)
            .AddProcessor(processor)
            .Build();

        Logs = new AckRecordingExporter<LogRecord>(new OtlpLogExporter(Options(protocol, grpcUrl, httpUrl, "/v1/logs", timeoutMilliseconds)), r => r.Body ?? r.FormattedMessage ?? string.Empty);
        _logging = LoggerFactory.Create(builder => builder.AddOpenTelemetry(o => o.AddProcessor(new SimpleLogRecordExportProcessor(Logs))));
        _logger = _logging.CreateLogger("Durability");

        Metrics = new AckRecordingExporter<Metric>(new OtlpMetricExporter(Options(protocol, grpcUrl, httpUrl, "/v1/metrics", timeoutMilliseconds)), m => m.Name);
        _metering = Sdk.CreateMeterProviderBuilder()
            .AddMeter(name)
            .AddReader(new BaseExportingMetricReader(Metrics))
            .Build();
    }

    public OtlpExportProtocol Protocol { get; }

    public AckRecordingExporter<Activity> Spans { get; }

    public AckRecordingExporter<LogRecord> Logs { get; }

    public AckRecordingExporter<Metric> Metrics { get; }

    /// <summary>Ends a span with this name (exported at once, or by the batch processor).</summary>
    public void Span(string name) => _source.StartActivity(name)?.Dispose();

    /// <summary>Logs a record whose body is <paramref name="body"/> (exported at once).</summary>
    public void Log(string body)
    {
#pragma warning disable CA2254 // The body is the point: each record is named by it.
        _logger.LogInformation(body);
#pragma warning restore CA2254
    }

    /// <summary>Adds to a counter with this name and exports every metric the SDK holds (cumulative, so earlier ones too).</summary>
    public bool Metric(string name, int timeoutMilliseconds = 10_000)
    {
        _meter.CreateCounter<long>(name).Add(1);
        return _metering.ForceFlush(timeoutMilliseconds);
    }

    /// <summary>Exports every span still buffered in the SDK.</summary>
    public bool FlushSpans(int timeoutMilliseconds = 15_000) => _tracing.ForceFlush(timeoutMilliseconds);

    public void Dispose()
    {
        _tracing.Dispose();
        _logging.Dispose();
        _metering.Dispose();
        _source.Dispose();
        _meter.Dispose();
    }

    private static OtlpExporterOptions Options(OtlpExportProtocol protocol, string grpcUrl, string httpUrl, string httpPath, int timeoutMilliseconds) => new()
    {
        Protocol = protocol,

        // Set in code, the endpoint is used as written: gRPC takes the server's base URL, HTTP the signal's full path.
        Endpoint = new Uri(protocol == OtlpExportProtocol.Grpc ? grpcUrl : httpUrl.TrimEnd('/') + httpPath),
        TimeoutMilliseconds = timeoutMilliseconds,
    };
}
