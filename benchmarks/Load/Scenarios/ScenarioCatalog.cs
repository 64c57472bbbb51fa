namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>Every scenario, in the order a default run goes through them.</summary>
public static class ScenarioCatalog
{
    /// <summary>All scenarios.</summary>
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new TraceLoadScenario("grpc-batch-nop", "grpc", null, IsDefault: true),
        new TraceLoadScenario("http-batch-nop", "http", null, IsDefault: true),
        new TraceLoadScenario("grpc-batch-otlp", "grpc", "gzip", IsDefault: true),
        new TraceLoadScenario("grpc-batch-otlp-raw", "grpc", "none", IsDefault: false),
        new MetricsPrometheusScenario(),
        new Scrape100kScenario(),
        new IdleScenario(),
    ];

    /// <summary>The scenarios named (in the order named), or the default ones; null with an error for an unknown name.</summary>
    public static IReadOnlyList<IScenario>? Select(IReadOnlyList<string>? names, out string? error)
    {
        error = null;
        if (names is null)
        {
            return All.Where(s => s.IsDefault).ToArray();
        }

        var selected = new List<IScenario>();
        foreach (var name in names)
        {
            var scenario = All.FirstOrDefault(s => s.Name == name);
            if (scenario is null)
            {
                error = $"unknown scenario \"{name}\" (valid: {string.Join(", ", All.Select(s => s.Name))})";
                return null;
            }

            selected.Add(scenario);
        }

        return selected;
    }
}
