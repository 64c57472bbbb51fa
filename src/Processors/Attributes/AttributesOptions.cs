using MiniCollector.Pipeline.Config;
using MiniCollector.Processors.Shared.Actions;
using MiniCollector.Processors.Shared.Matching;

namespace MiniCollector.Processors.Attributes;

/// <summary>Options of the <c>attributes</c> processor: the actions, and which items they apply to.</summary>
public sealed record AttributesOptions
{
    /// <summary>The <c>actions</c>, in the order written; at least one is required.</summary>
    internal AttributeActions Actions { get; init; } = new([]);

    /// <summary><c>include</c> / <c>exclude</c>; neither written: every item.</summary>
    internal IncludeExclude Match { get; init; } = null!;

    /// <summary>Binds <c>processors::attributes</c>, reporting every problem.</summary>
    public static AttributesOptions Bind(ConfigSection section)
    {
        var options = new AttributesOptions
        {
            Match = IncludeExclude.Bind(section),
            Actions = AttributeActionsBinder.Bind(section, "actions"),
        };
        section.ReportUnknownKeys();
        return options;
    }
}
