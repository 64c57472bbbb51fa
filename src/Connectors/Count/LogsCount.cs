using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Ottl;

namespace MiniCollector.Connectors.Count;

/// <summary>Counts the log records of a logs request.</summary>
internal sealed class LogsCount(CountMetric[] logs)
{
    private static readonly CountCondition<LogContext> LogMatches = static (OttlConditions c, in LogContext item) => c.Matches(in item);

    /// <summary>The count request; throws <see cref="OttlRuntimeException"/> when a condition fails on an item.</summary>
    public ExportMetricsServiceRequest Count(ExportLogsServiceRequest request, ulong now)
    {
        var output = new ExportMetricsServiceRequest();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = resourceLogs.Resource;
            var resourceAttributes = CountOutput.AttributesOf(resource);
            var tally = new CountTally(logs);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var scope = scopeLogs.Scope;
                var scopeAttributes = CountOutput.AttributesOf(scope);
                foreach (var record in scopeLogs.LogRecords)
                {
                    // The record's own time, as the reference takes it (not the observed time).
                    tally.Observe(record.TimeUnixNano);
                    tally.Count(new LogContext(resource, scope, record), record.Attributes, scopeAttributes, resourceAttributes, LogMatches);
                }
            }

            CountOutput.Append(output, resource, now, tally);
        }

        return output;
    }
}
