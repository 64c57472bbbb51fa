using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using OtlpMetric = MiniCollector.Otlp.Metrics.Metric;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Tests.TestSupport;

/// <summary>Builds and inspects requests of one signal, so payload tests are written once for all three.</summary>
public abstract class SignalCase<T>
    where T : class, IMessage<T>, new()
{
    public abstract SignalKind<T> Kind { get; }

    /// <summary>A request of the given shape; every item is labelled "resource/scope/.../index".</summary>
    public abstract T Build(params ResourceShape[] shape);

    /// <summary>Every item in order with its full context.</summary>
    public abstract IReadOnlyList<ItemOrigin> Flatten(T request);

    /// <summary>Number of resource entries.</summary>
    public abstract int ResourceEntries(T request);
}

/// <summary>Spans.</summary>
public sealed class TracesCase : SignalCase<ExportTraceServiceRequest>
{
    public static readonly TracesCase Instance = new();

    public override SignalKind<ExportTraceServiceRequest> Kind => TracesKind.Instance;

    public override ExportTraceServiceRequest Build(params ResourceShape[] shape)
    {
        var request = new ExportTraceServiceRequest();
        foreach (var r in shape)
        {
            var rs = new ResourceSpans { Resource = Context.Resource(r.Name), SchemaUrl = Context.ResourceSchema(r.Name) };
            foreach (var s in r.Scopes)
            {
                var ss = new ScopeSpans { Scope = Context.Scope(s.Name), SchemaUrl = Context.ScopeSchema(s.Name) };
                for (int i = 0; i < s.Items; i++)
                {
                    // Derived from the label only, so Build(a ++ b) equals the concatenation of Build(a) and Build(b).
                    int seed = StableSeed($"{r.Name}/{s.Name}/{i}");
                    ss.Spans.Add(new Span
                    {
                        Name = $"{r.Name}/{s.Name}/{i}",
                        TraceId = Context.Id(16, seed),
                        SpanId = Context.Id(8, seed),
                        Kind = Span.Types.SpanKind.Server,
                        StartTimeUnixNano = 1_700_000_000_000_000_000UL + (ulong)seed,
                        EndTimeUnixNano = 1_700_000_001_000_000_000UL + (ulong)seed,
                        Attributes = { Context.Kv("index", i) },
                    });
                }

                rs.ScopeSpans.Add(ss);
            }

            request.ResourceSpans.Add(rs);
        }

        return request;
    }

    public override IReadOnlyList<ItemOrigin> Flatten(ExportTraceServiceRequest request)
    {
        var result = new List<ItemOrigin>();
        foreach (var rs in request.ResourceSpans)
        {
            foreach (var ss in rs.ScopeSpans)
            {
                foreach (var span in ss.Spans)
                {
                    result.Add(new ItemOrigin(rs.Resource, rs.SchemaUrl, ss.Scope, ss.SchemaUrl, span.Name));
                }
            }
        }

        return result;
    }

    public override int ResourceEntries(ExportTraceServiceRequest request) => request.ResourceSpans.Count;

    private static int StableSeed(string label)
    {
        int seed = 17;
        foreach (char c in label)
        {
            seed = unchecked((seed * 31) + c) & 0x3FFFFFFF;
        }

        return seed % 200;
    }
}

/// <summary>Log records.</summary>
public sealed class LogsCase : SignalCase<ExportLogsServiceRequest>
{
    public static readonly LogsCase Instance = new();

    public override SignalKind<ExportLogsServiceRequest> Kind => LogsKind.Instance;

    public override ExportLogsServiceRequest Build(params ResourceShape[] shape)
    {
        var request = new ExportLogsServiceRequest();
        foreach (var r in shape)
        {
            var rl = new ResourceLogs { Resource = Context.Resource(r.Name), SchemaUrl = Context.ResourceSchema(r.Name) };
            foreach (var s in r.Scopes)
            {
                var sl = new ScopeLogs { Scope = Context.Scope(s.Name), SchemaUrl = Context.ScopeSchema(s.Name) };
                for (int i = 0; i < s.Items; i++)
                {
                    sl.LogRecords.Add(new LogRecord
                    {
                        TimeUnixNano = 1_700_000_000_000_000_000UL + (ulong)i,
                        SeverityNumber = SeverityNumber.Info,
                        SeverityText = "INFO",
                        Body = new MiniCollector.Otlp.Common.AnyValue { StringValue = $"{r.Name}/{s.Name}/{i}" },
                        Attributes = { Context.Kv("index", i) },
                    });
                }

                rl.ScopeLogs.Add(sl);
            }

            request.ResourceLogs.Add(rl);
        }

        return request;
    }

