using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using MiniCollector.Exporters.Otlp;
using MiniCollector.Exporters.Sending;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>
/// An <c>otlp</c> or <c>otlphttp</c> exporter built the way the collector builds it (options bound from the YAML
/// of its section by the factory), started, with its log lines kept.
/// </summary>
internal sealed partial class ExporterUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private readonly ILoggerFactory _loggerFactory;

    // Logged retry waits already played on the clock, over every PlayRetriesAsync call.
    private int _retriesPlayed;

    private ExporterUnderTest(OtlpExporter exporter, KeptLogs logs, ILoggerFactory loggerFactory, TimeProvider time, CollectorMeter meter)
    {
        Exporter = exporter;
        Meter = meter;
        Logs = logs;
        _loggerFactory = loggerFactory;
        Time = time;
    }

    public OtlpExporter Exporter { get; }

    public KeptLogs Logs { get; }

    /// <summary>The meter the exporter registered its self-metrics on (its own, as a collector's would be).</summary>
    public CollectorMeter Meter { get; }

    public SenderCounters Counters => Exporter.Queue.Counters;

    /// <summary>The exporter's clock (its component context's).</summary>
    public TimeProvider Time { get; }

    /// <summary>The waits the exporter logged before its retries, in order.</summary>
    public IReadOnlyList<TimeSpan> RetryWaits =>
        [.. Logs.Entries
            .Select(e => RetryWait().Match(e.Message))
            .Where(m => m.Success)
            .Select(m => TimeSpan.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    /// <summary>An <c>otlp</c> (gRPC) exporter from the YAML of <c>exporters::otlp</c>.</summary>
    public static Task<ExporterUnderTest> GrpcAsync(string yaml, TimeProvider? time = null) => StartAsync(new OtlpGrpcExporterFactory(), yaml, time);

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

    /// <summary>Hands one request to the exporter and plays its retries on the fake clock until it answers.</summary>
    public async Task<ConsumeResult> ConsumePlayingRetriesAsync(TelemetryRequest request)
    {
        var answer = ConsumeAsync(request);
        await PlayRetriesAsync(() => answer.IsCompleted, "the exporter answered");
        return await answer;
    }

    /// <summary>
    /// Plays the exporter's retries on its <see cref="ExporterClock"/> until <paramref name="until"/> holds: each wait it
    /// logs ("will retry in …") moves the clock by exactly that wait once the exporter has armed it, so every retry
    /// happens when the exporter's own choice of wait says, with no real time passing.
    /// </summary>
    public async Task PlayRetriesAsync(Func<bool> until, string what)
    {
        var clock = Assert.IsType<ExporterClock>(Time);
        var deadline = DateTime.UtcNow + HangGuard;
        while (!until())
        {
            var waits = RetryWaits;
            if (_retriesPlayed < waits.Count && clock.TryTake(waits[_retriesPlayed]))
            {
                clock.Advance(waits[_retriesPlayed]);
                _retriesPlayed++;
                continue;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what} ({_retriesPlayed} retries played)\n{Logs.Text}");
            await Task.Delay(10);
        }
    }

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
        Meter.Dispose();
        _loggerFactory.Dispose();
    }

    private static async Task<ExporterUnderTest> StartAsync(ExporterFactory factory, string yaml, TimeProvider? time = null, IReadOnlyDictionary<ComponentId, IComponent>? extensions = null)
    {
        var (options, errors) = Bind(factory, yaml);
        Assert.True(errors.Count == 0, "config errors:\n" + string.Join("\n", errors));
        var logs = new KeptLogs();
        var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var meter = new CollectorMeter();
        var context = new ComponentContext(new ComponentId(factory.Type, string.Empty), ComponentKind.Exporter, loggerFactory, extensions) { Time = time ?? TimeProvider.System, Meter = meter };
        var exporter = Assert.IsType<OtlpExporter>(factory.Create(context, options));
        await exporter.StartAsync(CancellationToken.None);
        return new ExporterUnderTest(exporter, logs, loggerFactory, context.Time, meter);
    }

    [GeneratedRegex(@"will retry in ([0-9:.]+):")]
    private static partial Regex RetryWait();
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
