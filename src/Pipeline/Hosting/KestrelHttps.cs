using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace MiniCollector.Pipeline.Hosting;

/// <summary>
/// A listener's <c>tls</c> settings as Kestrel's own HTTPS takes them (<c>ListenOptions.UseHttps</c>), for listeners
/// hosted on an ASP.NET Core application: the server certificate from PEM, TLS 1.2/1.3, and with
/// <c>client_ca_file</c> a client certificate that must chain to that CA alone (not to the system's roots).
/// </summary>
public static class KestrelHttps
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Loads the certificates; throws when a file cannot be used.</summary>
    public static HttpsConnectionAdapterOptions Create(ServerTlsOptions options)
    {
        var https = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = X509Certificate2.CreateFromPemFile(options.CertFile, options.KeyFile),
            SslProtocols = Protocols(options),
            HandshakeTimeout = HandshakeTimeout,
        };

        if (options.ClientCaFile is not null)
        {
            var roots = LoadClientRoots(options.ClientCaFile);
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (presented, _, _) => IsSignedBy(presented, roots);
        }

        return https;
    }

    /// <summary>The TLS versions between <c>min_version</c> and <c>max_version</c>.</summary>
    internal static SslProtocols Protocols(ServerTlsOptions options)
        => (options.MinVersion == "1.3" ? SslProtocols.None : SslProtocols.Tls12) | (options.MaxVersion == "1.3" ? SslProtocols.Tls13 : SslProtocols.None);

    /// <summary>The CAs of <c>client_ca_file</c>.</summary>
    internal static X509Certificate2Collection LoadClientRoots(string file)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(file);
        return roots;
    }

    /// <summary>True when the presented certificate chains to one of <paramref name="roots"/> only.</summary>
    internal static bool IsSignedBy(X509Certificate? presented, X509Certificate2Collection roots)
    {
        if (presented is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        return chain.Build(presented as X509Certificate2 ?? new X509Certificate2(presented));
    }
}
