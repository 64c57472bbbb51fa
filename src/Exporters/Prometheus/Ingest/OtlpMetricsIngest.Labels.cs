using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf.Collections;
using MiniCollector.Exporters.Prometheus.Store;
using MiniCollector.Exporters.Prometheus.Translation;
using MiniCollector.Exposition;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Resource;

namespace MiniCollector.Exporters.Prometheus.Ingest;

/// <summary>
/// The ingest's labels: a family's name, HELP and UNIT; a data point's labels (its attributes, the scope's, the
/// resource's and const_labels, translated, merged and sorted by <see cref="LabelSetBuilder"/>) rendered into scratch;
/// and what a resource and a scope contribute, worked out once per distinct one.
/// </summary>
internal sealed partial class OtlpMetricsIngest
{
    private const string TargetInfo = "target_info";

    // Label names are always escaped: the served formats have no way to carry UTF-8 label names.
    private const TranslationStrategy LabelStrategy = TranslationStrategy.UnderscoreEscapingWithSuffixes;

    private static readonly FamilyInfo TargetInfoFamily = new(TargetInfo, MetricType.Gauge, "Target metadata", string.Empty);

    private readonly KeyValuePair<string, string>[] _constLabels = [.. options.ConstLabels.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value))];
    private readonly LabelSetBuilder _builder = new(LabelStrategy);
    private readonly List<KeyValuePair<string, string>> _labels = [];
    private readonly ArrayBufferWriter<byte> _labelText = new(256);
    private readonly List<int> _labelEnds = [];

    private FamilyInfo Family(Metric metric, MetricKind kind, MetricType type) => Family(metric.Name, metric.Unit, metric.Description, kind, type);

    private FamilyInfo Family(string otlpName, string unit, string description, MetricKind kind, MetricType type)
    {
        var name = _names.Get(otlpName, unit, kind);

        // The UTF-8 strategies pick names and suffixes their way, but no format we serve (nor Prometheus 2.x)
        // carries UTF-8 names, so they are underscore-escaped for exposition.
        if (!options.Strategy.EscapesNames())
        {
            name = PrometheusNames.MetricName(name, string.Empty, MetricKind.Gauge, string.Empty, TranslationStrategy.UnderscoreEscapingWithoutSuffixes);
        }

        // OpenMetrics accepts a UNIT only when the name ends with it; UnitMetadata says when that holds.
        return new FamilyInfo(name, type, description, PrometheusNames.UnitMetadata(name, unit, kind));
    }

    // The point's labels, rendered into scratch that the next call overwrites; _labels holds them as pairs meanwhile.
    private SeriesKey Id(RepeatedField<KeyValue> attributes, List<KeyValuePair<string, string>> resourceLabels, List<KeyValuePair<string, string>> scopeLabels)
    {
        _builder.Clear();
        foreach (var attribute in attributes)
        {
            _builder.Add(attribute.Key, PrometheusNames.AnyValueText(attribute.Value));
        }

        foreach (var label in scopeLabels)
        {
            _builder.Add(label.Key, label.Value);
        }

        foreach (var label in resourceLabels)
        {
            _builder.Add(label.Key, label.Value);
        }

        foreach (var label in _constLabels)
        {
            _builder.Add(label.Key, label.Value);
        }

        RenderLabels();
        return new SeriesKey(_labelText.WrittenSpan, CollectionsMarshal.AsSpan(_labelEnds));
    }

    // Builds the labels added to _builder into _labels, and renders each into _labelText, recording where it ends.
    private void RenderLabels()
    {
        _builder.BuildInto(_labels);
        _labelText.ResetWrittenCount();
        _labelEnds.Clear();
        foreach (var (name, value) in _labels)
        {
            RenderedLabels.Write(_labelText, name, value);
            _labelEnds.Add(_labelText.WrittenCount);
        }
    }

    // job = service.namespace/service.name (or service.name); instance = service.instance.id.
    private static (string Job, string Instance) JobAndInstance(RepeatedField<KeyValue> attributes)
    {
        string name = string.Empty, ns = string.Empty, instance = string.Empty;
        foreach (var a in attributes)
        {
            switch (a.Key)
            {
                case "service.name":
                    name = PrometheusNames.AnyValueText(a.Value);
                    break;
                case "service.namespace":
                    ns = PrometheusNames.AnyValueText(a.Value);
                    break;
                case "service.instance.id":
                    instance = PrometheusNames.AnyValueText(a.Value);
                    break;
            }
        }

        return (ns.Length > 0 && name.Length > 0 ? ns + "/" + name : name, instance);
    }

    private List<KeyValuePair<string, string>> ResourceLabels(RepeatedField<KeyValue> attributes, string job, string instance)
    {
        var labels = new List<KeyValuePair<string, string>>();
        if (options.ResourceToTelemetryConversion)
        {
            foreach (var a in attributes)
            {
                if (options.ExcludeServiceAttributes && IsServiceAttribute(a.Key))
                {
                    continue;
                }

                labels.Add(new(a.Key, PrometheusNames.AnyValueText(a.Value)));
            }
        }

        // Empty label values are the same as absent ones to Prometheus, so they are not written.
        if (job.Length > 0)
        {
            labels.Add(new("job", job));
        }

        if (instance.Length > 0)
        {
            labels.Add(new("instance", instance));
        }

        return labels;
    }

    // What a resource gives every series (job, instance, resource_to_telemetry_conversion's labels) and its
    // target_info series, rendered once.
    private ResourceContext NewResourceContext(Resource resource)
    {
        var attributes = resource.Attributes;
        var (job, instance) = JobAndInstance(attributes);
        return new ResourceContext(ResourceLabels(attributes, job, instance), TargetInfoKeyOf(attributes, job, instance));
    }

    private TargetInfoKey? TargetInfoKeyOf(RepeatedField<KeyValue> attributes, string job, string instance)
    {
        _builder.Clear();
        bool any = false;
        foreach (var a in attributes)
        {
            if (!IsServiceAttribute(a.Key))
            {
                _builder.Add(a.Key, PrometheusNames.AnyValueText(a.Value));
                any = true;
            }
        }

        if (!any)
        {
            return null;
        }

        if (job.Length > 0)
        {
            _builder.Add("job", job);
        }

        if (instance.Length > 0)
        {
            _builder.Add("instance", instance);
        }

        foreach (var label in _constLabels)
        {
            _builder.Add(label.Key, label.Value);
        }

        RenderLabels();

        // One target_info per job+instance: its identity is those two labels, its other labels the latest seen.
        var identity = new ArrayBufferWriter<byte>();
        Encoding.UTF8.GetBytes(job, identity);
        identity.Write("\u0001"u8);
        Encoding.UTF8.GetBytes(instance, identity);
        return new TargetInfoKey(identity.WrittenSpan.ToArray(), _labelText.WrittenSpan.ToArray(), [.. _labelEnds]);
    }

    private static List<KeyValuePair<string, string>> ScopeLabels(ScopeMetrics scope)
    {
        var labels = new List<KeyValuePair<string, string>>();
        if (scope.Scope is not { } s)
        {
            return labels;
        }

        if (s.Name.Length > 0)
        {
            labels.Add(new("otel_scope_name", s.Name));
        }

        if (s.Version.Length > 0)
        {
            labels.Add(new("otel_scope_version", s.Version));
        }

        if (scope.SchemaUrl.Length > 0)
        {
            labels.Add(new("otel_scope_schema_url", scope.SchemaUrl));
        }

        foreach (var a in s.Attributes)
        {
            // Attributes that would collide with the three labels above are dropped, as the spec says.
            if (a.Key is "name" or "version" or "schema_url")
            {
                continue;
            }

            labels.Add(new("otel_scope_" + a.Key, PrometheusNames.AnyValueText(a.Value)));
        }

        return labels;
    }

    private static bool IsServiceAttribute(string key) => key is "service.name" or "service.namespace" or "service.instance.id";
}
