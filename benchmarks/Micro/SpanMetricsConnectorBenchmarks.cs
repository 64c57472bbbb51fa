using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Connectors.SpanMetrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// The spanmetrics connector's consume on one 100-span request (the standard traces payload): the cost of counting
/// spans into their calls and duration series. Divide by 100 for the cost per span.
/// </summary>
/// <remarks>
/// The request arrives decoded (another consumer of the pipeline, or the connector itself once, decoded it), so the
/// figures are the connector's own work: resource key, per-span series key, lookups and updates. <c>FromBytes</c>
/// adds the one decode for a pipeline where nothing else needed the model. Every span of the payload falls in one
/// series per metric (one span name, kind, status), as a steady service's spans do; the series exist after the first
/// call, so no run creates series.
/// </remarks>
[MemoryDiagnoser]
public class SpanMetricsConnectorBenchmarks
{
    private readonly ExportTraceServiceRequest _decoded = ExportTraceServiceRequest.Parser.ParseFrom(OtlpPayloads.TraceBytes);
    private IConnector _defaults = null!;
    private IConnector _dimensions = null!;
    private IConnector _exemplars = null!;
    private IConnector _exponential = null!;

    [GlobalSetup]
    public void Setup()
    {
        _defaults = Build(string.Empty);
        _dimensions = Build("dimensions: [{name: http.method, default: GET}, {name: service.instance.id}, {name: telemetry.sdk.language}]");
        _exemplars = Build("exemplars: {enabled: true}");
        _exponential = Build("histogram: {exponential: {max_size: 160}}");
    }

    /// <summary>The defaults: calls and an explicit-bucket duration histogram.</summary>
    [Benchmark(Baseline = true)]
    public void Defaults() => Consume(_defaults, Decoded());

    /// <summary>Three dimensions: one missing with a default, two found on the resource.</summary>
    [Benchmark]
    public void ThreeDimensions() => Consume(_dimensions, Decoded());

    /// <summary>Exemplars on (at most 5 kept per data point per flush).</summary>
    [Benchmark]
    public void Exemplars() => Consume(_exemplars, Decoded());

    /// <summary>An exponential duration histogram.</summary>
    [Benchmark]
    public void Exponential() => Consume(_exponential, Decoded());

    /// <summary>The defaults on a request known only by its bytes: the decode is paid here.</summary>
    [Benchmark]
    public void DefaultsFromBytes() => Consume(_defaults, TelemetryRequest<ExportTraceServiceRequest>.FromBytes(TracesKind.Instance, OtlpPayloads.TraceBytes, itemCount: OtlpPayloads.SpansPerRequest));

    private TelemetryRequest Decoded() => TelemetryRequest<ExportTraceServiceRequest>.FromModel(TracesKind.Instance, _decoded, itemCount: OtlpPayloads.SpansPerRequest);

    private static void Consume(IConnector connector, TelemetryRequest request) => connector.ConsumeAsync(request, CancellationToken.None).GetAwaiter().GetResult();

    private static IConnector Build(string yaml)
    {
        var errors = new ConfigErrors();
        var node = yaml.Length == 0 ? null : YamlConfigReader.Read(yaml, "benchmark.yaml", EnvExpander.Process, errors);
        var factory = new SpanMetricsConnectorFactory();
        var options = factory.BindOptions(new ConfigSection(node, "connectors::spanmetrics", errors), "spanmetrics");
        if (!errors.IsEmpty)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors.Items));
        }

        var context = new ComponentContext(new ComponentId("spanmetrics", string.Empty), ComponentKind.Connector, NullLoggerFactory.Instance);
        // Not started: no flush timer, the series only accumulate.
        return factory.Create(context, options, factory.Pairs[0], new ConnectorTargets([]));
    }
}
