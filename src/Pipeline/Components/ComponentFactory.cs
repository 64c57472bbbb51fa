using MiniCollector.Pipeline.Config;
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
