using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Ottl;

/// <summary>A metric with its scope and resource, for the <c>metric</c> context.</summary>
public readonly struct MetricContext(OtlpResource? resource, InstrumentationScope? scope, Metric metric)
{
    /// <summary>The resource.</summary>
    public OtlpResource? Resource { get; } = resource;

    /// <summary>The instrumentation scope.</summary>
    public InstrumentationScope? Scope { get; } = scope;

    /// <summary>The metric.</summary>
    public Metric Metric { get; } = metric;

    internal EvalContext ToEval() => new() { Resource = Resource, Scope = Scope, Metric = Metric };
}
