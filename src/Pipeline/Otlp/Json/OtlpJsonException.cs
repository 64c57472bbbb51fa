namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>An OTLP/JSON payload could not be decoded; the message names the problem and where it is.</summary>
public sealed class OtlpJsonException : Exception
{
    public OtlpJsonException()
        : this("invalid OTLP/JSON payload")
    {
    }

    public OtlpJsonException(string message)
        : this(message, path: string.Empty, innerException: null)
    {
    }

    public OtlpJsonException(string message, Exception? innerException)
        : this(message, path: string.Empty, innerException)
    {
    }

    public OtlpJsonException(string message, string path, Exception? innerException)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>
    /// Where in the document the problem is, e.g. <c>resourceSpans[0].scopeSpans[0].spans[3].traceId</c>;
    /// empty at the root. Keys appear as the sender spelled them.
    /// </summary>
    public string Path { get; }
}
