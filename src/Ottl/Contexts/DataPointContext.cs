using Google.Protobuf;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Ottl;

/// <summary>
/// A data point with its metric, scope and resource, for the <c>datapoint</c> context. The point is a
/// <c>NumberDataPoint</c>, <c>HistogramDataPoint</c>, <c>ExponentialHistogramDataPoint</c> or <c>SummaryDataPoint</c>
/// (the OTLP point types share no base type).
/// </summary>
public readonly struct DataPointContext(OtlpResource? resource, InstrumentationScope? scope, Metric metric, IMessage dataPoint)
{
    /// <summary>The resource.</summary>
    public OtlpResource? Resource { get; } = resource;

    /// <summary>The instrumentation scope.</summary>
    public InstrumentationScope? Scope { get; } = scope;

    /// <summary>The metric the point belongs to.</summary>
    public Metric Metric { get; } = metric;

    /// <summary>The data point.</summary>
    public IMessage DataPoint { get; } = dataPoint;

    internal EvalContext ToEval() => new() { Resource = Resource, Scope = Scope, Metric = Metric, DataPoint = DataPoint };
}
