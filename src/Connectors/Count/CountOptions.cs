using System.Globalization;
using MiniCollector.Connectors.Shared;
using MiniCollector.Otlp.Common;
using MiniCollector.Ottl;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Connectors.Count;

/// <summary>
/// Options of the <c>count</c> connector: the metrics counted for each kind of item. A section not written counts
/// every item under the reference's default metric; a section written (even empty) holds exactly the metrics in it.
/// </summary>
public sealed record CountOptions
{
    /// <summary><c>spans</c>: metrics counting spans (span context).</summary>
    public IReadOnlyList<CountMetricOptions> Spans { get; init; } = [CountDefaults.Spans];

    /// <summary><c>spanevents</c>: metrics counting span events (spanevent context).</summary>
    public IReadOnlyList<CountMetricOptions> SpanEvents { get; init; } = [CountDefaults.SpanEvents];

    /// <summary><c>metrics</c>: metrics counting metrics (metric context; no attributes).</summary>
    public IReadOnlyList<CountMetricOptions> Metrics { get; init; } = [CountDefaults.Metrics];

    /// <summary><c>datapoints</c>: metrics counting data points (datapoint context).</summary>
    public IReadOnlyList<CountMetricOptions> DataPoints { get; init; } = [CountDefaults.DataPoints];

    /// <summary><c>logs</c>: metrics counting log records (log context).</summary>
    public IReadOnlyList<CountMetricOptions> Logs { get; init; } = [CountDefaults.Logs];

    /// <summary>Binds <c>connectors::count</c>, reporting every problem (conditions are compiled here).</summary>
    public static CountOptions Bind(ConfigSection section)
    {
        var options = new CountOptions
        {
            Spans = BindMetrics(section, "spans", OttlContextKind.Span, CountDefaults.Spans, attributes: true),
            SpanEvents = BindMetrics(section, "spanevents", OttlContextKind.SpanEvent, CountDefaults.SpanEvents, attributes: true),
            Metrics = BindMetrics(section, "metrics", OttlContextKind.Metric, CountDefaults.Metrics, attributes: false),
            DataPoints = BindMetrics(section, "datapoints", OttlContextKind.DataPoint, CountDefaults.DataPoints, attributes: true),
            Logs = BindMetrics(section, "logs", OttlContextKind.Log, CountDefaults.Logs, attributes: true),
        };
        section.ReportUnknownKeys();
        return options;
    }

    private static IReadOnlyList<CountMetricOptions> BindMetrics(ConfigSection parent, string key, OttlContextKind context, CountMetricOptions fallback, bool attributes)
    {
        if (!parent.Has(key))
        {
            return [fallback];
        }

        var node = parent.NodeOf(key);
        if (node is null or ConfigScalar { Value: null })
        {
            return [];
        }

        if (node is not ConfigMap map)
        {
            parent.Invalid(key, $"expected a map of metric names to their settings, found {node.Describe()}");
            return [];
        }

        var metrics = new List<CountMetricOptions>(map.Entries.Count);
        foreach (var (name, value) in map.Entries)
        {
            var item = new ConfigSection(value, $"{parent.Path}::{key}::{name}", parent.Errors);
            if (name.Length == 0)
            {
                parent.Invalid(key, $"{key}: metric name missing");
            }

            var description = item.String("description", string.Empty);
            var conditions = OttlConditionBinder.BindList(item, "conditions", context);
            var attributeList = BindAttributes(item, key, name, attributes);
            item.ReportUnknownKeys();
            metrics.Add(new CountMetricOptions(name, description, conditions, attributeList));
        }

        return metrics;
    }

    private static IReadOnlyList<CountAttribute> BindAttributes(ConfigSection item, string sectionKey, string metric, bool allowed)
    {
        var node = item.NodeOf("attributes");
        if (node is null or ConfigScalar { Value: null })
        {
            return [];
        }

        if (node is not ConfigList list)
        {
            item.Invalid("attributes", $"expected a list of {{key, default_value}}, found {node.Describe()}");
            return [];
        }

        if (!allowed)
        {
            if (list.Items.Count > 0)
            {
                item.Invalid("attributes", $"{sectionKey} attributes not supported: metric \"{metric}\" (a metric has no attributes of its own; count data points by attribute under \"datapoints\")");
            }

            return [];
        }

        var result = new List<CountAttribute>(list.Items.Count);
        for (int i = 0; i < list.Items.Count; i++)
        {
            var entry = new ConfigSection(list.Items[i], $"{item.Path}::attributes[{i}]", item.Errors);
            var key = entry.StringOrNull("key");
            var defaultValue = DefaultValue(entry.NodeOf("default_value"));
            entry.ReportUnknownKeys();
            if (string.IsNullOrEmpty(key))
            {
                entry.Invalid($"{sectionKey} attributes: metric \"{metric}\": attribute key missing");
                continue;
            }

            result.Add(new CountAttribute(key, defaultValue));
        }

        return result;
    }

    // As the reference reads default_value: a string, an integer or a float, where the empty string and zero mean none.
    private static AnyValue? DefaultValue(ConfigNode? node)
    {
        if (node is not ConfigScalar { Value: { } text } scalar)
        {
            return null;
        }

        if (!scalar.Quoted && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer == 0 ? null : new AnyValue { IntValue = integer };
        }

        if (!scalar.Quoted && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real == 0 ? null : new AnyValue { DoubleValue = real };
        }

        return text.Length == 0 ? null : new AnyValue { StringValue = text };
    }
}
