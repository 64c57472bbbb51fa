using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace MiniCollector.Hosting;

/// <summary>The collector's own log output: one line per event on stderr, timestamped, naming the component.</summary>
public static class CollectorLogging
{
    /// <summary>A console logger factory at the given minimum level.</summary>
    public static ILoggerFactory Create(LogLevel level) => LoggerFactory.Create(builder =>
    {
        builder.SetMinimumLevel(level);

        // Kestrel's own informational chatter would duplicate the receivers' bind lines.
        builder.AddFilter("Microsoft", LogLevel.Warning);

        // Kestrel warns that cleartext HTTP/2 needs TLS; our endpoints detect h2c themselves (CleartextHttp2Detection).
        builder.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error);
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    });
}
