using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MiniCollector.Exporters.Otlp;
using MiniCollector.Exporters.Sending;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>
/// An <c>otlp</c> or <c>otlphttp</c> exporter built the way the collector builds it (options bound from the YAML
/// of its section by the factory), started, with its log lines kept.
/// </summary>
internal sealed class ExporterUnderTest : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;

    private ExporterUnderTest(OtlpExporter exporter, KeptLogs logs, ILoggerFactory loggerFactory)
    {
        Exporter = exporter;
        Logs = logs;
        _loggerFactory = loggerFactory;
    }

    public OtlpExporter Exporter { get; }

    public KeptLogs Logs { get; }

    public SenderCounters Counters => Exporter.Queue.Counters;

    /// <summary>An <c>otlp</c> (gRPC) exporter from the YAML of <c>exporters::otlp</c>.</summary>
    public static Task<ExporterUnderTest> GrpcAsync(string yaml) => StartAsync(new OtlpGrpcExporterFactory(), yaml);

    /// <summary>An <c>otlphttp</c> exporter from the YAML of <c>exporters::otlphttp</c>.</summary>
    public static Task<ExporterUnderTest> HttpAsync(string yaml, TimeProvider? time = null, IReadOnlyDictionary<ComponentId, IComponent>? extensions = null)
        => StartAsync(new OtlpHttpExporterFactory(), yaml, time, extensions);

    /// <summary>Binds the section; returns the options and every config error.</summary>
    public static (object Options, IReadOnlyList<ConfigError> Errors) Bind(ExporterFactory factory, string yaml)
    {
        var errors = new ConfigErrors();
        var node = YamlConfigReader.Read(yaml, "test.yaml", new EnvExpander(_ => null), errors);
        var options = factory.BindOptions(new ConfigSection(node, "exporters::" + factory.Type, errors), factory.Type);
        return (options, errors.Items);
    }

    /// <summary>Hands one request to the exporter (bounded wait as a hang guard) and returns what it answered.</summary>
    public async Task<ConsumeResult> ConsumeAsync(TelemetryRequest request)
        => await Exporter.ConsumeAsync(request, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Waits (bounded) until the condition holds; fails with <paramref name="what"/> otherwise.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), "timed out waiting until " + what);
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await Exporter.ShutdownAsync(cts.Token);
        _loggerFactory.Dispose();
    }

    private static async Task<ExporterUnderTest> StartAsync(ExporterFactory factory, string yaml, TimeProvider? time = null, IReadOnlyDictionary<ComponentId, IComponent>? extensions = null)
    {
        var (options, errors) = Bind(factory, yaml);
        Assert.True(errors.Count == 0, "config errors:\n" + string.Join("\n", errors));
        var logs = new KeptLogs();
        var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var context = new ComponentContext(new ComponentId(factory.Type, string.Empty), ComponentKind.Exporter, loggerFactory, extensions) { Time = time ?? TimeProvider.System };
        var exporter = Assert.IsType<OtlpExporter>(factory.Create(context, options));
        await exporter.StartAsync(CancellationToken.None);
        return new ExporterUnderTest(exporter, logs, loggerFactory);
    }
}

/// <summary>A logger provider keeping every formatted line with its level.</summary>
internal sealed class KeptLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    public string Text => string.Join("\n", _entries.Select(e => $"{e.Level}: {e.Message}"));

    public int CountContaining(string text) => _entries.Count(e => e.Message.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(KeptLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner._entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
