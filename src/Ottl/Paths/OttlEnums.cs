namespace MiniCollector.Ottl;

/// <summary>The enum symbols each context accepts (uppercase identifiers read as int64 at parse time).</summary>
internal static class OttlEnums
{
    private static readonly Dictionary<string, long> Span = new(StringComparer.Ordinal)
    {
        ["SPAN_KIND_UNSPECIFIED"] = 0,
        ["SPAN_KIND_INTERNAL"] = 1,
        ["SPAN_KIND_SERVER"] = 2,
        ["SPAN_KIND_CLIENT"] = 3,
        ["SPAN_KIND_PRODUCER"] = 4,
        ["SPAN_KIND_CONSUMER"] = 5,
        ["STATUS_CODE_UNSET"] = 0,
        ["STATUS_CODE_OK"] = 1,
        ["STATUS_CODE_ERROR"] = 2,
    };

    private static readonly Dictionary<string, long> Metric = new(StringComparer.Ordinal)
    {
        ["METRIC_DATA_TYPE_NONE"] = 0,
        ["METRIC_DATA_TYPE_GAUGE"] = 1,
        ["METRIC_DATA_TYPE_SUM"] = 2,
        ["METRIC_DATA_TYPE_HISTOGRAM"] = 3,
        ["METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM"] = 4,
        ["METRIC_DATA_TYPE_SUMMARY"] = 5,
        ["AGGREGATION_TEMPORALITY_UNSPECIFIED"] = 0,
        ["AGGREGATION_TEMPORALITY_DELTA"] = 1,
        ["AGGREGATION_TEMPORALITY_CUMULATIVE"] = 2,
        ["FLAG_NONE"] = 0,
        ["FLAG_NO_RECORDED_VALUE"] = 1,
    };

    private static readonly Dictionary<string, long> Log = Severities();

    private static readonly Dictionary<string, long> None = new(StringComparer.Ordinal);

    /// <summary>The enums of a context.</summary>
    public static Dictionary<string, long> For(OttlContextKind context) => context switch
    {
        OttlContextKind.Span or OttlContextKind.SpanEvent => Span,
        OttlContextKind.Metric or OttlContextKind.DataPoint => Metric,
        OttlContextKind.Log => Log,
        _ => None,
    };

    private static Dictionary<string, long> Severities()
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal) { ["SEVERITY_NUMBER_UNSPECIFIED"] = 0 };
        string[] levels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];
        for (int i = 0; i < levels.Length; i++)
        {
            result["SEVERITY_NUMBER_" + levels[i]] = (i * 4) + 1;
            for (int n = 2; n <= 4; n++)
            {
                result[$"SEVERITY_NUMBER_{levels[i]}{n}"] = (i * 4) + n;
            }
        }

        return result;
    }
}
