using MiniCollector.Pipeline.Config;

namespace MiniCollector.Connectors.Forward;

/// <summary>The <c>forward</c> connector takes no settings.</summary>
public sealed record ForwardOptions
{
    /// <summary>Reports any key as unknown.</summary>
    public static ForwardOptions Bind(ConfigSection section)
    {
        section.ReportUnknownKeys();
        return new ForwardOptions();
    }
}
