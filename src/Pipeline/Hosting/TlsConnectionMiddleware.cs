using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace MiniCollector.Pipeline.Hosting;

/// <summary>
/// Terminates TLS on a listener (server certificate from PEM, optional client certificates checked against
/// <c>client_ca_file</c>, TLS 1.2/1.3, ALPN h2 and http/1.1), then hands Kestrel the decrypted connection with
/// the negotiated protocol. Written here rather than using Kestrel's UseHttps, which needs the full web host's
/// services.
/// </summary>
internal sealed class TlsConnectionMiddleware
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly SslServerAuthenticationOptions _ssl;
    private readonly ILogger _logger;

    private TlsConnectionMiddleware(SslServerAuthenticationOptions ssl, ILogger logger)
    {
        _ssl = ssl;
        _logger = logger;
    }

    /// <summary>Loads the certificates (throwing when a file cannot be used) and returns the middleware.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Create(ServerTlsOptions options, HttpProtocols protocols, ILogger logger)
    {
        var certificate = X509Certificate2.CreateFromPemFile(options.CertFile, options.KeyFile);
        var ssl = new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            EnabledSslProtocols = (options.MinVersion == "1.3" ? SslProtocols.None : SslProtocols.Tls12) | (options.MaxVersion == "1.3" ? SslProtocols.Tls13 : SslProtocols.None),
            ApplicationProtocols = protocols == HttpProtocols.Http2
                ? [SslApplicationProtocol.Http2]
                : [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
        };

        if (options.ClientCaFile is not null)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(options.ClientCaFile);
            ssl.ClientCertificateRequired = true;
            ssl.RemoteCertificateValidationCallback = (_, presented, _, _) => IsSignedBy(presented, roots);
        }

        var middleware = new TlsConnectionMiddleware(ssl, logger);
        return next => connection => middleware.HandleAsync(connection, next);
    }

    private static bool IsSignedBy(X509Certificate? presented, X509Certificate2Collection roots)
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

    private async Task HandleAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var original = connection.Transport;
        var ssl = new SslStream(new DuplexStream(original.Input.AsStream(leaveOpen: true), original.Output.AsStream(leaveOpen: true)), leaveInnerStreamOpen: false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
            timeout.CancelAfter(HandshakeTimeout);
            await ssl.AuthenticateAsServerAsync(_ssl, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
        {
            _logger.LogDebug("TLS handshake with {Remote} failed: {Reason}", connection.RemoteEndPoint, ex.Message);
            await ssl.DisposeAsync().ConfigureAwait(false);
            return;
        }

        var tls = new TlsFeature(ssl.RemoteCertificate as X509Certificate2 ?? (ssl.RemoteCertificate is { } c ? new X509Certificate2(c) : null), ssl.NegotiatedApplicationProtocol.Protocol);
        connection.Features.Set<ITlsConnectionFeature>(tls);
        connection.Features.Set<ITlsApplicationProtocolFeature>(tls);
        connection.Transport = new SslDuplexPipe(PipeReader.Create(ssl), PipeWriter.Create(ssl));
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            connection.Transport = original;
            await ssl.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class SslDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private sealed class TlsFeature(X509Certificate2? clientCertificate, ReadOnlyMemory<byte> protocol) : ITlsConnectionFeature, ITlsApplicationProtocolFeature
    {
        public X509Certificate2? ClientCertificate { get; set; } = clientCertificate;

        public ReadOnlyMemory<byte> ApplicationProtocol { get; } = protocol;

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult(ClientCertificate);
    }
}
