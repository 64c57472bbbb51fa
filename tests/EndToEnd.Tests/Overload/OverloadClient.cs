using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Resource;
using MiniCollector.Otlp.Rpc;
using MiniCollector.Otlp.Trace;
using Status = MiniCollector.Otlp.Rpc.Status;

namespace MiniCollector.EndToEnd.Tests.Overload;

/// <summary>Raw OTLP requests and calls for the overload tests: uniquely named spans, HTTP posts, unary gRPC calls.</summary>
internal static class OverloadClient
{
    public const string TracesMethod = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    /// <summary>One resource and scope holding a span per name, each carrying <paramref name="payloadBytes"/> bytes of attribute.</summary>
    public static ExportTraceServiceRequest Spans(IReadOnlyList<string> names, int payloadBytes = 0)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "overload" } };
        var payload = payloadBytes > 0 ? ByteString.CopyFrom(new byte[payloadBytes]) : null;
        for (int i = 0; i < names.Count; i++)
        {
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(Id(16, names[i])),
                SpanId = ByteString.CopyFrom(Id(8, names[i])),
                Name = names[i],
                Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = 1_700_000_000_000_000_000UL,
                EndTimeUnixNano = 1_700_000_000_001_000_000UL,
            };
            if (payload is not null)
            {
                span.Attributes.Add(new KeyValue { Key = "payload", Value = new AnyValue { BytesValue = payload } });
            }

            scope.Spans.Add(span);
        }

        var resource = new ResourceSpans
        {
            Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "overload-test" } } } },
            ScopeSpans = { scope },
        };
        return new ExportTraceServiceRequest { ResourceSpans = { resource } };
    }

    /// <summary>One gauge point, for a pipeline without a memory limiter.</summary>
    public static ExportMetricsServiceRequest Gauge(string name) => new()
    {
        ResourceMetrics =
        {
            new ResourceMetrics
            {
                ScopeMetrics =
                {
                    new ScopeMetrics
                    {
                        Metrics =
                        {
                            new Metric { Name = name, Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsDouble = 1, TimeUnixNano = 1_700_000_000_000_000_000UL } } } },
                        },
                    },
                },
            },
        },
    };

    /// <summary>POSTs a body to <c>{baseUrl}/v1/{signal}</c>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string baseUrl, string signal, byte[] body, string contentType = "application/x-protobuf", CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await client.PostAsync(baseUrl.TrimEnd('/') + "/v1/" + signal, content, cancellationToken);
    }

    /// <summary>An HTTP/2 cleartext client with prior knowledge, as gRPC clients use.</summary>
    public static HttpClient GrpcClient(string baseUrl) => new(new SocketsHttpHandler { EnableMultipleHttp2Connections = false })
    {
        BaseAddress = new Uri(baseUrl),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Sends one framed unary call; the body (and so the trailers) is read before returning.</summary>
    public static async Task<HttpResponseMessage> CallAsync(HttpClient client, string path, byte[] message)
    {
        var framed = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, 5);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(framed), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response;
    }

    /// <summary>A gRPC header or trailer (trailers-only answers carry the status in the headers).</summary>
    public static string? GrpcHeader(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) || response.TrailingHeaders.TryGetValues(name, out values) ? values.First() : null;

    /// <summary>The <c>google.rpc.Status</c> carried in <c>grpc-status-details-bin</c> (unpadded base64).</summary>
    public static Status? GrpcStatusDetails(HttpResponseMessage response)
    {
        var value = GrpcHeader(response, "grpc-status-details-bin");
        if (value is null)
        {
            return null;
        }

        var padded = value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=');
        return Status.Parser.ParseFrom(Convert.FromBase64String(padded));
    }

    /// <summary>The retry delay of the single <c>RetryInfo</c> detail of a status.</summary>
    public static TimeSpan RetryDelay(Status status)
    {
        var detail = Assert.Single(status.Details);
        Assert.True(detail.Is(RetryInfo.Descriptor), $"expected a RetryInfo detail, got {detail.TypeUrl}");
        return detail.Unpack<RetryInfo>().RetryDelay.ToTimeSpan();
    }

    private static byte[] Id(int length, string name)
    {
        var bytes = new byte[length];
        var hash = (uint)StringComparer.Ordinal.GetHashCode(name) | 1;
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(hash >> (8 * (i % 4)));
            hash = (hash * 2654435761u) + 1;
        }

        bytes[0] |= 1;
        return bytes;
    }
}