    public override IReadOnlyList<ItemOrigin> Flatten(ExportLogsServiceRequest request)
    {
        var result = new List<ItemOrigin>();
        foreach (var rl in request.ResourceLogs)
        {
            foreach (var sl in rl.ScopeLogs)
            {
                foreach (var record in sl.LogRecords)
                {
                    result.Add(new ItemOrigin(rl.Resource, rl.SchemaUrl, sl.Scope, sl.SchemaUrl, record.Body.StringValue));
                }
            }
        }

        return result;
    }

    public override int ResourceEntries(ExportLogsServiceRequest request) => request.ResourceLogs.Count;
}

/// <summary>The five metric data types.</summary>
public enum MetricType
{
    Gauge,
    Sum,
    Histogram,
    ExponentialHistogram,
    Summary,
}

/// <summary>
/// Data points. A scope of n items holds metrics cycling through all five data types, up to three points each,
/// so every split crosses metric boundaries of every type.
/// </summary>
public sealed class MetricsCase : SignalCase<ExportMetricsServiceRequest>
{
    public static readonly MetricsCase Instance = new();

    public override SignalKind<ExportMetricsServiceRequest> Kind => MetricsKind.Instance;

    public override ExportMetricsServiceRequest Build(params ResourceShape[] shape)
    {
        var request = new ExportMetricsServiceRequest();
        foreach (var r in shape)
        {
            var rm = new ResourceMetrics { Resource = Context.Resource(r.Name), SchemaUrl = Context.ResourceSchema(r.Name) };
            foreach (var s in r.Scopes)
            {
                var sm = new ScopeMetrics { Scope = Context.Scope(s.Name), SchemaUrl = Context.ScopeSchema(s.Name) };
                int remaining = s.Items;
                for (int j = 0; remaining > 0; j++)
                {
                    var type = (MetricType)(j % 5);
                    int points = Math.Min(3, remaining);
                    remaining -= points;
                    sm.Metrics.Add(Metric($"m{j}.{type}", type, points, $"{r.Name}/{s.Name}/m{j}"));
                }

                rm.ScopeMetrics.Add(sm);
            }

            request.ResourceMetrics.Add(rm);
        }

        return request;
    }

    /// <summary>One metric of the given type with <paramref name="points"/> points labelled "<paramref name="label"/>/i".</summary>
    public static OtlpMetric Metric(string name, MetricType type, int points, string label)
    {
        var metric = new OtlpMetric { Name = name, Description = "the " + name, Unit = Unit(type), Metadata = { Context.Kv("meta", name) } };
        switch (type)
        {
            case MetricType.Gauge:
                metric.Gauge = new Gauge();
                for (int i = 0; i < points; i++)
                {
                    metric.Gauge.DataPoints.Add(new NumberDataPoint { AsDouble = i + 0.5, TimeUnixNano = 1000 + (ulong)i, Attributes = { Context.Kv("point", $"{label}/{i}") } });
                }

                break;
            case MetricType.Sum:
                metric.Sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true };
                for (int i = 0; i < points; i++)
                {
                    metric.Sum.DataPoints.Add(new NumberDataPoint { AsInt = i, StartTimeUnixNano = 1, TimeUnixNano = 1000 + (ulong)i, Attributes = { Context.Kv("point", $"{label}/{i}") } });
                }

                break;
            case MetricType.Histogram:
                metric.Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Delta };
                for (int i = 0; i < points; i++)
                {
                    metric.Histogram.DataPoints.Add(new HistogramDataPoint
                    {
                        Count = 3,
                        Sum = 1.5,
                        BucketCounts = { 1, 2, 0 },
                        ExplicitBounds = { 0.1, 1 },
                        TimeUnixNano = 1000 + (ulong)i,
                        Attributes = { Context.Kv("point", $"{label}/{i}") },
                    });
                }

