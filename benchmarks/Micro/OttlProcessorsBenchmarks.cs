using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Ottl;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Processors.Filter;
using MiniCollector.Processors.Transform;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// The filter and transform processors on one received 100-span request (the standard traces payload), from the
/// received bytes to the bytes an exporter sends; and the OTTL evaluation alone on the 100 decoded spans. Divide by
/// 100 for the cost per span.
/// </summary>
/// <remarks>
/// <c>FilterNoMatch</c>: one condition that matches no span (decode, evaluate, the received bytes go on).
/// <c>FilterDropsHalf</c>: one condition on the span id's first byte drops about half (decode, evaluate, re-encode).
/// <c>TransformSet</c>: <c>set(span.attributes["env"], "prod")</c> on every span (decode, set, re-encode).
/// <c>ConditionOnly</c> / <c>SetOnly</c>: the compiled condition / statement on each decoded span, nothing else.
/// </remarks>
[MemoryDiagnoser]
public class OttlProcessorsBenchmarks
{
    private readonly Sink _sink = new();
    private IConsumer _filterNoMatch = null!;
    private IConsumer _filterHalf = null!;
    private IConsumer _transformSet = null!;
    private OttlConditions _condition = null!;
    private OttlStatements _set = null!;
    private ExportTraceServiceRequest _decoded = null!;

    [GlobalSetup]
    public void Setup()
    {
        _filterNoMatch = Build(new FilterProcessorFactory(), "processors::filter", "traces: {span: ['attributes[\"http.route\"] == \"/health\"']}");
        _filterHalf = Build(new FilterProcessorFactory(), "processors::filter", "traces: {span: ['span_id.string < \"80\"']}");
        _transformSet = Build(new TransformProcessorFactory(), "processors::transform", "trace_statements: ['set(span.attributes[\"env\"], \"prod\")']");
        var errors = new List<OttlError>();
        _condition = OttlParser.ParseConditions(["attributes[\"http.route\"] == \"/health\""], OttlContextKind.Span, errors)!;
        _set = OttlParser.ParseStatements(["set(span.attributes[\"env\"], \"prod\")"], OttlContextKind.Span, errors)!;
        _decoded = ExportTraceServiceRequest.Parser.ParseFrom(OtlpPayloads.TraceBytes);
    }

    /// <summary>No processor: what the pipeline costs when nothing needs the model.</summary>
    [Benchmark(Baseline = true)]
    public int ReceivedBytesOnly() => Run(_sink);

    [Benchmark]
    public int FilterNoMatch() => Run(_filterNoMatch);

    [Benchmark]
    public int FilterDropsHalf() => Run(_filterHalf);

    [Benchmark]
    public int TransformSet() => Run(_transformSet);

    /// <summary>The compiled condition on each of the 100 decoded spans.</summary>
    [Benchmark]
    public int ConditionOnly()
    {
        int matched = 0;
        foreach (var rs in _decoded.ResourceSpans)
        {
            foreach (var ss in rs.ScopeSpans)
            {
                foreach (var span in ss.Spans)
                {
                    matched += _condition.Matches(new SpanContext(rs.Resource, ss.Scope, span)) ? 1 : 0;
                }
            }
        }

        return matched;
    }

    /// <summary>The compiled set statement on each of the 100 decoded spans (after the first run it finds the value there).</summary>
    [Benchmark]
    public int SetOnly()
    {
        int changed = 0;
        foreach (var rs in _decoded.ResourceSpans)
        {
            foreach (var ss in rs.ScopeSpans)
            {
                foreach (var span in ss.Spans)
                {
                    changed += _set.Execute(new SpanContext(rs.Resource, ss.Scope, span)) ? 1 : 0;
                }
            }
        }

        return changed;
    }

    private int Run(IConsumer consumer)
    {
        var request = TelemetryRequest<ExportTraceServiceRequest>.FromBytes(TracesKind.Instance, OtlpPayloads.TraceBytes, itemCount: OtlpPayloads.SpansPerRequest);
        consumer.ConsumeAsync(request, CancellationToken.None).GetAwaiter().GetResult();
        return _sink.LastLength;
    }

    private IConsumer Build(ProcessorFactory factory, string path, string yaml)
    {
        var errors = new ConfigErrors();
        var node = YamlConfigReader.Read(yaml, "benchmark.yaml", EnvExpander.Process, errors);
        var options = factory.BindOptions(new ConfigSection(node, path, errors), factory.Type);
        if (!errors.IsEmpty)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, errors.Items));
        }

        var context = new ComponentContext(new ComponentId(factory.Type, string.Empty), ComponentKind.Processor, NullLoggerFactory.Instance);
        return factory.Create(context, options, Signal.Traces, _sink);
    }

    private sealed class Sink : IConsumer
    {
        public int LastLength { get; private set; }

        public bool MutatesData => false;

        public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
        {
            LastLength = request.ByteLength;
            return ValueTask.FromResult(ConsumeResult.Success);
        }
    }
}
