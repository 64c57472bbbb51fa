using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Hosting;

/// <summary>The server side of <c>tls</c> on a listener: certificate and key (PEM), optional client CA (mTLS), versions.</summary>
public sealed record ServerTlsOptions
{
    public string CertFile { get; init; } = string.Empty;

    public string KeyFile { get; init; } = string.Empty;

    /// <summary>When set, clients must present a certificate signed by this CA (mutual TLS).</summary>
    public string? ClientCaFile { get; init; }

    /// <summary>Lowest TLS version accepted: 1.2 (default) or 1.3.</summary>
    public string MinVersion { get; init; } = "1.2";

    /// <summary>Highest TLS version accepted (default 1.3).</summary>
    public string MaxVersion { get; init; } = "1.3";

    /// <summary>Binds <c>tls</c>; returns null when the section is absent (no TLS).</summary>
    public static ServerTlsOptions? Bind(ConfigSection section)
    {
        if (!section.IsPresent)
        {
            return null;
        }

        var options = new ServerTlsOptions
        {
            CertFile = section.String("cert_file", string.Empty),
            KeyFile = section.String("key_file", string.Empty),
            ClientCaFile = section.StringOrNull("client_ca_file"),
            MinVersion = section.Choice("min_version", "1.2", "1.2", "1.3"),
            MaxVersion = section.Choice("max_version", "1.3", "1.2", "1.3"),
        };
        section.ReportUnknownKeys();
        if (options.CertFile.Length == 0 || options.KeyFile.Length == 0)
        {
            section.Invalid("cert_file and key_file are required for a TLS server (PEM files)");
        }

        if (string.CompareOrdinal(options.MinVersion, options.MaxVersion) > 0)
        {
            section.Invalid("min_version", $"min_version {options.MinVersion} is above max_version {options.MaxVersion}");
        }

        return options;
    }
}
