namespace MiniCollector.Pipeline.Telemetry;

/// <summary>Shorthand for the label (tag) pairs of self-metric series.</summary>
public static class Label
{
    public static KeyValuePair<string, string> Of(string name, string value) => new(name, value);
}
