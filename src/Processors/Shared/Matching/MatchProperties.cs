using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using MiniCollector.Processors.Shared.Attributes;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Processors.Shared.Matching;

/// <summary>
/// One <c>include</c> or <c>exclude</c> block, compiled: every property written must match for an item to match
/// (a property not written matches everything). Which properties apply depends on the signal; see
/// <see cref="MatchPropertiesBinder"/> for the rules.
/// </summary>
internal sealed class MatchProperties
{
    /// <summary>The key the reference reads the service name from; a resource without it has this name.</summary>
    private const string ServiceNameKey = "service.name";
    private const string NoServiceName = "<nil-service-name>";

    public StringMatcher? Services { get; init; }

    public StringMatcher? SpanNames { get; init; }

    public StringMatcher? SpanKinds { get; init; }

    public StringMatcher? LogBodies { get; init; }

    public StringMatcher? LogSeverityTexts { get; init; }

    public SeverityNumberMatcher? LogSeverityNumber { get; init; }

    public StringMatcher? MetricNames { get; init; }

    public AttributeMatcher? Attributes { get; init; }

    public AttributeMatcher? Resources { get; init; }

    public IReadOnlyList<LibraryMatcher> Libraries { get; init; } = [];

    /// <summary>True when the span matches every property written.</summary>
    public bool MatchesSpan(OtlpResource? resource, InstrumentationScope? scope, Span span)
    {
        if (Services is not null && !Services.Matches(ServiceName(resource)))
        {
            return false;
        }

        if (SpanNames is not null && !SpanNames.Matches(span.Name))
        {
            return false;
        }

        if (SpanKinds is not null && !SpanKinds.Matches(SpanKindText(span.Kind)))
        {
            return false;
        }

        return MatchesCommon(resource, scope, span.Attributes);
    }

    /// <summary>True when the log record matches every property written.</summary>
    public bool MatchesLog(OtlpResource? resource, InstrumentationScope? scope, LogRecord record)
    {
        if (LogBodies is not null && !LogBodies.Matches(ValueText.Of(record.Body)))
        {
            return false;
        }

        if (LogSeverityTexts is not null && !LogSeverityTexts.Matches(record.SeverityText))
        {
            return false;
        }

        if (LogSeverityNumber is not null && !LogSeverityNumber.Matches(record))
        {
            return false;
        }

        return MatchesCommon(resource, scope, record.Attributes);
    }

    /// <summary>True when the metric matches its name and resource properties (the only ones that apply to metrics).</summary>
    public bool MatchesMetric(OtlpResource? resource, Metric metric)
    {
        if (MetricNames is not null && !MetricNames.Matches(metric.Name))
        {
            return false;
        }

        return Resources is null || Resources.Matches(resource?.Attributes);
    }

    /// <summary>The reference's text of a span kind (<c>SPAN_KIND_SERVER</c>), as <c>span_kinds</c> lists it.</summary>
    public static string SpanKindText(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Internal => "SPAN_KIND_INTERNAL",
        Span.Types.SpanKind.Server => "SPAN_KIND_SERVER",
        Span.Types.SpanKind.Client => "SPAN_KIND_CLIENT",
        Span.Types.SpanKind.Producer => "SPAN_KIND_PRODUCER",
        Span.Types.SpanKind.Consumer => "SPAN_KIND_CONSUMER",
        _ => "SPAN_KIND_UNSPECIFIED",
    };

    private static string ServiceName(OtlpResource? resource)
        => resource is not null && AttributeList.Get(resource.Attributes, ServiceNameKey) is { } name ? ValueText.Of(name) : NoServiceName;

    // Every library entry must match (the reference checks them all, although its README says "at least one").
    private bool MatchesCommon(OtlpResource? resource, InstrumentationScope? scope, Google.Protobuf.Collections.RepeatedField<KeyValue> attributes)
    {
        foreach (var library in Libraries)
        {
            if (!library.Matches(scope))
            {
                return false;
            }
        }

        if (Resources is not null && !Resources.Matches(resource?.Attributes))
        {
            return false;
        }

        return Attributes is null || Attributes.Matches(attributes);
    }
}
