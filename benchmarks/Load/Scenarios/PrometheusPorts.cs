using MiniCollector.Benchmarks.Load.Collector;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>The ports of a collector started for the prometheus scenarios.</summary>
/// <param name="Receiver">OTLP gRPC receiver.</param>
/// <param name="Prometheus">The prometheus exporter's scrape endpoint.</param>
/// <param name="Service">Health check and self-telemetry.</param>
public sealed record PrometheusPorts(int Receiver, int Prometheus, ServicePorts Service);
