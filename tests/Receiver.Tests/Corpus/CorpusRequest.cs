using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Otlp;
using MiniCollector.Pipeline.Otlp.Json;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Receivers.Otlp.Grpc;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>How a request reaches the receiver.</summary>
internal enum Transport
{
    /// <summary>OTLP/HTTP over HTTP/1.1.</summary>
    Http1,

    /// <summary>OTLP/HTTP over cleartext HTTP/2 (prior knowledge).</summary>
    Http2,

    /// <summary>OTLP/gRPC.</summary>
    Grpc,
}

/// <summary>What the test's own decoding says the receiver must answer.</summary>
internal enum Verdict
{
    /// <summary>Valid: 200 / OK, with exactly the expected items passed on and rejected.</summary>
    Accept,

    /// <summary>Malformed: a 4xx / a non-OK gRPC status, nothing passed on.</summary>
    Reject,

    /// <summary>Our decoding cannot tell (e.g. a oneof set twice in JSON): any clean answer, never a 5xx.</summary>
    Either,
}

/// <summary>The oracle's answer: the verdict and, when accepted, how many items pass and how many are rejected.</summary>
internal readonly record struct Expectation(Verdict Verdict, long? Items = null, long? Rejected = null, string? Why = null)
{
    public static Expectation Reject(string why) => new(Verdict.Reject, Why: why);

    public static Expectation Either(string why) => new(Verdict.Either, Why: why);

    public static Expectation Accept(long items, long rejected) => new(Verdict.Accept, items, rejected);

    /// <summary>Accepted, with item counts unknown to the oracle.</summary>
    public static Expectation AcceptUncounted(string why) => new(Verdict.Accept, Why: why);
}

/// <summary>One request of a corpus, with the answer it must get.</summary>
internal sealed record CorpusRequest(
    string Name,
    Transport Transport,
    string Path,
    byte[] Body,
    string? ContentType,
    Expectation Expected,
    Signal Signal,
    string Method = "POST",
    string? ContentEncoding = null,
    string? GrpcEncoding = null)
{
    public const string ProtobufType = "application/x-protobuf";
    public const string JsonType = "application/json";
    public const string GrpcType = "application/grpc";

    public static string HttpPath(Signal signal) => signal switch
    {
        Signal.Traces => "/v1/traces",
        Signal.Metrics => "/v1/metrics",
        _ => "/v1/logs",
    };

    public static string GrpcPath(Signal signal) => signal switch
    {
        Signal.Traces => "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
        Signal.Metrics => "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
        _ => "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
    };

    /// <summary>A protobuf body to the OTLP/HTTP endpoint of its signal.</summary>
    public static CorpusRequest HttpProtobuf(string name, Signal signal, byte[] body, Expectation expected, Transport transport = Transport.Http1, string? encoding = null)
        => new(name, transport, HttpPath(signal), body, ProtobufType, expected, signal, ContentEncoding: encoding);

    /// <summary>A JSON body to the OTLP/HTTP endpoint of its signal.</summary>
    public static CorpusRequest HttpJson(string name, Signal signal, byte[] body, Expectation expected, Transport transport = Transport.Http1, string? encoding = null)
        => new(name, transport, HttpPath(signal), body, JsonType, expected, signal, ContentEncoding: encoding);

    /// <summary>A unary call carrying an already framed body.</summary>
    public static CorpusRequest GrpcFramed(string name, Signal signal, byte[] framed, Expectation expected, string? grpcEncoding = null)
        => new(name, Transport.Grpc, GrpcPath(signal), framed, GrpcType, expected, signal, GrpcEncoding: grpcEncoding);

    /// <summary>A unary call carrying one uncompressed message.</summary>
    public static CorpusRequest GrpcMessage(string name, Signal signal, byte[] message, Expectation expected)
        => GrpcFramed(name, signal, Frame(message), expected);

    /// <summary>A 5-byte gRPC prefix (flag, big-endian length) followed by the message.</summary>
    public static byte[] Frame(byte[] message, byte flag = 0, uint? declaredLength = null)
    {
        var framed = new byte[5 + message.Length];
        framed[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), declaredLength ?? (uint)message.Length);
        message.CopyTo(framed, 5);
        return framed;
    }

    public override string ToString() => $"{Name} [{Transport} {Method} {Path} {ContentType} enc={ContentEncoding ?? GrpcEncoding ?? "-"}, {Body.Length} bytes]";
}

