using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Receiver.Otlp;

/// <summary>Factory of the <c>otlp</c> receiver.</summary>
public sealed class OtlpReceiverFactory : ReceiverFactory
{
    /// <inheritdoc />
    public override string Type => "otlp";

    /// <inheritdoc />
    public override string Stability => "stable";

    /// <inheritdoc />
    public override IReadOnlyList<Signal> Signals => [Signal.Traces, Signal.Metrics, Signal.Logs];

    /// <inheritdoc />
    public override object BindOptions(ConfigSection section, string typeAsWritten) => OtlpReceiverOptions.Bind(section);

    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, object options, SignalConsumers consumers)
        => new OtlpReceiver(context, (OtlpReceiverOptions)options, consumers);
}
