using MiniCollector.Exporters.Sending;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Settings both OTLP exporters share: headers, compression, timeout, TLS, retry and queue.</summary>
public sealed record OtlpClientOptions
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>gzip (default) or none.</summary>
    public bool Gzip { get; init; } = true;

    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan Timeout { get; init; }

    public TlsClientOptions Tls { get; init; } = new();

    public RetryOptions Retry { get; init; } = new();

    public SendingQueueOptions Queue { get; init; } = new();

    /// <summary>Binds the shared keys of an OTLP exporter section.</summary>
    public static OtlpClientOptions Bind(ConfigSection section, TimeSpan defaultTimeout)
    {
        var compression = section.Choice("compression", "gzip", "gzip", "none", "", "zstd", "snappy", "zlib", "deflate", "lz4");
        if (compression is not ("gzip" or "none" or ""))
        {
            section.Invalid("compression", $"compression \"{compression}\" is not supported by MiniCollector (supported: gzip, none)");
        }

        return new OtlpClientOptions
        {
            Headers = section.StringMap("headers") ?? new Dictionary<string, string>(),
            Gzip = compression == "gzip",
            Timeout = section.Duration("timeout", defaultTimeout),
            Tls = TlsClientOptions.Bind(section.Section("tls")),
            Retry = RetryOptions.Bind(section.Section("retry_on_failure")),
            Queue = SendingQueueOptions.Bind(section.Section("sending_queue")),
        };
    }
}