/// <summary>What came back: statuses, the body, or the transport error / hang that replaced them.</summary>
internal sealed record Reply(int HttpStatus, int? GrpcStatus, string? Message, byte[] Body, string? ResponseType, string? Error)
{
    public string Tally(Transport transport) => Error is not null
        ? $"{Name(transport)} error"
        : GrpcStatus is { } g && transport == Transport.Grpc ? $"{Name(transport)} http {HttpStatus} grpc-status {g}" : $"{Name(transport)} {HttpStatus}";

    private static string Name(Transport transport) => transport switch
    {
        Transport.Http1 => "http/1.1",
        Transport.Http2 => "http/2",
        _ => "grpc",
    };
}

/// <summary>Sends corpus requests and judges the replies against the oracle.</summary>
internal static class CorpusClient
{
    /// <summary>The spec's RECOMMENDED response size limit; error messages must never echo a body past it.</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    public static async Task<Reply> SendAsync(CorpusHarness harness, CorpusRequest request, TimeSpan? hangGuard = null)
    {
        var limit = hangGuard ?? CorpusHarness.HangGuard;
        var client = harness.ClientFor(request.Transport);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path)
        {
            Version = request.Transport == Transport.Http1 ? HttpVersion.Version11 : HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (request.Method != "GET" && request.Method != "HEAD")
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }

