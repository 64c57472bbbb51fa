using MiniCollector.Pipeline.Config;
using MiniCollector.Receiver.Http;

namespace MiniCollector.Receiver.Otlp;

/// <summary>Options of the <c>otlp</c> receiver: a protocol is enabled only when its key is written.</summary>
public sealed record OtlpReceiverOptions
{
    /// <summary>The HTTP protocol settings; null when <c>protocols::http</c> is not written.</summary>
    public HttpServerOptions? Http { get; init; }

    /// <summary>Binds <c>receivers::otlp</c>, reporting every problem.</summary>
    public static OtlpReceiverOptions Bind(ConfigSection section)
    {
        var protocols = section.Section("protocols");
        section.ReportUnknownKeys();

        if (protocols.Has("grpc"))
        {
            protocols.Invalid("grpc", "the OTLP/gRPC protocol is not available in this build yet; send OTLP/HTTP to the http protocol (port 4318)");
        }

        var options = new OtlpReceiverOptions
        {
            Http = protocols.Has("http") ? HttpServerOptions.Bind(protocols.Section("http")) : null,
        };
        protocols.ReportUnknownKeys();

        if (options.Http is null && !protocols.Has("grpc"))
        {
            section.Invalid("must specify at least one protocol when using the OTLP receiver");
        }

        return options;
    }
}
