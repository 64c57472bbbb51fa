using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MiniCollector.Tests.Support;

/// <summary>
/// A throw-away certificate authority with a server certificate (for <c>collector.test</c> and 127.0.0.1) and a
/// client certificate, made in the test and written as PEM files the way users configure them.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("minicollector-certs-").FullName;
        Ca = CreateCa("MiniCollector Test CA");
        Server = Issue(Ca, "collector.test", serverAuth: true);
        Client = Issue(Ca, "exporter-client", serverAuth: false);
        Write("ca.pem", Ca.ExportCertificatePem());
        Write("server.pem", Server.ExportCertificatePem());
        Write("server.key", Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        Write("client.pem", Client.ExportCertificatePem());
        Write("client.key", Client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Folder holding ca.pem, server.pem/.key and client.pem/.key.</summary>
    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public string CaFile => Path.Combine(Directory, "ca.pem");

    public string ServerCertFile => Path.Combine(Directory, "server.pem");

    public string ServerKeyFile => Path.Combine(Directory, "server.key");

    public string ClientCertFile => Path.Combine(Directory, "client.pem");

    public string ClientKeyFile => Path.Combine(Directory, "client.key");

    /// <summary>True when a certificate chains to this CA (for clients' validation callbacks).</summary>
    public bool IsIssuedByCa(X509Certificate2? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        return chain.Build(certificate);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private void Write(string name, string pem) => File.WriteAllText(Path.Combine(Directory, name), pem);

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string name, bool serverAuth)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(name);
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }

        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }
}
