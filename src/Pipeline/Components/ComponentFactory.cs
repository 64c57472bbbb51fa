using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>Describes a component type and binds its config section into a typed options record.</summary>
public abstract class ComponentFactory
{
    /// <summary>The type name written in configs (<c>otlp</c>, <c>batch</c>, <c>debug</c>).</summary>
    public abstract string Type { get; }

    /// <summary>The kind of component built.</summary>
    public abstract ComponentKind Kind { get; }

    /// <summary>Older type names that mean the same component; accepted with a notice.</summary>
    public virtual IReadOnlyList<string> Aliases => [];

    /// <summary>Stability, as the reference collector labels it.</summary>
    public virtual string Stability => "beta";

    /// <summary>Signals the component handles; empty for extensions.</summary>
    public abstract IReadOnlyList<Signal> Signals { get; }

    /// <summary>
    /// Binds the section into options, reporting every problem (including unknown keys) to the section's errors.
    /// <paramref name="typeAsWritten"/> is the type name the user wrote, which may be an alias.
    /// </summary>
    public abstract object BindOptions(ConfigSection section, string typeAsWritten);
}

/// <summary>Builds receivers.</summary>
public abstract class ReceiverFactory : ComponentFactory
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Receiver;

    /// <summary>Builds a receiver feeding the given per-signal consumers.</summary>
    public abstract IComponent Create(ComponentContext context, object options, SignalConsumers consumers);
}

/// <summary>Builds processors; each pipeline gets its own instance.</summary>
public abstract class ProcessorFactory : ComponentFactory
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Processor;

    /// <summary>Builds a processor of one pipeline passing its output to <paramref name="next"/>.</summary>
    public abstract IProcessor Create(ComponentContext context, object options, Signal signal, IConsumer next);
}

/// <summary>Builds exporters; one instance serves every pipeline that lists it.</summary>
public abstract class ExporterFactory : ComponentFactory
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Exporter;

    /// <summary>Builds an exporter.</summary>
    public abstract IExporter Create(ComponentContext context, object options);
}

/// <summary>Builds extensions.</summary>
public abstract class ExtensionFactory : ComponentFactory
{
    /// <inheritdoc />
    public sealed override ComponentKind Kind => ComponentKind.Extension;

    /// <inheritdoc />
    public sealed override IReadOnlyList<Signal> Signals => [];

    /// <summary>Builds an extension.</summary>
    public abstract IComponent Create(ComponentContext context, object options);
}

/// <summary>A processor: a consumer with a lifecycle, placed in one pipeline.</summary>
public interface IProcessor : IConsumer, IComponent;

/// <summary>An exporter: a consumer with a lifecycle, shared by every pipeline that lists it.</summary>
public interface IExporter : IConsumer, IComponent;

/// <summary>
/// The consumers a receiver feeds, one per signal (null where no pipeline takes that signal from it), and the
/// admission gates (memory limiters) of those pipelines, consulted before a request body is read.
/// </summary>
public sealed record SignalConsumers(IConsumer? Traces, IConsumer? Metrics, IConsumer? Logs)
{
    /// <summary>Gates per signal; <see cref="AdmissionGates.None"/> when nothing limits.</summary>
    public AdmissionGates TracesGates { get; init; } = AdmissionGates.None;

    public AdmissionGates MetricsGates { get; init; } = AdmissionGates.None;

    public AdmissionGates LogsGates { get; init; } = AdmissionGates.None;

    /// <summary>The gates of one signal.</summary>
    public AdmissionGates GatesFor(Signal signal) => signal switch
    {
        Signal.Traces => TracesGates,
        Signal.Metrics => MetricsGates,
        _ => LogsGates,
    };

    /// <summary>The consumer of one signal.</summary>
    public IConsumer? For(Signal signal) => signal switch
    {
        Signal.Traces => Traces,
        Signal.Metrics => Metrics,
        _ => Logs,
    };
}
