using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Components;

/// <summary>Describes a component type and binds its config section into a typed options record.</summary>
/// <param name="type">The type's name, signals, stability and aliases.</param>
/// <param name="bind">Binds a section into the options, given the type name as written (which may be an alias).</param>
public abstract class ComponentFactory(ComponentType type, Func<ConfigSection, string, object> bind)
{
    /// <summary>Every signal, for the many components that handle them all.</summary>
    protected static IReadOnlyList<Signal> AllSignals { get; } = [.. SignalKind.All.Select(kind => kind.Signal)];

    /// <summary>The type name written in configs (<c>otlp</c>, <c>batch</c>, <c>debug</c>).</summary>
    public string Type => type.Name;

    /// <summary>The kind of component built.</summary>
    public abstract ComponentKind Kind { get; }

    /// <summary>Older type names that mean the same component; accepted with a notice.</summary>
    public IReadOnlyList<string> Aliases => type.Aliases;

    /// <summary>Stability, as the reference collector labels it.</summary>
    public string Stability => type.Stability;

    /// <summary>Signals the component handles; empty for extensions.</summary>
    public IReadOnlyList<Signal> Signals => type.Signals;

    /// <summary>
    /// Binds the section into options, reporting every problem (including unknown keys) to the section's errors.
    /// <paramref name="typeAsWritten"/> is the type name the user wrote, which may be an alias.
    /// </summary>
    public object BindOptions(ConfigSection section, string typeAsWritten) => bind(section, typeAsWritten);

    /// <summary>
    /// Why these options cannot serve a pipeline of <paramref name="signal"/> although the type supports the signal
    /// (e.g. an include block on span names in a logs pipeline), or null. Checked where pipelines are read, so
    /// <c>validate</c> reports it rather than the start.
    /// </summary>
    public virtual string? ProblemFor(object options, Signal signal) => null;
}