                break;
            case MetricType.ExponentialHistogram:
                metric.ExponentialHistogram = new ExponentialHistogram { AggregationTemporality = AggregationTemporality.Cumulative };
                for (int i = 0; i < points; i++)
                {
                    metric.ExponentialHistogram.DataPoints.Add(new ExponentialHistogramDataPoint
                    {
                        Count = 2,
                        Scale = 1,
                        ZeroCount = 1,
                        Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 1, BucketCounts = { 1 } },
                        TimeUnixNano = 1000 + (ulong)i,
                        Attributes = { Context.Kv("point", $"{label}/{i}") },
                    });
                }

                break;
            case MetricType.Summary:
                metric.Summary = new Summary();
                for (int i = 0; i < points; i++)
                {
                    metric.Summary.DataPoints.Add(new SummaryDataPoint
                    {
                        Count = 4,
                        Sum = 10,
                        QuantileValues = { new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 2 } },
                        TimeUnixNano = 1000 + (ulong)i,
                        Attributes = { Context.Kv("point", $"{label}/{i}") },
                    });
                }

                break;
        }

        return metric;
    }

    public static string Unit(MetricType type) => type switch
    {
        MetricType.Gauge => "Cel",
        MetricType.Sum => "{request}",
        MetricType.Histogram => "ms",
        MetricType.ExponentialHistogram => "s",
        _ => "By",
    };

    /// <summary>The point labels of a metric, whatever its type.</summary>
    public static IReadOnlyList<string> PointLabels(OtlpMetric metric)
    {
        IEnumerable<IEnumerable<MiniCollector.Otlp.Common.KeyValue>> attributes = metric.DataCase switch
        {
            OtlpMetric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(p => (IEnumerable<MiniCollector.Otlp.Common.KeyValue>)p.Attributes),
            OtlpMetric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(p => (IEnumerable<MiniCollector.Otlp.Common.KeyValue>)p.Attributes),
            OtlpMetric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Select(p => (IEnumerable<MiniCollector.Otlp.Common.KeyValue>)p.Attributes),
            OtlpMetric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Select(p => (IEnumerable<MiniCollector.Otlp.Common.KeyValue>)p.Attributes),
            OtlpMetric.DataOneofCase.Summary => metric.Summary.DataPoints.Select(p => (IEnumerable<MiniCollector.Otlp.Common.KeyValue>)p.Attributes),
            _ => [],
        };
        return [.. attributes.Select(a => a.Single(kv => kv.Key == "point").Value.StringValue)];
    }

    /// <summary>The descriptor a data point depends on: name, unit, description, metadata, type, temporality, monotonicity.</summary>
    public static string Descriptor(OtlpMetric metric)
    {
        var temporality = metric.DataCase switch
        {
            OtlpMetric.DataOneofCase.Sum => $"{metric.Sum.AggregationTemporality}/monotonic={metric.Sum.IsMonotonic}",
            OtlpMetric.DataOneofCase.Histogram => metric.Histogram.AggregationTemporality.ToString(),
            OtlpMetric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.AggregationTemporality.ToString(),
            _ => "-",
        };
        return $"{metric.Name}|{metric.Unit}|{metric.Description}|{metric.Metadata}|{metric.DataCase}|{temporality}";
    }

    public override IReadOnlyList<ItemOrigin> Flatten(ExportMetricsServiceRequest request)
    {
        var result = new List<ItemOrigin>();
        foreach (var rm in request.ResourceMetrics)
        {
            foreach (var sm in rm.ScopeMetrics)
            {
                foreach (var metric in sm.Metrics)
                {
                    var descriptor = Descriptor(metric);
                    foreach (var label in PointLabels(metric))
                    {
                        result.Add(new ItemOrigin(rm.Resource, rm.SchemaUrl, sm.Scope, sm.SchemaUrl, descriptor + "|" + label));
                    }
                }
            }
        }

        return result;
    }

    public override int ResourceEntries(ExportMetricsServiceRequest request) => request.ResourceMetrics.Count;
}
