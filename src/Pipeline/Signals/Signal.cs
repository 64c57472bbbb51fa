namespace MiniCollector.Pipeline.Signals;

/// <summary>The three OTLP signals a pipeline carries.</summary>
public enum Signal
{
    Traces,
    Metrics,
    Logs,
}

/// <summary>Config names and item nouns of the signals.</summary>
public static class SignalNames
{
    /// <summary>The name used in <c>service::pipelines</c> ids and log lines.</summary>
    public static string Name(this Signal signal) => signal switch
    {
        Signal.Traces => "traces",
        Signal.Metrics => "metrics",
        _ => "logs",
    };

    /// <summary>Parses a pipeline signal name; false for anything we do not carry.</summary>
    public static bool TryParse(string name, out Signal signal)
    {
        switch (name)
        {
            case "traces": signal = Signal.Traces; return true;
            case "metrics": signal = Signal.Metrics; return true;
            case "logs": signal = Signal.Logs; return true;
            default: signal = default; return false;
        }
    }

    /// <summary>What one item of the signal is called (spans, data points, log records).</summary>
    public static string ItemNoun(this Signal signal) => signal switch
    {
        Signal.Traces => "spans",
        Signal.Metrics => "data points",
        _ => "log records",
    };
}
