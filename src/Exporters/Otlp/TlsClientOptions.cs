using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Exporters.Otlp;

/// <summary>The client side of <c>tls</c>: how an exporter verifies the server and presents itself.</summary>
public sealed record TlsClientOptions
{
    /// <summary>Cleartext (h2c for gRPC); for otlphttp the URL scheme decides.</summary>
    public bool Insecure { get; init; }

    /// <summary>Accept any server certificate (testing only).</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>PEM file of the CA that signed the server certificate, instead of the system roots.</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM client certificate and key, for mTLS.</summary>
    public string? CertFile { get; init; }

    public string? KeyFile { get; init; }

    /// <summary>Server name to verify and send in SNI instead of the endpoint's host.</summary>
    public string? ServerNameOverride { get; init; }

    /// <summary>Binds <c>tls</c>, reporting every problem.</summary>
    public static TlsClientOptions Bind(ConfigSection section)
    {
        var options = new TlsClientOptions
        {
            Insecure = section.Bool("insecure", false),
            InsecureSkipVerify = section.Bool("insecure_skip_verify", false),
            CaFile = section.StringOrNull("ca_file"),
            CertFile = section.StringOrNull("cert_file"),
            KeyFile = section.StringOrNull("key_file"),
            ServerNameOverride = section.StringOrNull("server_name_override"),
        };
        section.ReportUnknownKeys();
        if ((options.CertFile is null) != (options.KeyFile is null))
        {
            section.Invalid("cert_file and key_file must be given together");
        }

        return options;
    }

    /// <summary>Applies the options to a handler's TLS settings.</summary>
    public void Apply(SslClientAuthenticationOptions ssl)
    {
        if (CertFile is not null && KeyFile is not null)
        {
            ssl.ClientCertificates = [X509Certificate2.CreateFromPemFile(CertFile, KeyFile)];
        }

        if (InsecureSkipVerify)
        {
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
            return;
        }

        if (CaFile is not null)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(CaFile);
            ssl.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            ssl.CertificateChainPolicy.CustomTrustStore.AddRange(roots);
        }

        // HttpClient verifies the URL's host; with an override the certificate must match the override instead.
        if (ServerNameOverride is { } name)
        {
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 && certificate is X509Certificate2 c && c.MatchesHostname(name))
                {
                    errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
                }

                return errors == SslPolicyErrors.None;
            };
        }
    }
}
