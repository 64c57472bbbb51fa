using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Connectors.Count;
using MiniCollector.Connectors.Routing;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// The count and routing connectors on one received 100-span request (the standard traces payload), from the received
/// bytes to the bytes an exporter would send. Divide by 100 for the cost per span.
/// </summary>
/// <remarks>
/// <c>ReceivedBytesOnly</c> hands the request straight to the sink. <c>CountOneCondition</c> counts the spans matching
/// one OTTL condition into a one-point Sum and encodes that. <c>RoutingResourceAttribute</c> routes on the resource's
/// service.name: the request is decoded to read it and, going all one way, passed on with its received bytes.
/// <c>RoutingResourceSplit</c> is the same table on a request of two resources of 50 spans going two ways: each part is
/// built and encoded.
/// </remarks>
[MemoryDiagnoser]
public class ConnectorBenchmarks
{
    private readonly Sink _sink = new();
    private readonly Sink _other = new();
    private IConsumer _count = null!;
    private IConsumer _routing = null!;
    private byte[] _twoResources = null!;
    private byte[] _checkoutOnly = null!;

    [GlobalSetup]
    public void Setup()
    {
        _count = BuildCount("spans: {server.spans: {conditions: ['kind == SPAN_KIND_SERVER']}}\nspanevents: {}");
        _routing = BuildRouting("""
            default_pipelines: [traces/other]
            table:
              - condition: attributes["service.name"] == "checkout"
                pipelines: [traces/checkout]
            """);
        var request = OtlpPayloads.Traces(OtlpPayloads.SpansPerRequest);
        var second = request.ResourceSpans[0].Clone();
        var spans = request.ResourceSpans[0].ScopeSpans[0].Spans;
        second.ScopeSpans[0].Spans.Clear();
        second.ScopeSpans[0].Spans.Add(spans.Skip(spans.Count / 2).ToList());
        while (spans.Count > OtlpPayloads.SpansPerRequest / 2)
        {
            spans.RemoveAt(spans.Count - 1);
        }

        SetService(request.ResourceSpans[0], "checkout");
        SetService(second, "search");
        request.ResourceSpans.Add(second);
        _twoResources = request.ToByteArray();
        _checkoutOnly = CheckoutOnly();
    }

    /// <summary>No connector: the received bytes go to the sink.</summary>
    [Benchmark(Baseline = true)]
    public int ReceivedBytesOnly() => Run(_sink, OtlpPayloads.TraceBytes);

    /// <summary>count with one condition on every span.</summary>
    [Benchmark]
    public int CountOneCondition() => Run(_count, OtlpPayloads.TraceBytes);

    /// <summary>routing on a resource attribute, everything one way.</summary>
    [Benchmark]
    public int RoutingResourceAttribute() => Run(_routing, _checkoutOnly);

    /// <summary>routing on a resource attribute, two resources going two ways.</summary>
    [Benchmark]
    public int RoutingResourceSplit() => Run(_routing, _twoResources);

    private static byte[] CheckoutOnly()
    {
        var request = OtlpPayloads.Traces(OtlpPayloads.SpansPerRequest);
        SetService(request.ResourceSpans[0], "checkout");
        return request.ToByteArray();
    }

    private static void SetService(MiniCollector.Otlp.Trace.ResourceSpans resource, string service)
    {
        var attributes = resource.Resource.Attributes;
        for (int i = attributes.Count - 1; i >= 0; i--)
        {
            if (attributes[i].Key == "service.name")
            {
                attributes.RemoveAt(i);
            }
        }

        attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } });
    }

    private int Run(IConsumer consumer, byte[] bytes)
    {
        var request = TelemetryRequest<ExportTraceServiceRequest>.FromBytes(TracesKind.Instance, bytes, itemCount: OtlpPayloads.SpansPerRequest);
        consumer.ConsumeAsync(request, CancellationToken.None).GetAwaiter().GetResult();
        return _sink.LastLength + _other.LastLength;
    }

    private IConsumer BuildCount(string yaml)
    {
        var factory = new CountConnectorFactory();
        var options = Bind(factory, yaml, "connectors::count", "count");
        var targets = new ConnectorTargets([KeyValuePair.Create("metrics", (IConsumer)_sink)]);
        return factory.Create(Context("count"), options, new SignalPair(Signal.Traces, Signal.Metrics), targets);
    }

    private IConsumer BuildRouting(string yaml)
    {
        var factory = new RoutingConnectorFactory();
        var options = Bind(factory, yaml, "connectors::routing", "routing");
        var targets = new ConnectorTargets([KeyValuePair.Create("traces/checkout", (IConsumer)_sink), KeyValuePair.Create("traces/other", (IConsumer)_other)]);
        return factory.Create(Context("routing"), options, new SignalPair(Signal.Traces, Signal.Traces), targets);
    }

    private static object Bind(ComponentFactory factory, string yaml, string path, string type)
    {
        var errors = new ConfigErrors();
        var node = YamlConfigReader.Read(yaml, "benchmark.yaml", EnvExpander.Process, errors);
        var options = factory.BindOptions(new ConfigSection(node, path, errors), type);
        if (!errors.IsEmpty)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors.Items));
        }

        return options;
    }

    private static ComponentContext Context(string id) => new(new ComponentId(id, string.Empty), ComponentKind.Connector, NullLoggerFactory.Instance);

    // Stands in for an exporter: it takes the bytes it would send.
    private sealed class Sink : IConsumer
    {
        public int LastLength { get; private set; }

        public bool MutatesData => false;

        public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
        {
            LastLength = request.Bytes.Length;
            return ValueTask.FromResult(ConsumeResult.Success);
        }
    }
}
