using MiniCollector.Pipeline.Components;

namespace MiniCollector.Receivers.Otlp;

/// <summary>Factory of the <c>otlp</c> receiver.</summary>
public sealed class OtlpReceiverFactory() : ReceiverFactory<OtlpReceiverOptions>(
    new("otlp", AllSignals) { Stability = "stable" }, (section, _) => OtlpReceiverOptions.Bind(section))
{
    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, OtlpReceiverOptions options, SignalConsumers consumers)
        => new OtlpReceiver(context, options, consumers);
}
