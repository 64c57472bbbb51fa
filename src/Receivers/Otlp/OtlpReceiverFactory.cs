using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Receivers.Otlp;

/// <summary>Factory of the <c>otlp</c> receiver.</summary>
public sealed class OtlpReceiverFactory : ReceiverFactory<OtlpReceiverOptions>
{
    /// <inheritdoc />
    public override string Type => "otlp";

    /// <inheritdoc />
    public override string Stability => "stable";

    /// <inheritdoc />
    public override IReadOnlyList<Signal> Signals => [Signal.Traces, Signal.Metrics, Signal.Logs];

    /// <inheritdoc />
    protected override OtlpReceiverOptions Bind(ConfigSection section, string typeAsWritten) => OtlpReceiverOptions.Bind(section);

    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, OtlpReceiverOptions options, SignalConsumers consumers)
        => new OtlpReceiver(context, options, consumers);
}
