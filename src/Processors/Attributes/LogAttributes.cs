using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Processors.Attributes;

/// <summary>The attributes processor on logs: the actions run on the attributes of each selected log record.</summary>
internal static class LogAttributes
{
    /// <summary>Applies the options to every log record; true when anything changed.</summary>
    public static bool Apply(ExportLogsServiceRequest request, AttributesOptions options, ClientMetadata metadata)
    {
        bool changed = false;
        bool all = options.Match.SelectsAll;
        foreach (var resource in request.ResourceLogs)
        {
            foreach (var scope in resource.ScopeLogs)
            {
                foreach (var record in scope.LogRecords)
                {
                    if (all || options.Match.SelectsLog(resource.Resource, scope.Scope, record))
                    {
                        changed |= options.Actions.Apply(record.Attributes, metadata);
                    }
                }
            }
        }

        return changed;
    }
}
