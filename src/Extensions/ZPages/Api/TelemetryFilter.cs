using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace MiniCollector.Extensions.ZPages.Api;

/// <summary>
/// The filters every list takes from the query string: <c>service</c> (exact), <c>trace_id</c> (hex prefix),
/// <c>name</c> (span or metric name, substring), <c>severity</c> (least severity: a number 1-24 or trace, debug, info,
/// warn, error, fatal), <c>attr</c> (substring of any attribute's key or value, or of a log's body) and <c>limit</c>.
/// Text matches ignore case.
/// </summary>
internal sealed record TelemetryFilter(string? Service, string? TraceId, string? Name, int MinSeverity, string? Attribute, int Limit)
{
    /// <summary>Rows a list returns when no limit is asked for.</summary>
    public const int DefaultLimit = 200;

    /// <summary>The most rows a list returns.</summary>
    public const int MaxLimit = 5000;

    private static readonly (string Name, int Number)[] SeverityNames =
        [("trace", 1), ("debug", 5), ("info", 9), ("warn", 13), ("error", 17), ("fatal", 21)];

    /// <summary>Reads the filters; unknown or malformed values are reported in <paramref name="error"/>.</summary>
    public static TelemetryFilter Parse(IQueryCollection query, out string? error)
    {
        error = null;
        int limit = DefaultLimit;
        if (Text(query, "limit") is { } limitText)
        {
            if (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit)
            {
                error = $"limit must be a number from 1 to {MaxLimit}";
                limit = DefaultLimit;
            }
        }

        int severity = 0;
        if (Text(query, "severity") is { } severityText && !TryParseSeverity(severityText, out severity))
        {
            error = "severity must be a number from 1 to 24 or one of trace, debug, info, warn, error, fatal";
        }

        return new TelemetryFilter(Text(query, "service"), Text(query, "trace_id")?.ToLowerInvariant(), Text(query, "name"), severity, Text(query, "attr"), limit);
    }

    /// <summary>True when the service passes the filter.</summary>
    public bool MatchesService(string service) => Service is null || string.Equals(Service, service, StringComparison.Ordinal);

    /// <summary>True when the hex id passes the trace id filter.</summary>
    public bool MatchesTraceId(string traceIdHex) => TraceId is null || traceIdHex.StartsWith(TraceId, StringComparison.Ordinal);

    /// <summary>True when the name passes the name filter.</summary>
    public bool MatchesName(string name) => Name is null || name.Contains(Name, StringComparison.OrdinalIgnoreCase);

    private static string? Text(IQueryCollection query, string key)
    {
        var value = query[key].ToString().Trim();
        return value.Length == 0 ? null : value;
    }

    private static bool TryParseSeverity(string text, out int number)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return number is >= 1 and <= 24;
        }

        foreach (var (name, value) in SeverityNames)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                number = value;
                return true;
            }
        }

        return false;
    }
}
