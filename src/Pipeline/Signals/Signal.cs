using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Signals;

/// <summary>The OTLP signals a pipeline carries; what differs between them is in their <see cref="SignalKind"/>.</summary>
public enum Signal
{
    Traces,
    Metrics,
    Logs,
}

/// <summary>The signals' names, read from their <see cref="SignalKind"/> (where every per-signal fact lives).</summary>
public static class SignalNames
{
    /// <summary>The name used in <c>service::pipelines</c> ids and log lines.</summary>
    public static string Name(this Signal signal) => SignalKind.For(signal).Name;

    /// <summary>Parses a pipeline signal name; false for anything we do not carry.</summary>
    public static bool TryParse(string name, out Signal signal)
    {
        foreach (var kind in SignalKind.All)
        {
            if (kind.Name == name)
            {
                signal = kind.Signal;
                return true;
            }
        }

        signal = default;
        return false;
    }

    /// <summary>What one item of the signal is called (spans, data points, log records).</summary>
    public static string ItemNoun(this Signal signal) => SignalKind.For(signal).ItemNoun;
}
