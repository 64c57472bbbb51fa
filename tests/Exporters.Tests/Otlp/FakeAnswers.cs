using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Http;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Rpc;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>What a fake downstream answers: OTLP/HTTP status codes with Status bodies, gRPC statuses in trailers.</summary>
internal static class FakeAnswers
{
    public const int GrpcOk = 0;
    public const int GrpcInvalidArgument = 3;
    public const int GrpcResourceExhausted = 8;
    public const int GrpcUnavailable = 14;

    // ---- OTLP/HTTP ----

    /// <summary>200 with an empty (fully successful) protobuf response.</summary>
    public static Task HttpOk(HttpContext context) => HttpMessage(context, 200, new ExportTraceServiceResponse());

    /// <summary>200 with an <c>ExportTraceServiceResponse</c> carrying a partial success.</summary>
    public static Task HttpPartial(HttpContext context, long rejectedSpans, string message)
        => HttpMessage(context, 200, new ExportTraceServiceResponse { PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = rejectedSpans, ErrorMessage = message } });

    /// <summary>A failure status with a protobuf <c>google.rpc.Status</c> body and an optional Retry-After value.</summary>
    public static Task HttpStatus(HttpContext context, int httpStatus, string message, string? retryAfter = null)
    {
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return HttpMessage(context, httpStatus, new Status { Code = httpStatus == 400 ? GrpcInvalidArgument : GrpcUnavailable, Message = message });
    }

    public static async Task HttpMessage(HttpContext context, int httpStatus, IMessage message)
    {
        var bytes = message.ToByteArray();
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/x-protobuf";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }

    /// <summary>200 with an OTLP/JSON (empty) response, as a server answers a JSON request.</summary>
    public static async Task HttpJsonOk(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{}");
    }

    // ---- OTLP/gRPC ----

    /// <summary>OK with one framed response message (an empty ExportTraceServiceResponse unless given).</summary>
    public static async Task Grpc(HttpContext context, IMessage? response = null)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(Frame((response ?? new ExportTraceServiceResponse()).ToByteArray()));
        context.Response.AppendTrailer("grpc-status", "0");
    }

    /// <summary>
    /// A failed call: in trailers after an empty body, or (trailers-only) in the response headers; with a
    /// <c>RetryInfo</c> detail in <c>grpc-status-details-bin</c> when <paramref name="retryDelay"/> is given.
    /// </summary>
    public static Task GrpcStatus(HttpContext context, int code, string message, TimeSpan? retryDelay = null, bool trailersOnly = false)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/grpc";
        var values = new List<(string Name, string Value)> { ("grpc-status", code.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("grpc-message", Uri.EscapeDataString(message)) };
        if (retryDelay is { } delay)
        {
            values.Add(("grpc-status-details-bin", DetailsBin(code, message, delay)));
        }

        foreach (var (name, value) in values)
        {
            if (trailersOnly)
            {
                context.Response.Headers[name] = value;
            }
            else
            {
                context.Response.AppendTrailer(name, value);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A base64 <c>google.rpc.Status</c> with an Any-packed <c>RetryInfo</c>, unpadded as grpc-go sends binary metadata.</summary>
    public static string DetailsBin(int code, string message, TimeSpan delay)
    {
        var status = new Status { Code = code, Message = message };
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        return Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
    }

    // ---- framing ----

    public static byte[] Frame(byte[] message, bool compressed = false)
    {
        var framed = new byte[5 + message.Length];
        framed[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, 5);
        return framed;
    }

    /// <summary>The single message of a gRPC request body, with its compressed flag; the length prefix must be exact.</summary>
    public static (bool Compressed, byte[] Message) Unframe(byte[] body)
    {
        Assert.True(body.Length >= 5, "a gRPC body has a 5-byte prefix");
        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
        Assert.Equal(body.Length - 5, length);
        Assert.True(body[0] is 0 or 1, $"compressed flag {body[0]}");
        return (body[0] == 1, body[5..]);
    }

    public static byte[] Gunzip(byte[] data)
    {
        using var gzip = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }

    /// <summary>A gRPC timeout header (<c>1234m</c>, <c>5S</c>, ...) as a TimeSpan.</summary>
    public static TimeSpan ParseGrpcTimeout(string value)
    {
        var amount = long.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture);
        return value[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromMicroseconds(amount),
            'n' => TimeSpan.FromTicks(amount / 100),
            _ => throw new FormatException("bad grpc-timeout unit in " + value),
        };
    }
}
