namespace MiniCollector.Pipeline.Payload;

/// <summary>What decoding a received body produced: the request to pass on (null when nothing valid is left) and what was dropped.</summary>
public readonly record struct DecodedRequest(TelemetryRequest? Request, long Rejected, string? RejectReason);
