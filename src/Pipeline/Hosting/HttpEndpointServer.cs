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

namespace MiniCollector.Pipeline.Hosting;

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
        var ip = EndpointAddress.ResolveListenAddress(owner, endpoint, out var address);
        var services = new ServiceCollection().AddSingleton(loggerFactory).BuildServiceProvider();
        var options = new KestrelServerOptions { ApplicationServices = services };
        KestrelLimits.Apply(options);
        configure?.Invoke(options);
        Func<Microsoft.AspNetCore.Connections.ConnectionDelegate, Microsoft.AspNetCore.Connections.ConnectionDelegate>? tlsMiddleware = null;
        if (tls is not null)
        {
            try
            {
                tlsMiddleware = TlsConnectionMiddleware.Create(tls, protocols, loggerFactory.CreateLogger(owner));
            }
            catch (Exception ex) when (ServerTlsOptions.IsLoadFailure(ex))
            {
                throw tls.LoadFailure(owner, ex);
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
