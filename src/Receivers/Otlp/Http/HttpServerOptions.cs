using MiniCollector.Endpoints;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Receivers.Otlp.Http;

/// <summary>The <c>receivers::otlp::protocols::http</c> settings, with MiniCollector's defaults.</summary>
public sealed record HttpServerOptions
{
    /// <summary>Default request body limit: 64 MiB as the OTLP spec recommends (the reference uses 20 MiB).</summary>
    public const long DefaultMaxRequestBodySize = 64L * 1024 * 1024;

    /// <summary>Where to listen.</summary>
    public string Endpoint { get; init; } = "localhost:4318";

    /// <summary>Largest accepted body, counted after decompression.</summary>
    public long MaxRequestBodySize { get; init; } = DefaultMaxRequestBodySize;

    /// <summary>Pass request headers on to the pipeline as client metadata.</summary>
    public bool IncludeMetadata { get; init; }

    /// <summary>Accepted <c>Content-Encoding</c> values; an empty list disables decompression.</summary>
    public IReadOnlyList<string> CompressionAlgorithms { get; init; } = SupportedCompression;

    /// <summary>CORS policy; null when not configured.</summary>
    public CorsOptions? Cors { get; init; }

    /// <summary>Headers added to every response.</summary>
    public IReadOnlyDictionary<string, string> ResponseHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>Each signal's endpoint path, in <see cref="Signal"/> order (<c>{signal}_url_path</c>; default <c>/v1/{signal}</c>).</summary>
    public IReadOnlyList<string> UrlPaths { get; init; } = [.. SignalKind.All.Select(k => k.HttpPath)];

    /// <summary>TLS settings; null serves cleartext.</summary>
    public ServerTlsOptions? Tls { get; init; }

    /// <summary>The auth extension checking every request; null when open.</summary>
    public ComponentId? Authenticator { get; init; }

    /// <summary>Encodings this build can decode (identity is written as the empty string).</summary>
    public static IReadOnlyList<string> SupportedCompression { get; } = ["", "gzip", "zlib", "deflate"];

    // gRPC server keys users often write under http by mistake.
    private static readonly Dictionary<string, string> MisplacedKeys = new()
    {
        ["max_recv_msg_size_mib"] = "max_recv_msg_size_mib is a gRPC setting: it belongs under protocols::grpc; the HTTP limit is max_request_body_size (bytes).",
        ["max_concurrent_streams"] = "max_concurrent_streams is a gRPC setting: it belongs under protocols::grpc.",
        ["keepalive"] = "keepalive is a gRPC setting: it belongs under protocols::grpc.",
    };

    /// <summary>Binds the section, reporting every problem.</summary>
    public static HttpServerOptions Bind(ConfigSection section)
    {
        var d = new HttpServerOptions();
        var compression = section.StringList("compression_algorithms");
        if (compression is not null)
        {
            foreach (var c in compression)
            {
                if (!SupportedCompression.Contains(c))
                {
                    section.Invalid("compression_algorithms", $"unsupported compression algorithm \"{c}\" (supported: gzip, zlib, deflate; zstd, snappy and lz4 are not available in this build)");
                }
            }
        }

        var options = new HttpServerOptions
        {
            Endpoint = section.String("endpoint", d.Endpoint),
            MaxRequestBodySize = section.Long("max_request_body_size", d.MaxRequestBodySize, min: 1),
            IncludeMetadata = section.Bool("include_metadata", d.IncludeMetadata),
            CompressionAlgorithms = compression ?? d.CompressionAlgorithms,
            Cors = section.Has("cors") ? CorsOptions.Bind(section.Section("cors")) : null,
            ResponseHeaders = section.StringMap("response_headers") ?? d.ResponseHeaders,
            UrlPaths = [.. SignalKind.All.Select(k => UrlPath(section.String(k.Name + "_url_path", d.UrlPaths[(int)k.Signal])))],
            Tls = ServerTlsOptions.Bind(section.Section("tls")),
            Authenticator = AuthReference.Bind(section.Section("auth")),
        };
        section.ReportUnknownKeys(MisplacedKeys);
        return options;
    }

    // As the reference does, a path written without a leading slash gets one.
    private static string UrlPath(string path) => path.StartsWith('/') ? path : "/" + path;
}
