using MiniCollector.Pipeline.Config;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary><c>resolver::static</c>: a fixed list of backends, changed by a config reload.</summary>
public sealed record StaticResolverOptions
{
    /// <summary>The backends, <c>host:port</c> each.</summary>
    public IReadOnlyList<string> Hostnames { get; init; } = [];

    /// <summary>Binds the section, reporting every problem.</summary>
    public static StaticResolverOptions Bind(ConfigSection section)
    {
        var hostnames = section.StringList("hostnames") ?? [];
        section.ReportUnknownKeys();
        if (hostnames.Count == 0)
        {
            section.Invalid("hostnames", "hostnames is required: the list of backends, host:port each (e.g. [gateway-1:4317, gateway-2:4317])");
        }

        for (int i = 0; i < hostnames.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(hostnames[i]))
            {
                section.Invalid("hostnames", $"hostnames[{i}] is empty");
            }
        }

        return new StaticResolverOptions { Hostnames = [.. hostnames.Select(h => h.Trim())] };
    }
}
