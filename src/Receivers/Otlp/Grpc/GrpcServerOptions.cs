using MiniCollector.Endpoints;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Receivers.Otlp.Grpc;

/// <summary>The <c>receivers::otlp::protocols::grpc</c> settings, with MiniCollector's defaults.</summary>
public sealed record GrpcServerOptions
{
    /// <summary>Where to listen.</summary>
    public string Endpoint { get; init; } = "localhost:4317";

    /// <summary>Largest accepted message in MiB, after decompression: 64 as the OTLP spec recommends (the reference uses 4).</summary>
    public int MaxRecvMsgSizeMib { get; init; } = 64;

    /// <summary>Most concurrent streams per connection; 0 keeps the server default (100).</summary>
    public int MaxConcurrentStreams { get; init; }

    /// <summary>Bytes the server reads ahead per connection before applying backpressure.</summary>
    public int ReadBufferSize { get; init; } = 512 * 1024;

    /// <summary>Bytes buffered for writing per connection before backpressure; 0 keeps the server default.</summary>
    public int WriteBufferSize { get; init; }

    /// <summary>Pass request metadata (headers) on to the pipeline.</summary>
    public bool IncludeMetadata { get; init; }

    /// <summary>TLS settings; null serves cleartext HTTP/2.</summary>
    public ServerTlsOptions? Tls { get; init; }

    /// <summary>The auth extension checking every call; null when open.</summary>
    public ComponentId? Authenticator { get; init; }

    /// <summary>Keepalive settings.</summary>
    public GrpcKeepaliveOptions Keepalive { get; init; } = new();

    /// <summary>Largest accepted message in bytes.</summary>
    public long MaxRecvMsgSizeBytes => MaxRecvMsgSizeMib * 1024L * 1024L;

    /// <summary>Binds the section, reporting every problem.</summary>
    public static GrpcServerOptions Bind(ConfigSection section)
    {
        var d = new GrpcServerOptions();
        var transport = section.Choice("transport", "tcp", "tcp", "unix");
        if (transport == "unix")
        {
            section.Invalid("transport", "the unix transport is not supported by MiniCollector; use tcp");
        }

        var options = new GrpcServerOptions
        {
            Endpoint = section.String("endpoint", d.Endpoint),
            MaxRecvMsgSizeMib = section.Int("max_recv_msg_size_mib", d.MaxRecvMsgSizeMib, min: 1, max: 4096),
            MaxConcurrentStreams = section.Int("max_concurrent_streams", d.MaxConcurrentStreams, min: 0),
            ReadBufferSize = section.Int("read_buffer_size", d.ReadBufferSize, min: 0),
            WriteBufferSize = section.Int("write_buffer_size", d.WriteBufferSize, min: 0),
            IncludeMetadata = section.Bool("include_metadata", d.IncludeMetadata),
            Keepalive = GrpcKeepaliveOptions.Bind(section.Section("keepalive")),
            Tls = ServerTlsOptions.Bind(section.Section("tls")),
            Authenticator = AuthReference.Bind(section.Section("auth")),
        };
        section.ReportUnknownKeys(MisplacedKeys);
        return options;
    }

    // HTTP server keys users often write under grpc by mistake.
    private static readonly Dictionary<string, string> MisplacedKeys = new()
    {
        ["max_request_body_size"] = "max_request_body_size is an HTTP setting: it belongs under protocols::http; the gRPC limit is max_recv_msg_size_mib.",
        ["cors"] = "cors is an HTTP setting: it belongs under protocols::http.",
    };
}

/// <summary>The <c>keepalive</c> section of the gRPC server settings.</summary>
public sealed record GrpcKeepaliveOptions
{
    /// <summary>Close a connection idle (no streams) this long; null keeps it open indefinitely.</summary>
    public TimeSpan? MaxConnectionIdle { get; init; }

    /// <summary>Ask a connection to close (GOAWAY) after this long; null never.</summary>
    public TimeSpan? MaxConnectionAge { get; init; }

    /// <summary>After asking, how long in-flight streams may finish before the connection is cut; null waits for them.</summary>
    public TimeSpan? MaxConnectionAgeGrace { get; init; }

    /// <summary>Ping a connection idle this long (grpc-go's default: 2h).</summary>
    public TimeSpan Time { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Close the connection when a ping is not answered within this (default 20s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Minimum interval between client pings the client is expected to respect (default 5m).</summary>
    public TimeSpan MinTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether clients may ping without active streams.</summary>
    public bool PermitWithoutStream { get; init; }

    /// <summary>Binds <c>keepalive</c>.</summary>
    public static GrpcKeepaliveOptions Bind(ConfigSection section)
    {
        var d = new GrpcKeepaliveOptions();
        var server = section.Section("server_parameters");
        var policy = section.Section("enforcement_policy");
        var options = new GrpcKeepaliveOptions
        {
            MaxConnectionIdle = OptionalDuration(server, "max_connection_idle"),
            MaxConnectionAge = OptionalDuration(server, "max_connection_age"),
            MaxConnectionAgeGrace = OptionalDuration(server, "max_connection_age_grace"),
            Time = server.Duration("time", d.Time),
            Timeout = server.Duration("timeout", d.Timeout),
            MinTime = policy.Duration("min_time", d.MinTime),
            PermitWithoutStream = policy.Bool("permit_without_stream", d.PermitWithoutStream),
        };
        server.ReportUnknownKeys();
        policy.ReportUnknownKeys();
        section.ReportUnknownKeys();
        return options;
    }

    // Zero or absent means "no limit", as in grpc-go.
    private static TimeSpan? OptionalDuration(ConfigSection section, string key)
    {
        var value = section.Duration(key, TimeSpan.Zero);
        return value > TimeSpan.Zero ? value : null;
    }
}
