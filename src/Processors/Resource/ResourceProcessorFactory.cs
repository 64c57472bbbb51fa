using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Processors.Shared;

namespace MiniCollector.Processors.Resource;

/// <summary>Factory of the <c>resource</c> processor.</summary>
public sealed class ResourceProcessorFactory() : ProcessorFactory<ResourceOptions>(
    new("resource", AllSignals), (section, _) => ResourceOptions.Bind(section))
{
    /// <inheritdoc />
    public override IProcessor Create(ComponentContext context, ResourceOptions options, Signal signal, IConsumer next)
        => new ModelProcessor(next, request => ResourceAttributes.Apply(request, options.Actions));
}
