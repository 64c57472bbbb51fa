using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Otlp.Json;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Payload;

/// <summary>
/// The metrics strategy: <c>ExportMetricsServiceRequest</c> → ResourceMetrics → ScopeMetrics → Metric → data point.
/// Items are data points, as the reference collector counts them.
/// </summary>
public sealed class MetricsKind : SignalKind<ExportMetricsServiceRequest>
{
    /// <summary>The single instance.</summary>
    public static readonly MetricsKind Instance = new();

    private static readonly RequestTree TreeInstance = new(
        [
            new TreeLevel(m => ((ExportMetricsServiceRequest)m).ResourceMetrics, _ => new ExportMetricsServiceRequest()),
            new TreeLevel(
                m => ((ResourceMetrics)m).ScopeMetrics,
                m => new ResourceMetrics { Resource = ((ResourceMetrics)m).Resource, SchemaUrl = ((ResourceMetrics)m).SchemaUrl }),
            new TreeLevel(
                m => ((ScopeMetrics)m).Metrics,
                m => new ScopeMetrics { Scope = ((ScopeMetrics)m).Scope, SchemaUrl = ((ScopeMetrics)m).SchemaUrl }),
            new TreeLevel(m => DataPoints((Metric)m), m => MetricShell((Metric)m)),
        ],
        [1, 2, 2],
        [Metric.GaugeFieldNumber, Metric.SumFieldNumber, Metric.HistogramFieldNumber, Metric.ExponentialHistogramFieldNumber, Metric.SummaryFieldNumber]);

    private MetricsKind()
    {
    }

    /// <inheritdoc />
    public override Signal Signal => Signal.Metrics;

    /// <inheritdoc />
    public override string Name => "metrics";

    /// <inheritdoc />
    public override string ItemNoun => "data points";

    /// <inheritdoc />
    public override string TelemetrySuffix => "metric_points";

    /// <inheritdoc />
    public override string TelemetryUnit => "{datapoints}";

    /// <inheritdoc />
    public override string GrpcService => "opentelemetry.proto.collector.metrics.v1.MetricsService";

    private protected override IMessage NewResponse() => new ExportMetricsServiceResponse();

    private protected override IMessage NewResponse(long rejected, string message)
        => new ExportMetricsServiceResponse { PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = rejected, ErrorMessage = message } };

    private protected override (long Rejected, string Message) ReadResponse(ReadOnlySpan<byte> body, bool json)
        => (json ? OtlpJsonReader.ReadMetricsResponse(body) : ExportMetricsServiceResponse.Parser.ParseFrom(body)).PartialSuccess is { } partial
            ? (partial.RejectedDataPoints, partial.ErrorMessage)
            : (0, string.Empty);

    /// <inheritdoc />
    public override MessageParser<ExportMetricsServiceRequest> Parser => ExportMetricsServiceRequest.Parser;

    private protected override RequestTree Tree => TreeInstance;

    /// <summary>The attributes of each of a metric's data points, whatever its type (the data point types share no interface).</summary>
    public static IEnumerable<RepeatedField<KeyValue>> PointAttributes(Metric metric) => DataPoints(metric).Cast<IDataPoint>().Select(p => p.Attributes);

    /// <summary>A metric's data points whatever its type (a <c>RepeatedField</c> of the type's point: <c>Add</c> takes only those).</summary>
    public static IList DataPoints(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints,
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints,
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints,
        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints,
        Metric.DataOneofCase.Summary => metric.Summary.DataPoints,
        _ => Array.Empty<object>(),
    };

    /// <summary>A copy of the metric's descriptor, type and temporality with no points, to receive a share of them.</summary>
    public static Metric MetricShell(Metric source)
    {
        var shell = new Metric { Name = source.Name, Description = source.Description, Unit = source.Unit };
        shell.Metadata.Add(source.Metadata);
        switch (source.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                shell.Gauge = new Gauge();
                break;
            case Metric.DataOneofCase.Sum:
                shell.Sum = new Sum { AggregationTemporality = source.Sum.AggregationTemporality, IsMonotonic = source.Sum.IsMonotonic };
                break;
            case Metric.DataOneofCase.Histogram:
                shell.Histogram = new Histogram { AggregationTemporality = source.Histogram.AggregationTemporality };
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                shell.ExponentialHistogram = new ExponentialHistogram { AggregationTemporality = source.ExponentialHistogram.AggregationTemporality };
                break;
            case Metric.DataOneofCase.Summary:
                shell.Summary = new Summary();
                break;
        }

        return shell;
    }

    /// <inheritdoc />
    public override ExportMetricsServiceRequest ReadJson(ReadOnlySpan<byte> utf8Json) => OtlpJsonReader.ReadMetrics(utf8Json);

    /// <summary>Drops data points carrying an exemplar with malformed ids.</summary>
    public override (long Rejected, string? Reason) DropInvalidIds(ExportMetricsServiceRequest request)
    {
        long rejected = 0;
        string? reason = null;
        foreach (var resource in request.ResourceMetrics)
        {
            foreach (var scope in resource.ScopeMetrics)
            {
                foreach (var metric in scope.Metrics)
                {
                    string? first = null;
                    rejected += metric.DataCase switch
                    {
                        Metric.DataOneofCase.Gauge => InvalidIdFilter.KeepValid(metric.Gauge.DataPoints, p => ExemplarProblem(p.Exemplars), ref first),
                        Metric.DataOneofCase.Sum => InvalidIdFilter.KeepValid(metric.Sum.DataPoints, p => ExemplarProblem(p.Exemplars), ref first),
                        Metric.DataOneofCase.Histogram => InvalidIdFilter.KeepValid(metric.Histogram.DataPoints, p => ExemplarProblem(p.Exemplars), ref first),
                        Metric.DataOneofCase.ExponentialHistogram => InvalidIdFilter.KeepValid(metric.ExponentialHistogram.DataPoints, p => ExemplarProblem(p.Exemplars), ref first),
                        _ => 0,
                    };
                    if (first is not null)
                    {
                        reason ??= $"metric \"{metric.Name}\": {first}";
                    }
                }
            }
        }

        return (rejected, InvalidIdFilter.Summary(rejected, ItemNoun, reason));
    }

    private static string? ExemplarProblem(RepeatedField<Exemplar> exemplars)
    {
        foreach (var exemplar in exemplars)
        {
            var problem = IdRules.ExemplarTraceId.Problem(exemplar.TraceId) ?? IdRules.ExemplarSpanId.Problem(exemplar.SpanId);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }
}
