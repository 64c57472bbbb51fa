using System.Text;
using Microsoft.Extensions.Logging;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Debug;

/// <summary>The <c>debug</c> exporter: prints a summary line per batch and, when asked, the batch's content.</summary>
public sealed class DebugExporter : IExporter
{
    private readonly ComponentContext _context;
    private readonly DebugOptions _options;
    private readonly DebugSampler[] _samplers;

    public DebugExporter(ComponentContext context, DebugOptions options, TimeProvider? time = null)
    {
        _context = context;
        _options = options;
        _samplers = [.. Enum.GetValues<Signal>().Select(_ => new DebugSampler(options.SamplingInitial, options.SamplingThereafter, time ?? context.Time))];
    }

    /// <inheritdoc />
    public bool MutatesData => false;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        if (!_samplers[(int)request.Signal].ShouldPrint())
        {
            return ValueTask.FromResult(ConsumeResult.Success);
        }

        var text = new StringBuilder();
        switch (request.Model)
        {
            case ExportTraceServiceRequest traces:
                text.Append(DebugSummary.Traces(traces));
                Detail(text, sb => NormalFormatter.Write(sb, traces), sb => DetailedFormatter.Write(sb, traces));
                break;
            case ExportMetricsServiceRequest metrics:
                text.Append(DebugSummary.Metrics(metrics));
                Detail(text, sb => NormalFormatter.Write(sb, metrics), sb => DetailedFormatter.Write(sb, metrics));
                break;
            case ExportLogsServiceRequest logs:
                text.Append(DebugSummary.Logs(logs));
                Detail(text, sb => NormalFormatter.Write(sb, logs), sb => DetailedFormatter.Write(sb, logs));
                break;
        }

        Print(text.ToString());
        return ValueTask.FromResult(ConsumeResult.Success);
    }

    private void Detail(StringBuilder text, Action<StringBuilder> normal, Action<StringBuilder> detailed)
    {
        if (_options.Verbosity == DebugVerbosity.Basic)
        {
            return;
        }

        text.Append('\n');
        if (_options.Verbosity == DebugVerbosity.Normal)
        {
            normal(text);
        }
        else
        {
            detailed(text);
        }
    }

    private void Print(string text)
    {
        if (_options.UseInternalLogger)
        {
            _context.Logger.LogInformation("{DebugOutput}", text);
            return;
        }

        foreach (var path in _options.OutputPaths)
        {
            var writer = path == "stderr" ? Console.Error : Console.Out;
            lock (writer)
            {
                writer.WriteLine(text);
                writer.Flush();
            }
        }
    }
}
