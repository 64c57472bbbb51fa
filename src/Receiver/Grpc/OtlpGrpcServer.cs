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

    /// <summary>
    /// Binds and starts serving. Bind failures (port in use, unknown host, bad endpoint, unusable certificate) become
    /// a <see cref="ComponentStartException"/> naming <paramref name="owner"/> and the endpoint.
    /// </summary>
    public static async Task<OtlpGrpcServer> StartAsync(string owner, OtlpGrpcService service, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var options = service.Options;

        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(new System.Diagnostics.DiagnosticListener("Microsoft.AspNetCore"));
        services.AddRoutingCore();
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = (int)Math.Min(options.MaxRecvMsgSizeBytes, int.MaxValue);
            grpc.CompressionProviders = [new GzipMessageDecompression(options.MaxRecvMsgSizeBytes)];
            grpc.ResponseCompressionAlgorithm = null;
            grpc.EnableDetailedErrors = false;
        });
        services.AddSingleton(service);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<OtlpGrpcService>>(new OtlpGrpcMethodProvider(service)));
        var provider = services.BuildServiceProvider();
        var app = new Microsoft.AspNetCore.Builder.ApplicationBuilder(provider);
        app.Use((context, next) => { context.RequestServices = provider; return next(context); });
        app.UseRouting();
        app.Use(new GrpcCallGate(service).InvokeAsync);
        app.UseEndpoints(e => e.MapGrpcService<OtlpGrpcService>());
        var server = await HttpEndpointServer.StartAsync(owner, "grpc", options.Endpoint, HttpProtocols.Http2, app.Build(), loggerFactory,
            kestrel => GrpcKestrelSettings.Apply(options, kestrel), listen => GrpcKestrelSettings.Apply(options, listen), transport => GrpcKestrelSettings.Apply(options, transport), options.Tls, cancellationToken).ConfigureAwait(false);
        return new OtlpGrpcServer(server, server.Endpoints);
    }

    private readonly HttpEndpointServer _app;

    private OtlpGrpcServer(HttpEndpointServer app, IReadOnlyList<BoundEndpoint> endpoints)
    {
        _app = app;
        Endpoints = endpoints;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await _app.StopAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    public IReadOnlyList<BoundEndpoint> Endpoints { get; }
}
