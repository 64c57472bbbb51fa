using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MiniCollector.Pipeline.Components;

namespace MiniCollector.Endpoints;

/// <summary>
/// One Kestrel listener serving one handler on one endpoint, without the generic host: receivers and
/// exporters that serve HTTP each own one, which keeps start-up and idle memory small.
/// </summary>
public sealed class HttpEndpointServer : IAsyncDisposable
{
    private readonly KestrelServer _server;

    private HttpEndpointServer(KestrelServer server, IReadOnlyList<BoundEndpoint> endpoints)
    {
        _server = server;
        Endpoints = endpoints;
    }

    /// <summary>The addresses actually bound.</summary>
    public IReadOnlyList<BoundEndpoint> Endpoints { get; }

    /// <summary>
    /// Starts a component's own HTTP/1.1 and HTTP/2 endpoint (prometheus, health_check, zpages): bind errors name it by
    /// its config path (<c>extensions::zpages</c>).
    /// </summary>
    public static Task<HttpEndpointServer> StartAsync(ComponentContext component, string endpoint, RequestDelegate handler, ServerTlsOptions? tls, CancellationToken cancellationToken)
        => StartAsync($"{component.Kind.Section()}::{component.Id}", "http", endpoint, HttpProtocols.Http1AndHttp2, handler, component.LoggerFactory, tls: tls, cancellationToken: cancellationToken);

    /// <summary>
    /// Binds and starts serving. Bind failures (port in use, unknown host, bad endpoint) become a
    /// <see cref="ComponentStartException"/> naming <paramref name="owner"/> and the endpoint.
    /// </summary>
    public static async Task<HttpEndpointServer> StartAsync(
        string owner,
        string protocol,
        string endpoint,
        HttpProtocols protocols,
        RequestDelegate handler,
        ILoggerFactory loggerFactory,
        Action<KestrelServerOptions>? configure = null,
        Action<ListenOptions>? configureListen = null,
        Action<SocketTransportOptions>? configureTransport = null,
        ServerTlsOptions? tls = null,
        CancellationToken cancellationToken = default)
    {
        if (!EndpointAddress.TryParse(endpoint, out var address, out var error))
        {
            throw new ComponentStartException($"{owner}: {error}");
        }

        IPAddress ip;
        try
        {
            ip = address.Resolve();
        }
        catch (SocketException ex)
        {
            throw new ComponentStartException($"{owner}: cannot resolve host \"{address.Host}\" of endpoint \"{endpoint}\": {ex.Message}", ex);
        }

        var services = new ServiceCollection().AddSingleton(loggerFactory).BuildServiceProvider();
        var options = new KestrelServerOptions { ApplicationServices = services, AddServerHeader = false };

        // Receivers enforce their own body limits after decompression; Kestrel's would count compressed bytes.
        options.Limits.MaxRequestBodySize = null;

        // Limits chosen for telemetry endpoints rather than left implicit: headers are small (auth tokens, gRPC
        // metadata); a client must send its body at 240 B/s or faster after 5 s, so slow-drip clients cannot pin
        // connections; headers must arrive within 30 s; connections and streams are bounded.
        options.Limits.MaxRequestHeaderCount = 100;
        options.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        options.Limits.MaxRequestLineSize = 8 * 1024;
        options.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
        options.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        options.Limits.MaxConcurrentConnections = 10_000;
        options.Limits.MaxConcurrentUpgradedConnections = 0;
        options.Limits.Http2.MaxStreamsPerConnection = 100;
        configure?.Invoke(options);
        Func<Microsoft.AspNetCore.Connections.ConnectionDelegate, Microsoft.AspNetCore.Connections.ConnectionDelegate>? tlsMiddleware = null;
        if (tls is not null)
        {
            try
            {
                tlsMiddleware = TlsConnectionMiddleware.Create(tls, protocols, loggerFactory.CreateLogger(owner));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                throw new ComponentStartException($"{owner}::tls: cannot load the certificate ({tls.CertFile}, {tls.KeyFile}{(tls.ClientCaFile is null ? string.Empty : ", " + tls.ClientCaFile)}): {ex.Message}", ex);
            }
        }

        options.Listen(ip, address.Port, listen =>
        {
            listen.Protocols = protocols;
            if (tlsMiddleware is not null)
            {
                // Protocols are negotiated by ALPN; the decrypted connection looks like any TLS connection to Kestrel.
                listen.Use(tlsMiddleware);
            }
            else if (protocols == HttpProtocols.Http1AndHttp2)
            {
                listen.Use(CleartextHttp2Detection.Middleware);

                // The detected h2c connection looks negotiated over TLS to Kestrel; clients rightly send :scheme http.
                options.AllowAlternateSchemes = true;
            }

            configureListen?.Invoke(listen);
        });

        var transportOptions = new SocketTransportOptions();
        configureTransport?.Invoke(transportOptions);
        var transport = new SocketTransportFactory(Options.Create(transportOptions), loggerFactory);
        var server = new KestrelServer(Options.Create(options), transport, loggerFactory);
        try
        {
            await server.StartAsync(new Application(handler), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidOperationException)
        {
            server.Dispose();
            var reason = ex.InnerException?.Message ?? ex.Message;
            throw new ComponentStartException($"{owner}: cannot listen on {endpoint} ({protocol}): {reason}", ex);
        }

        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => new BoundEndpoint(protocol, new Uri(a).Authority, tls is not null))
            .ToList() ?? [];
        return new HttpEndpointServer(server, bound);
    }

    /// <summary>Stops accepting, lets in-flight requests finish until the token fires, then closes.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _server.StopAsync(cancellationToken).ConfigureAwait(false);
        _server.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    private sealed class Application(RequestDelegate handler) : IHttpApplication<HttpContext>
    {
        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => handler(context);

        public void DisposeContext(HttpContext context, Exception? exception)
        {
        }
    }
}
