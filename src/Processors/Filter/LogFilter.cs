using MiniCollector.Ottl;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Processors.Filter;

/// <summary>Drops log records any condition matches; scopes and resources left without records are removed.</summary>
internal sealed class LogFilter(OttlConditions? records) : IRequestFilter
{
    public (long Dropped, bool Changed) Apply(TelemetryRequest request)
    {
        var model = (ExportLogsServiceRequest)request.Model;
        long dropped = 0;
        bool changed = false;
        for (int r = model.ResourceLogs.Count - 1; r >= 0; r--)
        {
            var resourceLogs = model.ResourceLogs[r];
            for (int s = resourceLogs.ScopeLogs.Count - 1; s >= 0; s--)
            {
                var scopeLogs = resourceLogs.ScopeLogs[s];
                var list = scopeLogs.LogRecords;
                for (int i = list.Count - 1; i >= 0 && records is not null; i--)
                {
                    if (records.Matches(new LogContext(resourceLogs.Resource, scopeLogs.Scope, list[i])))
                    {
                        list.RemoveAt(i);
                        dropped++;
                        changed = true;
                    }
                }

                if (list.Count == 0)
                {
                    resourceLogs.ScopeLogs.RemoveAt(s);
                    changed = true;
                }
            }

            if (resourceLogs.ScopeLogs.Count == 0)
            {
                model.ResourceLogs.RemoveAt(r);
                changed = true;
            }
        }

        return (dropped, changed);
    }

    public bool IsEmpty(TelemetryRequest request) => ((ExportLogsServiceRequest)request.Model).ResourceLogs.Count == 0;
}
