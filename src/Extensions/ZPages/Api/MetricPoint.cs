namespace MiniCollector.Extensions.ZPages.Api;

/// <summary>
/// One point of a series: its time and the number a chart shows (the value of a gauge or sum; the mean of a histogram
/// or summary, with its count and sum).
/// </summary>
internal readonly record struct MetricPoint(ulong TimeUnixNano, double? Value, ulong? Count, double? Sum);
