namespace MiniCollector.Pipeline.Service;

/// <summary>The outcome of the latest config reload and how many were tried, as the zpages service view shows it.</summary>
/// <param name="Count">Reloads tried since start (successful or not).</param>
/// <param name="Failures">Of those, how many left (part of) the old config running.</param>
/// <param name="Succeeded">Whether the latest one succeeded.</param>
/// <param name="At">When the latest one finished.</param>
/// <param name="Summary">One line: what was kept, started, stopped, or why the new config was refused.</param>
public sealed record ReloadStatus(long Count, long Failures, bool Succeeded, DateTimeOffset At, string Summary);
