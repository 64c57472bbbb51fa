using System.Globalization;

namespace MiniCollector.Benchmarks.Load.Report;

/// <summary>Number formatting for the report: invariant culture, and "n/a" for values that were not measured.</summary>
public static class Numbers
{
    /// <summary>A value with the given format, or n/a when NaN or infinite.</summary>
    public static string Format(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    /// <summary>Bytes as MiB with one decimal.</summary>
    public static string MiB(long bytes) => bytes > 0 ? (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>A count with thousands separators.</summary>
    public static string Count(double value) => Format(value, "#,0");
}
