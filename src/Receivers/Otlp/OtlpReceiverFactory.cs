using MiniCollector.Pipeline.Components;

namespace MiniCollector.Receivers.Otlp;

/// <summary>Factory of the <c>otlp</c> receiver.</summary>
public sealed class OtlpReceiverFactory() : ReceiverFactory<OtlpReceiverOptions>(
    "otlp", AllSignals, (section, _) => OtlpReceiverOptions.Bind(section), stability: "stable")
{
    /// <inheritdoc />
    public override IComponent Create(ComponentContext context, OtlpReceiverOptions options, SignalConsumers consumers)
        => new OtlpReceiver(context, options, consumers);
}
