using MiniCollector.Otlp.Logs;

namespace MiniCollector.Processors.Shared.Matching;

/// <summary>
/// <c>log_severity_number</c>: a record matches at or above <c>min</c>; a record with no severity number matches only
/// when <c>match_undefined</c> is true.
/// </summary>
internal sealed class SeverityNumberMatcher(int min, bool matchUndefined)
{
    /// <summary>The lowest matching severity number.</summary>
    public int Min => min;

    /// <summary>True when the record's severity matches.</summary>
    public bool Matches(LogRecord record)
        => record.SeverityNumber == SeverityNumber.Unspecified ? matchUndefined : (int)record.SeverityNumber >= min;
}
