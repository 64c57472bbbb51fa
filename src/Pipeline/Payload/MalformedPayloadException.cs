namespace MiniCollector.Pipeline.Payload;

/// <summary>Thrown when serialized OTLP bytes are not a well-formed message; receivers answer it with 400 / INVALID_ARGUMENT.</summary>
public sealed class MalformedPayloadException(string message) : Exception(message);
