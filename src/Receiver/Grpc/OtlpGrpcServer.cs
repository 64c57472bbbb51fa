using System.Net.Sockets;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Hosting;

namespace MiniCollector.Receiver.Grpc;

/// <summary>
/// The gRPC listener of one otlp receiver: Grpc.AspNetCore on Kestrel (HTTP/2, Kestrel's own TLS), in a minimal
/// ASP.NET Core application of its own that reads no configuration and no environment, and leaves signals and
/// shutdown to the collector.
/// </summary>
public sealed class OtlpGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpGrpcServer(WebApplication app, IReadOnlyList<BoundEndpoint> endpoints)
    {
        _app = app;
        Endpoints = endpoints;
    }

    /// <summary>The addresses actually bound.</summary>
    public IReadOnlyList<BoundEndpoint> Endpoints { get; }

    /// <summary>
    /// Binds and starts serving. Bind failures (port in use, unknown host, bad endpoint, unusable certificate) become
    /// a <see cref="ComponentStartException"/> naming <paramref name="owner"/> and the endpoint.
    /// </summary>
    public static async Task<OtlpGrpcServer> StartAsync(string owner, OtlpGrpcService service, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var options = service.Options;
        var ip = EndpointAddress.ResolveListenAddress(owner, options.Endpoint, out var address);
        HttpsConnectionAdapterOptions? https = null;
        if (options.Tls is { } tls)
        {
            try
            {
                https = KestrelHttps.Create(tls);
            }
            catch (Exception ex) when (ServerTlsOptions.IsLoadFailure(ex))
            {
                throw tls.LoadFailure(owner, ex);
            }
        }

        // The empty builder: no appsettings.json, no ASPNETCORE_* variables, no logging providers of its own.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, CollectorOwnedLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            KestrelLimits.Apply(kestrel);
            GrpcKestrelSettings.Apply(options, kestrel);
            kestrel.Listen(ip, address.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (https is not null)
                {
                    listen.UseHttps(https);
                }

                GrpcKestrelSettings.Apply(options, listen);
            });
        });
        builder.WebHost.UseSockets(transport => GrpcKestrelSettings.Apply(options, transport));
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = (int)Math.Min(options.MaxRecvMsgSizeBytes, int.MaxValue);
            grpc.CompressionProviders = [new GzipMessageDecompression(options.MaxRecvMsgSizeBytes)];
            grpc.ResponseCompressionAlgorithm = null;
            grpc.EnableDetailedErrors = false;
        });
        builder.Services.AddSingleton(service);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<OtlpGrpcService>>(new OtlpGrpcMethodProvider(service)));

        var app = builder.Build();
        app.Use(new GrpcCallGate(service).InvokeAsync);
        app.MapGrpcService<OtlpGrpcService>();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidOperationException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            var reason = ex.InnerException?.Message ?? ex.Message;
            throw new ComponentStartException($"{owner}: cannot listen on {options.Endpoint} (grpc): {reason}", ex);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => new BoundEndpoint("grpc", new Uri(a).Authority, https is not null))
            .ToList() ?? [];
        return new OtlpGrpcServer(app, bound);
    }

    /// <summary>Stops accepting, lets in-flight calls finish until the token fires, then closes.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    /// <summary>
    /// Replaces the host's console lifetime, which would stop this listener on SIGTERM by itself: the collector
    /// stops its receivers in order when it shuts down.
    /// </summary>
    private sealed class CollectorOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
