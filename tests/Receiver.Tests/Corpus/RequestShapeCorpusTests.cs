using MiniCollector.Pipeline.Signals;
using MiniCollector.Receiver.Tests.TestSupport;
using Xunit.Abstractions;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>
/// Wrong methods, paths, content types and encodings, generated as combinations, on both receivers: the answer is a
/// 4xx (or a non-OK gRPC status) unless the combination is valid, and a large body refused before it is read does
/// not cost the client its connection.
/// </summary>
public sealed class RequestShapeCorpusTests(ITestOutputHelper output)
{
    private const long Limit = 16 * 1024 * 1024;

    private static readonly string[] Methods = ["GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "FOO"];

    [Fact]
    public async Task Methods_paths_content_types_and_encodings_on_the_http_receiver()
    {
        var corpus = new List<CorpusRequest>();
        int n = 0;
        foreach (var payload in CorpusPayloads.Signals.Select(CorpusPayloads.Small))
        {
            var path = CorpusRequest.HttpPath(payload.Signal);
            Transport Next() => n++ % 2 == 0 ? Transport.Http1 : Transport.Http2;

            foreach (var method in Methods)
            {
                corpus.Add(new CorpusRequest($"{method} {path}", Next(), path, payload.Protobuf, CorpusRequest.ProtobufType, Expectation.Reject("not POST"), payload.Signal, method));
            }

            foreach (var wrong in new[] { "/", "/v1", "/v1/", path + "/", path.ToUpperInvariant(), "/v1/" + path[4..^1], path + "x", "/v1/profiles", "/v1//" + path[4..], CorpusRequest.GrpcPath(payload.Signal), "/" + new string('a', 4000) })
            {
                corpus.Add(CorpusRequest.HttpProtobuf($"POST {wrong}", payload.Signal, payload.Protobuf, Expectation.Reject("no such endpoint"), Next()) with { Path = wrong });
            }

            corpus.Add(CorpusRequest.HttpProtobuf($"POST {path}?query=1", payload.Signal, payload.Protobuf, Expectation.Accept(payload.Items, 0), Next()) with { Path = path + "?query=1" });

            foreach (var type in new[] { "application/x-protobuf", "application/x-protobuf; charset=utf-8", "APPLICATION/X-PROTOBUF", "application/x-protobuf;proto=opentelemetry" })
            {
                corpus.Add(CorpusRequest.HttpProtobuf($"content type {type}", payload.Signal, payload.Protobuf, Expectation.Accept(payload.Items, 0), Next()) with { ContentType = type });
            }

            foreach (var type in new[] { "application/json", "application/json; charset=utf-8", "Application/Json" })
            {
                corpus.Add(CorpusRequest.HttpJson($"content type {type}", payload.Signal, payload.Json, Expectation.Accept(payload.Items, 0), Next()) with { ContentType = type });
            }

            string?[] wrongTypes =
            [
                null, string.Empty, "application/protobuf", "application/octet-stream", "text/plain", "application/grpc", "application/grpc+proto", "application/jsonx",
                "application/x-protobuf-x", "multipart/form-data; boundary=x", "application/", "/", ";", "*/*", "text/json", "application/x-ndjson",
            ];
            foreach (var type in wrongTypes)
            {
                corpus.Add(CorpusRequest.HttpProtobuf($"content type \"{type ?? "(none)"}\"", payload.Signal, payload.Protobuf, Expectation.Reject("not an OTLP content type"), Next()) with { ContentType = type });
            }

            corpus.Add(CorpusRequest.HttpJson("a JSON body sent as protobuf", payload.Signal, payload.Json, RequestOracle.ForHttp(payload.Signal, payload.Json, json: false, null, Limit), Next()) with { ContentType = CorpusRequest.ProtobufType });
            corpus.Add(CorpusRequest.HttpProtobuf("a protobuf body sent as JSON", payload.Signal, payload.Protobuf, Expectation.Reject("protobuf is not JSON"), Next()) with { ContentType = CorpusRequest.JsonType });

            var gzip = Payloads.Gzip(payload.Protobuf);
            var zlib = Payloads.Zlib(payload.Protobuf);
            var valid = Expectation.Accept(payload.Items, 0);
            var encodings = new (string Encoding, byte[] Body, Expectation Expected)[]
            {
                (string.Empty, payload.Protobuf, valid), ("identity", payload.Protobuf, valid), ("IDENTITY", payload.Protobuf, valid), ("gzip", gzip, valid), ("GZIP", gzip, valid),
                ("deflate", zlib, valid), ("zlib", zlib, valid), ("x-gzip", gzip, Expectation.Reject("x-gzip is not accepted")), ("br", payload.Protobuf, Expectation.Reject("unsupported")),
                ("zstd", payload.Protobuf, Expectation.Reject("unsupported")), ("snappy", payload.Protobuf, Expectation.Reject("unsupported")), ("lz4", payload.Protobuf, Expectation.Reject("unsupported")),
                ("compress", payload.Protobuf, Expectation.Reject("unsupported")), ("gzip, identity", gzip, Expectation.Reject("stacked encodings")), ("identity, gzip", gzip, Expectation.Reject("stacked encodings")),
                ("gzip", payload.Protobuf, Expectation.Reject("not gzip")), ("deflate", payload.Protobuf, Expectation.Either("plain bytes read as raw deflate")), ("identity", gzip, RequestOracle.ForHttp(payload.Signal, gzip, json: false, null, Limit)),
            };
            foreach (var (encoding, body, expected) in encodings)
            {
                corpus.Add(CorpusRequest.HttpProtobuf($"Content-Encoding \"{encoding}\" ({body.Length} bytes)", payload.Signal, body, expected, Next(), encoding));
            }
        }

        // Large bodies answered before they are read: the client gets its answer, not a reset.
        var big = new byte[8 * 1024 * 1024];
        foreach (var transport in new[] { Transport.Http1, Transport.Http2 })
        {
            corpus.Add(CorpusRequest.HttpProtobuf("8 MiB body, wrong content type", Signal.Traces, big, Expectation.Reject("not an OTLP content type"), transport) with { ContentType = "text/plain" });
            corpus.Add(CorpusRequest.HttpProtobuf("8 MiB body, wrong method", Signal.Traces, big, Expectation.Reject("not POST"), transport) with { Method = "PUT" });
            corpus.Add(CorpusRequest.HttpProtobuf("8 MiB body, wrong path", Signal.Traces, big, Expectation.Reject("no such endpoint"), transport) with { Path = "/v1/nothing" });
            corpus.Add(CorpusRequest.HttpProtobuf("8 MiB body, unsupported encoding", Signal.Traces, big, Expectation.Reject("unsupported"), transport, "br"));
        }

        await using var harness = await CorpusHarness.StartAsync($"max_request_body_size: {Limit}", "max_recv_msg_size_mib: 16");
        await CorpusRunner.RunAsync(harness, corpus, output, "HTTP request shapes");
    }

    [Fact]
    public async Task Methods_paths_and_content_types_on_the_grpc_receiver()
    {
        var corpus = new List<CorpusRequest>();
        foreach (var payload in CorpusPayloads.Signals.Select(CorpusPayloads.Small))
        {
            var framed = CorpusRequest.Frame(payload.Protobuf);
            var path = CorpusRequest.GrpcPath(payload.Signal);
            foreach (var method in Methods.Where(m => m != "OPTIONS"))
            {
                corpus.Add(CorpusRequest.GrpcFramed($"{method} {path}", payload.Signal, framed, Expectation.Reject("not POST")) with { Method = method });
            }

            foreach (var type in new[] { "application/grpc", "application/grpc+proto", "application/grpc; charset=utf-8", "application/grpc;x=y" })
            {
                corpus.Add(CorpusRequest.GrpcFramed($"content type {type}", payload.Signal, framed, Expectation.Accept(payload.Items, 0)) with { ContentType = type });
            }

            foreach (var type in new string?[] { null, string.Empty, "application/grpc+json", "application/grpc-web", "application/grpc-web+proto", "application/json", "application/x-protobuf", "text/plain", "application/grpcx" })
            {
                corpus.Add(CorpusRequest.GrpcFramed($"content type \"{type ?? "(none)"}\"", payload.Signal, framed, Expectation.Reject("not a gRPC protobuf content type")) with { ContentType = type });
            }

            foreach (var wrong in new[] { "/", path + "/", path.ToLowerInvariant(), path.Replace("/Export", "/export", StringComparison.Ordinal), path.Replace("/Export", "/Nope", StringComparison.Ordinal), "/no.such.Service/Export", CorpusRequest.HttpPath(payload.Signal), "/%2F" + path[1..] })
            {
                corpus.Add(CorpusRequest.GrpcFramed($"POST {wrong}", payload.Signal, framed, Expectation.Reject("no such method")) with { Path = wrong });
            }

            corpus.Add(CorpusRequest.GrpcFramed("a JSON message", payload.Signal, CorpusRequest.Frame(payload.Json), RequestOracle.ForGrpc(payload.Signal, CorpusRequest.Frame(payload.Json), null, Limit)));
        }

        var big = CorpusRequest.Frame(new byte[8 * 1024 * 1024]);
        corpus.Add(CorpusRequest.GrpcFramed("8 MiB call, wrong content type", Signal.Traces, big, Expectation.Reject("not a gRPC protobuf content type")) with { ContentType = "application/json" });
        corpus.Add(CorpusRequest.GrpcFramed("8 MiB call, unknown method", Signal.Traces, big, Expectation.Reject("no such method")) with { Path = "/no.such.Service/Export" });
        corpus.Add(CorpusRequest.GrpcFramed("8 MiB call, wrong method", Signal.Traces, big, Expectation.Reject("not POST")) with { Method = "PUT" });

        await using var harness = await CorpusHarness.StartAsync($"max_request_body_size: {Limit}", "max_recv_msg_size_mib: 16");
        await CorpusRunner.RunAsync(harness, corpus, output, "gRPC request shapes");
    }
}
