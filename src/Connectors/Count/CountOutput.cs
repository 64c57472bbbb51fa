using Google.Protobuf.Collections;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Connectors.Count;

/// <summary>Builds the count request as the reference does: per counted resource, its attributes and one scope with the counts.</summary>
internal static class CountOutput
{
    /// <summary>Adds the resource's counts (nothing when the tallies counted nothing: no empty resource is sent).</summary>
    public static void Append(ExportMetricsServiceRequest output, OtlpResource? resource, ulong now, CountTally first, CountTally? second = null)
    {
        if (!first.HasCounts && second is not { HasCounts: true })
        {
            return;
        }

        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = CountDefaults.ScopeName } };
        first.AppendTo(scope.Metrics, now);
        second?.AppendTo(scope.Metrics, now);
        var counted = new ResourceMetrics { Resource = new OtlpResource() };
        if (resource is not null)
        {
            // A copy: the count request goes its own way while other pipelines may still read the counted one.
            counted.Resource.Attributes.Add(resource.Attributes.Clone());
        }

        counted.ScopeMetrics.Add(scope);
        output.ResourceMetrics.Add(counted);
    }

    /// <summary>The attributes of a resource or scope, null when it has none.</summary>
    public static RepeatedField<KeyValue>? AttributesOf(OtlpResource? resource) => resource?.Attributes;

    /// <inheritdoc cref="AttributesOf(OtlpResource?)"/>
    public static RepeatedField<KeyValue>? AttributesOf(InstrumentationScope? scope) => scope?.Attributes;
}
