using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Tests.TestSupport;

/// <summary>Options every test component binds: a couple of keys, with unknown keys reported.</summary>
public sealed record TestOptions(string Endpoint, bool Mutates, bool FailStart)
{
    public static TestOptions Bind(ConfigSection section)
    {
        var options = new TestOptions(
            section.String("endpoint", "localhost:0"),
            section.Bool("mutates", false),
            section.Bool("fail_start", false));
        section.ReportUnknownKeys();
        return options;
    }
}

/// <summary>Base of the test components: records start and stop in the shared log.</summary>
public abstract class TestComponent(ComponentContext context, TestOptions options, LifecycleLog log) : IComponent
{
    public ComponentContext Context { get; } = context;

    public TestOptions Options { get; } = options;

    /// <summary>"kind/id", as logged.</summary>
    public string Name => $"{Context.Kind.Singular()}/{Context.Id}";

    public virtual Task StartAsync(CancellationToken cancellationToken)
    {
        if (Options.FailStart)
        {
            throw new ComponentStartException($"{Name} cannot start");
        }

        log.Add("start " + Name);
        return Task.CompletedTask;
    }

    public virtual Task ShutdownAsync(CancellationToken cancellationToken)
    {
        log.Add("stop " + Name);
        return Task.CompletedTask;
    }

    /// <summary>Records another event of this component ("consume exporter/testexp").</summary>
    protected void Record(string verb) => log.Add(verb + " " + Name);
}

/// <summary>Marks data as changed, the way a mutating component would: every span name / log body gets a suffix.</summary>
public static class Mutation
{
    public const string Suffix = "+mutated";

    public static void Apply(TelemetryRequest request)
    {
        switch (request.Model)
        {
            case ExportTraceServiceRequest traces:
                foreach (var span in traces.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
                {
                    span.Name += Suffix;
                }

                break;
            case ExportLogsServiceRequest logs:
                foreach (var record in logs.ResourceLogs.SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords))
                {
                    record.Body.StringValue += Suffix;
                }

                break;
        }
    }
}

/// <summary>A receiver; tests push data through <see cref="Consumers"/>.</summary>
public sealed class TestReceiver(ComponentContext context, TestOptions options, LifecycleLog log, SignalConsumers consumers)
    : TestComponent(context, options, log)
{
    public SignalConsumers Consumers { get; } = consumers;
}

/// <summary>A pass-through processor; with <c>mutates: true</c> it declares and performs a mutation.</summary>
public sealed class TestProcessor(ComponentContext context, TestOptions options, LifecycleLog log, Signal signal, IConsumer next)
    : TestComponent(context, options, log), IProcessor
{
    public Signal Signal { get; } = signal;

    public IConsumer Next { get; } = next;

    public bool MutatesData => Options.Mutates;

    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        if (MutatesData)
        {
            Mutation.Apply(request);
        }

        return Next.ConsumeAsync(request, cancellationToken);
    }
}

/// <summary>An exporter recording what it receives; with <c>mutates: true</c> it declares and performs a mutation.</summary>
public sealed class TestExporter(ComponentContext context, TestOptions options, LifecycleLog log)
    : TestComponent(context, options, log), IExporter
{
    public RecordingConsumer Recorder { get; } = new() { MutatesData = options.Mutates };

    public bool MutatesData => Options.Mutates;

    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        Record("consume");
        if (MutatesData)
        {
            Mutation.Apply(request);
        }

        return Recorder.ConsumeAsync(request, cancellationToken);
    }
}

/// <summary>Receiver type <c>testrcv</c>: traces and logs only.</summary>
public sealed class TestReceiverFactory(LifecycleLog? log = null) : ReceiverFactory(
    new("testrcv", [Signal.Traces, Signal.Logs]), (section, _) => TestOptions.Bind(section))
{
    private readonly LifecycleLog _log = log ?? new LifecycleLog();

    public override IComponent Create(ComponentContext context, object options, SignalConsumers consumers)
        => new TestReceiver(context, (TestOptions)options, _log, consumers);
}

/// <summary>Processor type <c>testproc</c>: every signal; remembers every instance built.</summary>
public sealed class TestProcessorFactory(LifecycleLog? log = null) : ProcessorFactory(
    new("testproc", [Signal.Traces, Signal.Metrics, Signal.Logs]), (section, _) => TestOptions.Bind(section))
{
    private readonly LifecycleLog _log = log ?? new LifecycleLog();
    private readonly List<TestProcessor> _created = [];

    public IReadOnlyList<TestProcessor> Created => _created;

    public override IProcessor Create(ComponentContext context, object options, Signal signal, IConsumer next)
    {
        var processor = new TestProcessor(context, (TestOptions)options, _log, signal, next);
        _created.Add(processor);
        return processor;
    }
}

