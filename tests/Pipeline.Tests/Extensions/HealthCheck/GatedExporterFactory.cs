using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Extensions.HealthCheck;

/// <summary>
/// Exporter type <c>gatedexp</c>: its shutdown signals that it began and then waits until the test opens the gate,
/// holding the service in the middle of shutting down.
/// </summary>
internal sealed class GatedExporterFactory() : ExporterFactory(
    new("gatedexp", [Signal.Traces, Signal.Metrics, Signal.Logs]), (section, _) => TestOptions.Bind(section))
{
    private readonly TaskCompletionSource _shutdownEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when an exporter's shutdown has started.</summary>
    public Task ShutdownEntered => _shutdownEntered.Task;

    /// <summary>Lets every exporter's shutdown finish.</summary>
    public void Open() => _gate.TrySetResult();

    public override IExporter Create(ComponentContext context, object options) => new GatedExporter(this);

    private sealed class GatedExporter(GatedExporterFactory factory) : IExporter
    {
        public bool MutatesData => false;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task ShutdownAsync(CancellationToken cancellationToken)
        {
            factory._shutdownEntered.TrySetResult();
            await factory._gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken) => ValueTask.FromResult(ConsumeResult.Success);
    }
}
