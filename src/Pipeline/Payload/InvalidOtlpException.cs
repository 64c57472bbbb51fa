namespace MiniCollector.Pipeline.Payload;

/// <summary>A received body is not a valid OTLP request; the message says why (the client's 400 / INVALID_ARGUMENT).</summary>
public sealed class InvalidOtlpException(string message, Exception? inner = null) : Exception(message, inner);
