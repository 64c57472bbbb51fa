using MiniCollector.Ottl;
using MiniCollector.Otlp.Collector.Logs;

namespace MiniCollector.Processors.Transform;

/// <summary>Runs each group of statements over every item of its context in a logs request, group after group.</summary>
internal static class LogTransform
{
    public static bool Apply(ExportLogsServiceRequest request, OttlStatements[] groups)
    {
        bool changed = false;
        foreach (var group in groups)
        {
            foreach (var resourceLogs in request.ResourceLogs)
            {
                var resource = Levels.Resource(resourceLogs.Resource);
                if (group.Context == OttlContextKind.Resource)
                {
                    changed |= group.Execute(new ResourceContext(resource));
                }
                else
                {
                    foreach (var scopeLogs in resourceLogs.ScopeLogs)
                    {
                        var scope = Levels.Scope(scopeLogs.Scope);
                        if (group.Context == OttlContextKind.Scope)
                        {
                            changed |= group.Execute(new ScopeContext(resource, scope));
                        }
                        else
                        {
                            foreach (var record in scopeLogs.LogRecords)
                            {
                                changed |= group.Execute(new LogContext(resource, scope, record));
                            }
                        }

                        scopeLogs.Scope = Levels.Keep(scopeLogs.Scope, scope);
                    }
                }

                resourceLogs.Resource = Levels.Keep(resourceLogs.Resource, resource);
            }
        }

        return changed;
    }
}
