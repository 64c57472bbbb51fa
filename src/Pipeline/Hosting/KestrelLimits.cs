using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MiniCollector.Pipeline.Hosting;

/// <summary>The Kestrel limits every MiniCollector listener runs with, chosen for telemetry endpoints rather than left implicit.</summary>
public static class KestrelLimits
{
    /// <summary>Sets the limits on a server's options (before a component adds its own).</summary>
    public static void Apply(KestrelServerOptions options)
    {
        options.AddServerHeader = false;

        // Receivers enforce their own body limits after decompression; Kestrel's would count compressed bytes.
        options.Limits.MaxRequestBodySize = null;

        // Headers are small (auth tokens, gRPC metadata); a client must send its body at 240 B/s or faster after 5 s,
        // so slow-drip clients cannot pin connections; headers must arrive within 30 s; connections and streams are
        // bounded.
        options.Limits.MaxRequestHeaderCount = 100;
        options.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        options.Limits.MaxRequestLineSize = 8 * 1024;
        options.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
        options.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        options.Limits.MaxConcurrentConnections = 10_000;
        options.Limits.MaxConcurrentUpgradedConnections = 0;
        options.Limits.Http2.MaxStreamsPerConnection = 100;
    }
}
