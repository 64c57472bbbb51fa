namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>A collector's own endpoints: the health_check extension and the self-telemetry metrics.</summary>
public sealed record ServicePorts(int Health, int Telemetry)
{
    /// <summary>The health_check URL.</summary>
    public Uri HealthUri => new($"http://127.0.0.1:{Health}/");

    /// <summary>The self-telemetry scrape URL.</summary>
    public Uri TelemetryUri => new($"http://127.0.0.1:{Telemetry}/metrics");
}
