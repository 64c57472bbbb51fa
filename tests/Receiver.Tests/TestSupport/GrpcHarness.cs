using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Receivers.Otlp;

namespace MiniCollector.Receiver.Tests.TestSupport;

/// <summary>A real OTLP receiver serving gRPC on a loopback port chosen by the OS, feeding a recording consumer.</summary>
internal sealed class GrpcHarness : IAsyncDisposable
{
    public const string TracesMethod = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    public const string MetricsMethod = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
    public const string LogsMethod = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

    private readonly OtlpReceiver _receiver;

    private GrpcHarness(OtlpReceiver receiver, RecordingConsumer consumer)
    {
        _receiver = receiver;
        Consumer = consumer;
        BaseAddress = new Uri(receiver.Endpoints[0].Url);

        // One HTTP/2 connection, as gRPC clients use; cleartext with prior knowledge.
        Client = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = false })
        {
            BaseAddress = BaseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public OtlpReceiver Receiver => _receiver;

    public RecordingConsumer Consumer { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>Starts a receiver whose grpc protocol section is the given YAML (endpoint forced to 127.0.0.1:0).</summary>
    public static async Task<GrpcHarness> StartAsync(string grpcSettingsYaml = "", bool tracesOnly = false)
    {
        var yaml = "protocols:\n  grpc:\n    endpoint: 127.0.0.1:0\n" + string.Join("\n", grpcSettingsYaml.Split('\n').Select(l => "    " + l));
        var errors = new ConfigErrors();
        var node = YamlConfigReader.Read(yaml, "test.yaml", EnvExpander.Process, errors);
        var options = OtlpReceiverOptions.Bind(new ConfigSection(node, "receivers::otlp", errors));
        Assert.Empty(errors.Items);

        var consumer = new RecordingConsumer();
        var consumers = tracesOnly ? new SignalConsumers(s => s == Signal.Traces ? consumer : null) : SignalConsumers.AllTo(consumer);
        var context = new ComponentContext(new ComponentId("otlp", string.Empty), ComponentKind.Receiver, NullLoggerFactory.Instance);
        var receiver = new OtlpReceiver(context, options, consumers);
        await receiver.StartAsync(CancellationToken.None);
        return new GrpcHarness(receiver, consumer);
    }

    /// <summary>A 5-byte gRPC prefix (compressed flag, big-endian length) followed by the message.</summary>
    public static byte[] Frame(byte[] message, bool compressed = false, int? declaredLength = null)
    {
        var framed = new byte[5 + message.Length];
        framed[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)(declaredLength ?? message.Length));
        message.CopyTo(framed, 5);
        return framed;
    }

    /// <summary>Sends a raw unary call and returns the response (trailers readable after the body is read).</summary>
    public async Task<HttpResponseMessage> CallAsync(string path, byte[] body, string contentType = "application/grpc", Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        configure?.Invoke(request);
        var response = await Client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _receiver.ShutdownAsync(CancellationToken.None);
    }
}

/// <summary>Reads gRPC status from a response: headers for trailers-only answers, trailers otherwise.</summary>
internal static class GrpcResponses
{
    public static int Status(this HttpResponseMessage response) => int.Parse(Header(response, "grpc-status")!, System.Globalization.CultureInfo.InvariantCulture);

    public static string? Message(this HttpResponseMessage response) => Header(response, "grpc-message") is { } m ? MiniCollector.Pipeline.Otlp.GrpcMessageText.Decode(m) : null;

    public static string? Header(this HttpResponseMessage response, string name)
    {
        if (response.Headers.TryGetValues(name, out var values) || response.TrailingHeaders.TryGetValues(name, out values))
        {
            return values.First();
        }

        return null;
    }

    /// <summary>The single response message, unframed.</summary>
    public static async Task<byte[]> MessageBytesAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(body.Length >= 5, "expected a framed response message");
        Assert.Equal(0, body[0]);
        int length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1));
        Assert.Equal(body.Length - 5, length);
        return body[5..];
    }
}
