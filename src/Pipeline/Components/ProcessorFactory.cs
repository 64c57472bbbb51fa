using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>Builds processors; each pipeline gets its own instance.</summary>
public abstract class ProcessorFactory(ComponentType type, Func<ConfigSection, string, object> bind) : ComponentFactory(type, bind)
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Processor;

    /// <summary>Builds a processor of one pipeline passing its output to <paramref name="next"/>.</summary>
    public abstract IProcessor Create(ComponentContext context, object options, Signal signal, IConsumer next);
}
