using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Receivers.Otlp.Grpc;
using MiniCollector.Receivers.Otlp.Http;

namespace MiniCollector.Receivers.Otlp;

/// <summary>Options of the <c>otlp</c> receiver: a protocol is enabled only when its key is written.</summary>
public sealed record OtlpReceiverOptions : IReferencesExtensions
{
    /// <inheritdoc />
    public IEnumerable<(string Path, ComponentId Id)> ExtensionReferences
    {
        get
        {
            if (Grpc?.Authenticator is { } grpc)
            {
                yield return ("receivers::otlp::protocols::grpc::auth", grpc);
            }

            if (Http?.Authenticator is { } http)
            {
                yield return ("receivers::otlp::protocols::http::auth", http);
            }
        }
    }

    /// <summary>The gRPC protocol settings; null when <c>protocols::grpc</c> is not written.</summary>
    public GrpcServerOptions? Grpc { get; init; }

    /// <summary>The HTTP protocol settings; null when <c>protocols::http</c> is not written.</summary>
    public HttpServerOptions? Http { get; init; }

    /// <summary>Binds <c>receivers::otlp</c>, reporting every problem.</summary>
    public static OtlpReceiverOptions Bind(ConfigSection section)
    {
        var protocols = section.Section("protocols");
        section.ReportUnknownKeys();

        var options = new OtlpReceiverOptions
        {
            Grpc = protocols.Has("grpc") ? GrpcServerOptions.Bind(protocols.Section("grpc")) : null,
            Http = protocols.Has("http") ? HttpServerOptions.Bind(protocols.Section("http")) : null,
        };
        protocols.ReportUnknownKeys();

        if (options.Http is null && options.Grpc is null)
        {
            section.Invalid("must specify at least one protocol when using the OTLP receiver");
        }

        return options;
    }
}
