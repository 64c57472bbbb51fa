using System.Globalization;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary><c>resolver::dns</c>: every address a hostname resolves to is a backend, resolved again every interval.</summary>
public sealed record DnsResolverOptions
{
    /// <summary>The name to resolve (in Kubernetes, a headless Service: <c>gateway.observability.svc.cluster.local</c>).</summary>
    public string Hostname { get; init; } = string.Empty;

    /// <summary>The port of each backend.</summary>
    public int Port { get; init; } = 4317;

    /// <summary>How often the name is resolved again.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one resolution may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Binds the section, reporting every problem.</summary>
    public static DnsResolverOptions Bind(ConfigSection section)
    {
        var d = new DnsResolverOptions();
        var hostname = section.String("hostname", string.Empty);
        var portText = section.String("port", d.Port.ToString(CultureInfo.InvariantCulture));
        var options = new DnsResolverOptions
        {
            Hostname = hostname,
            Interval = section.Duration("interval", d.Interval),
            Timeout = section.Duration("timeout", d.Timeout),
        };
        section.ReportUnknownKeys();
        if (hostname.Length == 0)
        {
            section.Invalid("hostname", "hostname is required: the name whose addresses are the backends (in Kubernetes, a headless Service)");
        }

        if (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is > 0 and <= 65535)
        {
            options = options with { Port = port };
        }
        else
        {
            section.Invalid("port", $"port must be a number from 1 to 65535, found \"{portText}\"");
        }

        if (options.Interval == TimeSpan.Zero)
        {
            options = options with { Interval = d.Interval };
        }

        if (options.Timeout == TimeSpan.Zero)
        {
            options = options with { Timeout = d.Timeout };
        }

        return options;
    }
}
