using MiniCollector.Pipeline.Config;
using MiniCollector.Processors.Shared.Actions;

namespace MiniCollector.Processors.Resource;

/// <summary>Options of the <c>resource</c> processor: the actions applied to every resource's attributes.</summary>
public sealed record ResourceOptions
{
    /// <summary>The <c>attributes</c> actions, in the order written; at least one is required.</summary>
    internal AttributeActions Actions { get; init; } = new([]);

    /// <summary>Binds <c>processors::resource</c>, reporting every problem.</summary>
    public static ResourceOptions Bind(ConfigSection section)
    {
        var options = new ResourceOptions { Actions = AttributeActionsBinder.Bind(section, "attributes") };
        section.ReportUnknownKeys();
        return options;
    }
}
