using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Processors.Attributes;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// The attributes processor on one received 100-span request (the standard traces payload, 10 string attributes per
/// span), from the received bytes to the bytes an exporter sends: decode, match, act and, when something changed,
/// encode again. Divide by 100 for the cost per span.
/// </summary>
/// <remarks>
/// <c>ReceivedBytesOnly</c> is the pipeline without the processor (the bytes go on as received). <c>NoMatch</c> is
/// the processor when its actions find nothing (a delete of an absent key): the decode is paid, the re-encode is not.
/// </remarks>
[MemoryDiagnoser]
public class AttributesProcessorBenchmarks
{
    private readonly Sink _sink = new();
    private IConsumer _noMatch = null!;
    private IConsumer _upsertDelete = null!;
    private IConsumer _upsertDeletePattern = null!;
    private IConsumer _includeRegexp = null!;

    [GlobalSetup]
    public void Setup()
    {
        _noMatch = Build("actions: [{key: absent, action: delete}]");
        _upsertDelete = Build("actions: [{key: env, value: prod, action: upsert}, {key: app.key.3, action: delete}]");
        _upsertDeletePattern = Build("actions: [{key: env, value: prod, action: upsert}, {pattern: '^app\\.key\\.[0-4]$', action: delete}]");
        _includeRegexp = Build("include: {match_type: regexp, span_names: ['^GET /api/']}\nactions: [{key: env, value: prod, action: upsert}, {key: app.key.3, action: delete}]");
    }

    /// <summary>No processor: what the pipeline costs when nothing needs the model.</summary>
    [Benchmark(Baseline = true)]
    public int ReceivedBytesOnly() => Run(_sink);

    /// <summary>The processor's actions find nothing: decoded, scanned, passed on with its received bytes.</summary>
    [Benchmark]
    public int NoMatch() => Run(_noMatch);

    /// <summary>An upsert and a delete on every span, then the request encoded again.</summary>
    [Benchmark]
    public int UpsertDelete() => Run(_upsertDelete);

    /// <summary>An upsert and a delete by key pattern (5 of the 10 keys) on every span.</summary>
    [Benchmark]
    public int UpsertDeletePattern() => Run(_upsertDeletePattern);

    /// <summary>An upsert and a delete on the spans an include regexp on the span name selects (all of them).</summary>
    [Benchmark]
    public int UpsertDeleteWithRegexpInclude() => Run(_includeRegexp);

    private int Run(IConsumer consumer)
    {
        var request = TelemetryRequest<ExportTraceServiceRequest>.FromBytes(TracesKind.Instance, OtlpPayloads.TraceBytes, itemCount: OtlpPayloads.SpansPerRequest);
        consumer.ConsumeAsync(request, CancellationToken.None).GetAwaiter().GetResult();
        return _sink.LastLength;
    }

    private IConsumer Build(string yaml)
    {
        var errors = new ConfigErrors();
        var node = YamlConfigReader.Read(yaml, "benchmark.yaml", EnvExpander.Process, errors);
        var factory = new AttributesProcessorFactory();
        var options = factory.BindOptions(new ConfigSection(node, "processors::attributes", errors), "attributes");
        if (!errors.IsEmpty)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors.Items));
        }

        var context = new ComponentContext(new ComponentId("attributes", string.Empty), ComponentKind.Processor, NullLoggerFactory.Instance);
        return factory.Create(context, options, Signal.Traces, _sink);
    }

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