/// <summary>Exporter type <c>testexp</c> (old name <c>oldexp</c>): every signal.</summary>
public sealed class TestExporterFactory(LifecycleLog? log = null) : ExporterFactory(
    new("testexp", [Signal.Traces, Signal.Metrics, Signal.Logs]) { Aliases = ["oldexp"] }, (section, _) => TestOptions.Bind(section))
{
    private readonly LifecycleLog _log = log ?? new LifecycleLog();

    public override IExporter Create(ComponentContext context, object options) => new TestExporter(context, (TestOptions)options, _log);
}

/// <summary>Exporter type <c>metricsonly</c>: metrics only.</summary>
public sealed class MetricsOnlyExporterFactory(LifecycleLog? log = null) : ExporterFactory(
    new("metricsonly", [Signal.Metrics]), (section, _) => TestOptions.Bind(section))
{
    private readonly LifecycleLog _log = log ?? new LifecycleLog();

    public override IExporter Create(ComponentContext context, object options) => new TestExporter(context, (TestOptions)options, _log);
}

/// <summary>Extension type <c>testext</c>.</summary>
public sealed class TestExtensionFactory(LifecycleLog? log = null) : ExtensionFactory("testext", (section, _) => TestOptions.Bind(section))
{
    private readonly LifecycleLog _log = log ?? new LifecycleLog();

    public override IComponent Create(ComponentContext context, object options) => new TestExtension(context, (TestOptions)options, _log);
}

/// <summary>An extension that only records its lifecycle.</summary>
public sealed class TestExtension(ComponentContext context, TestOptions options, LifecycleLog log) : TestComponent(context, options, log);

/// <summary>
/// Connector type <c>testconn</c>: traces → traces and logs → logs (passes requests on), traces → metrics (sends one
/// gauge per request, <c>spans</c>, valued with the request's span count).
/// </summary>
public sealed class TestConnectorFactory(LifecycleLog? log = null) : ConnectorFactory(
    new("testconn", []),
    [new(Signal.Traces, Signal.Traces), new(Signal.Traces, Signal.Metrics), new(Signal.Logs, Signal.Logs)],
    (section, _) => TestOptions.Bind(section))
{
    private readonly LifecycleLog _log = log ?? new LifecycleLog();
    private readonly List<TestConnector> _created = [];

    public IReadOnlyList<TestConnector> Created => _created;

    public override IConnector Create(ComponentContext context, object options, SignalPair pair, ConnectorTargets targets)
    {
        var connector = new TestConnector(context, (TestOptions)options, _log, pair, targets);
        _created.Add(connector);
        return connector;
    }
}

/// <summary>A connector instance of <see cref="TestConnectorFactory"/>.</summary>
public sealed class TestConnector(ComponentContext context, TestOptions options, LifecycleLog log, SignalPair pair, ConnectorTargets targets)
    : TestComponent(context, options, log), IConnector
{
    public SignalPair Pair { get; } = pair;

    public ConnectorTargets Targets { get; } = targets;

    public bool MutatesData => false;

    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        if (Pair.From == Pair.To)
        {
            return Targets.All.ConsumeAsync(Targets.All.MutatesData ? request.Clone() : request, cancellationToken);
        }

        var metrics = new MiniCollector.Otlp.Collector.Metrics.ExportMetricsServiceRequest();
        var metric = new MiniCollector.Otlp.Metrics.Metric { Name = "spans", Gauge = new MiniCollector.Otlp.Metrics.Gauge() };
        metric.Gauge.DataPoints.Add(new MiniCollector.Otlp.Metrics.NumberDataPoint { AsInt = request.ItemCount });
        var scope = new MiniCollector.Otlp.Metrics.ScopeMetrics();
        scope.Metrics.Add(metric);
        var resource = new MiniCollector.Otlp.Metrics.ResourceMetrics();
        resource.ScopeMetrics.Add(scope);
        metrics.ResourceMetrics.Add(resource);
        return Targets.All.ConsumeAsync(MetricsKind.Instance.FromModel(metrics), cancellationToken);
    }
}
