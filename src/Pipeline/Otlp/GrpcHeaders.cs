namespace MiniCollector.Pipeline.Otlp;

/// <summary>The gRPC over HTTP/2 header and trailer names both sides use (the receiver writes what the exporter reads).</summary>
public static class GrpcHeaders
{
    /// <summary>The content type of every gRPC request and response.</summary>
    public const string ContentType = "application/grpc";

    /// <summary>The status code (decimal) of a finished call.</summary>
    public const string Status = "grpc-status";

    /// <summary>The percent-encoded status message (<see cref="GrpcMessageText"/>).</summary>
    public const string Message = "grpc-message";

    /// <summary>A serialized <c>google.rpc.Status</c>, base64 without padding (carries RetryInfo).</summary>
    public const string StatusDetails = "grpc-status-details-bin";

    /// <summary>The compression of the messages of this call.</summary>
    public const string Encoding = "grpc-encoding";

    /// <summary>The compressions the sender can read.</summary>
    public const string AcceptEncoding = "grpc-accept-encoding";

    /// <summary>The call's deadline (<see cref="GrpcTimeout"/>).</summary>
    public const string Timeout = "grpc-timeout";
}
