using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Extensions.ZPages.Api;

/// <summary>One time series of the captured metrics: a metric of one service with one attribute set, and its points.</summary>
internal sealed class MetricSeries(string id, string service, Metric metric, IReadOnlyList<KeyValue> attributes)
{
    /// <summary>A stable id of the series (hex hash of service, name and attributes).</summary>
    public string Id { get; } = id;

    /// <summary>The resource's service.</summary>
    public string Service { get; } = service;

    /// <summary>The newest metric description seen (name, unit, type, temporality).</summary>
    public Metric Metric { get; set; } = metric;

    /// <summary>The point attributes that identify the series.</summary>
    public IReadOnlyList<KeyValue> Attributes { get; } = attributes;

    /// <summary>Its points in arrival order.</summary>
    public List<MetricPoint> Points { get; } = [];
}