            if (request.ContentEncoding is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Encoding", request.ContentEncoding);
            }
        }

        if (request.Transport == Transport.Grpc)
        {
            message.Headers.TryAddWithoutValidation("te", "trailers");
            if (request.GrpcEncoding is not null)
            {
                message.Headers.TryAddWithoutValidation("grpc-encoding", request.GrpcEncoding);
            }
        }

        using var guard = new CancellationTokenSource(limit);
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, guard.Token);
            var body = await response.Content.ReadAsByteArrayAsync(guard.Token);
            int? grpcStatus = null;
            string? grpcMessage = null;
            if (Header(response, "grpc-status") is { } status)
            {
                grpcStatus = int.TryParse(status, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
                grpcMessage = Header(response, "grpc-message");
            }

            return new Reply((int)response.StatusCode, grpcStatus, grpcMessage, body, response.Content.Headers.ContentType?.MediaType, null);
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            return new Reply(0, null, null, [], null, $"no answer within {limit.TotalSeconds:0} s (hang)");
        }
        catch (HttpRequestException ex)
        {
            return new Reply(0, null, null, [], null, $"transport error (connection reset?): {Describe(ex)}");
        }
        catch (IOException ex)
        {
            return new Reply(0, null, null, [], null, $"transport error (connection reset?): {Describe(ex)}");
        }
    }

    /// <summary>Null when the reply is what the expectation allows, else why not.</summary>
    public static string? Judge(CorpusRequest request, Reply reply)
    {
        if (reply.Error is not null)
        {
            return reply.Error;
        }

        if (reply.HttpStatus >= 500)
        {
            return $"HTTP {reply.HttpStatus} (a 5xx for client input){Detail(reply)}";
        }

        if (reply.Body.Length > MaxResponseBytes)
        {
            return $"the answer is {reply.Body.Length} bytes, over the spec's {MaxResponseBytes}-byte response limit";
        }

        return request.Transport == Transport.Grpc ? JudgeGrpc(request, reply) : JudgeHttp(request, reply);
    }

    private static string? JudgeHttp(CorpusRequest request, Reply reply)
    {
        bool ok = reply.HttpStatus == 200;
        bool clientError = reply.HttpStatus is >= 400 and < 500;
        switch (request.Expected.Verdict)
        {
            case Verdict.Accept when !ok:
                return $"expected 200 (valid input), got {reply.HttpStatus}{Detail(reply)}";
            case Verdict.Accept:
                return CheckRejectedCount(request, ReadRejected(request.Signal, reply.Body, reply.ResponseType == CorpusRequest.JsonType));
            case Verdict.Reject when !clientError:
                return $"expected a 4xx (malformed: {request.Expected.Why}), got {reply.HttpStatus}";
            case Verdict.Either when !ok && !clientError:
                return $"expected 200 or a 4xx, got {reply.HttpStatus}";
            default:
                return null;
        }
    }

    private static string? JudgeGrpc(CorpusRequest request, Reply reply)
    {
        if (reply.HttpStatus != 200 && reply.HttpStatus is < 400 or >= 500)
        {
            return $"unexpected HTTP status {reply.HttpStatus} for a gRPC call";
        }

        if (reply.GrpcStatus is not { } status)
        {
            return $"no grpc-status (HTTP {reply.HttpStatus})";
        }

        switch (request.Expected.Verdict)
        {
            case Verdict.Accept when status != 0:
                return $"expected grpc-status 0 (valid input), got {status}{Detail(reply)}";
            case Verdict.Accept:
                if (reply.Body.Length < 5 || BinaryPrimitives.ReadUInt32BigEndian(reply.Body.AsSpan(1)) != reply.Body.Length - 5)
                {
                    return $"an OK answer without exactly one framed response message ({reply.Body.Length} bytes)";
                }

                return CheckRejectedCount(request, ReadRejected(request.Signal, reply.Body[5..], json: false));
            case Verdict.Reject when status == 0:
                return $"expected a non-OK grpc-status (malformed: {request.Expected.Why}), got OK";
            default:
                return null;
        }
    }

    private static string? CheckRejectedCount(CorpusRequest request, long? rejected)
    {
        if (rejected is null)
        {
            return "the success answer is not a decodable Export*ServiceResponse";
        }

        if (request.Expected.Rejected is { } expected && expected != rejected)
        {
            return $"partial_success says {rejected} rejected items, our decoding says {expected}";
        }

        return null;
    }

    private static long? ReadRejected(Signal signal, byte[] body, bool json)
    {
        try
        {
            return signal switch
            {
                Signal.Traces => (json ? OtlpJsonReader.ReadTraceResponse(body) : ExportTraceServiceResponse.Parser.ParseFrom(body)).PartialSuccess?.RejectedSpans ?? 0,
                Signal.Metrics => (json ? OtlpJsonReader.ReadMetricsResponse(body) : ExportMetricsServiceResponse.Parser.ParseFrom(body)).PartialSuccess?.RejectedDataPoints ?? 0,
                _ => (json ? OtlpJsonReader.ReadLogsResponse(body) : ExportLogsServiceResponse.Parser.ParseFrom(body)).PartialSuccess?.RejectedLogRecords ?? 0,
            };
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or OtlpJsonException)
        {
            return null;
        }
    }

    private static string Detail(Reply reply)
    {
        if (reply.Message is { } m)
        {
            return $": {Trim(GrpcMessageText.Decode(m))}";
        }

        if (reply.Body.Length > 0 && reply.ResponseType is CorpusRequest.JsonType)
        {
            return $": {Trim(System.Text.Encoding.UTF8.GetString(reply.Body))}";
        }

        if (reply.Body.Length > 0)
        {
            try
            {
                return $": {Trim(MiniCollector.Otlp.Rpc.Status.Parser.ParseFrom(reply.Body).Message)}";
            }
            catch (InvalidProtocolBufferException)
            {
            }
        }

        return string.Empty;
    }

    private static string Trim(string text) => text.Length <= 300 ? text : text[..300] + "...";

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) || response.TrailingHeaders.TryGetValues(name, out values) ? values.First() : null;

    private static string Describe(Exception ex)
    {
        var parts = new List<string>();
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            parts.Add($"{e.GetType().Name}: {e.Message}");
        }

        return string.Join(" -> ", parts);
    }
}
