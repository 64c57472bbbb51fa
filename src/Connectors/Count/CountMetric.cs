using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Ottl;

namespace MiniCollector.Connectors.Count;

/// <summary>A count metric ready to count: its compiled conditions (null: every item) and its attributes.</summary>
internal sealed class CountMetric
{
    private readonly CountAttribute[] _attributes;

    private CountMetric(string name, string description, OttlConditions? conditions, CountAttribute[] attributes)
    {
        Name = name;
        Description = description;
        Conditions = conditions;
        _attributes = attributes;
    }

    public string Name { get; }

    public string Description { get; }

    /// <summary>The conditions, any of which counts an item; null when none are written.</summary>
    public OttlConditions? Conditions { get; }

    /// <summary>How many attributes the data points carry.</summary>
    public int AttributeCount => _attributes.Length;

    /// <summary>The key of the attribute at <paramref name="index"/>.</summary>
    public string AttributeKey(int index) => _attributes[index].Key;

    /// <summary>
    /// Compiles the options' metrics for <paramref name="context"/>. The options were checked at load, so this does
    /// not fail; conditions run with error mode propagate, as the reference's count connector does.
    /// </summary>
    public static CountMetric[] Compile(IReadOnlyList<CountMetricOptions> metrics, OttlContextKind context)
    {
        var compiled = new CountMetric[metrics.Count];
        for (int i = 0; i < compiled.Length; i++)
        {
            var metric = metrics[i];
            OttlConditions? conditions = null;
            if (metric.Conditions.Count > 0)
            {
                var errors = new List<OttlError>();
                conditions = OttlParser.ParseConditions(metric.Conditions, context, errors, OttlErrorMode.Propagate)
                    ?? throw new InvalidOperationException($"count metric \"{metric.Name}\": {string.Join("; ", errors)}");
            }

            compiled[i] = new CountMetric(metric.Name, metric.Description, conditions, [.. metric.Attributes]);
        }

        return compiled;
    }

    /// <summary>
    /// Fills <paramref name="values"/> with the item's value of each attribute, looked up in the item's attributes,
    /// then its scope's, then its resource's, then the default; false when one has no value (the item is not counted).
    /// Values keep their type when integer or double and are text otherwise, as the reference writes them.
    /// </summary>
    public bool TryReadAttributes(Span<AnyValue?> values, RepeatedField<KeyValue>? item, RepeatedField<KeyValue>? scope, RepeatedField<KeyValue>? resource)
    {
        for (int i = 0; i < _attributes.Length; i++)
        {
            var attribute = _attributes[i];
            var value = Find(item, attribute.Key) ?? Find(scope, attribute.Key) ?? Find(resource, attribute.Key) ?? attribute.DefaultValue;
            if (value is null)
            {
                return false;
            }

            values[i] = Normalize(value);
        }

        return true;
    }

    private static AnyValue? Find(RepeatedField<KeyValue>? attributes, string key)
    {
        if (attributes is null)
        {
            return null;
        }

        for (int i = 0; i < attributes.Count; i++)
        {
            if (attributes[i].Key == key)
            {
                return attributes[i].Value ?? new AnyValue();
            }
        }

        return null;
    }

    private static AnyValue Normalize(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue or AnyValue.ValueOneofCase.IntValue or AnyValue.ValueOneofCase.DoubleValue => value,
        _ => new AnyValue { StringValue = CountValueText.Of(value) },
    };
}
