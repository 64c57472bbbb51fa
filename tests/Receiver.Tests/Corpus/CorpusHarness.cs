using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Receivers.Otlp;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>
/// One real OTLP receiver serving both protocols on loopback ports chosen by the OS, feeding a consumer that only
/// counts (so hundreds of thousands of requests cost no memory), with a client per way of reaching it.
/// </summary>
internal sealed class CorpusHarness : IAsyncDisposable
{
    /// <summary>How long any single request may take before a test calls it a hang.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly OtlpReceiver _receiver;

    private CorpusHarness(OtlpReceiver receiver, CountingConsumer consumer, int connections)
    {
        _receiver = receiver;
        Consumer = consumer;
        HttpAddress = new Uri(receiver.Endpoints.First(e => e.Protocol.StartsWith("http", StringComparison.Ordinal)).Url);
        GrpcAddress = new Uri(receiver.Endpoints.First(e => e.Protocol.StartsWith("grpc", StringComparison.Ordinal)).Url);

        // Keep-alive HTTP/1.1 over a few connections.
        Http1 = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = HttpAddress,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };

        // Cleartext HTTP/2 with prior knowledge on the OTLP/HTTP port, multiplexed.
        Http2 = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = HttpAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };

        Grpc = new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = GrpcAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public CountingConsumer Consumer { get; }

    public Uri HttpAddress { get; }

    public Uri GrpcAddress { get; }

    public HttpClient Http1 { get; }

    public HttpClient Http2 { get; }

    public HttpClient Grpc { get; }

    /// <summary>
    /// Starts a receiver with both protocols; each YAML fragment is added to its protocol's section (endpoints are
    /// forced to 127.0.0.1:0). Idle gRPC connections are kept so only the behaviour under test closes one.
    /// </summary>
    public static async Task<CorpusHarness> StartAsync(string httpYaml = "", string grpcYaml = "", int connections = 4)
    {
        var yaml = "protocols:\n"
            + "  http:\n    endpoint: 127.0.0.1:0\n" + Indent(httpYaml)
            + "  grpc:\n    endpoint: 127.0.0.1:0\n    keepalive:\n      server_parameters:\n        max_connection_idle: 1h\n" + Indent(grpcYaml);
        var errors = new ConfigErrors();
        var node = YamlConfigReader.Read(yaml, "corpus.yaml", EnvExpander.Process, errors);
        var options = OtlpReceiverOptions.Bind(new ConfigSection(node, "receivers::otlp", errors));
        Assert.Empty(errors.Items);

        var consumer = new CountingConsumer();
        var context = new ComponentContext(new ComponentId("otlp", string.Empty), ComponentKind.Receiver, NullLoggerFactory.Instance);
        var receiver = new OtlpReceiver(context, options, SignalConsumers.AllTo(consumer));
        await receiver.StartAsync(CancellationToken.None);
        return new CorpusHarness(receiver, consumer, connections);
    }

    /// <summary>The client that reaches the given transport.</summary>
    public HttpClient ClientFor(Transport transport) => transport switch
    {
        Transport.Http1 => Http1,
        Transport.Http2 => Http2,
        _ => Grpc,
    };

    public async ValueTask DisposeAsync()
    {
        Http1.Dispose();
        Http2.Dispose();
        Grpc.Dispose();

        // Bounded: a request stuck in the server (the bug a test just reported) must not hang the test run too.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var shutdown = _receiver.ShutdownAsync(stop.Token);
        await Task.WhenAny(shutdown, Task.Delay(TimeSpan.FromSeconds(3)));
    }

    private static string Indent(string yaml)
        => yaml.Length == 0 ? string.Empty : string.Concat(yaml.Split('\n').Select(l => "    " + l + "\n"));
}

/// <summary>A consumer that accepts everything and keeps only counts.</summary>
internal sealed class CountingConsumer : IConsumer
{
    private long _requests;
    private long _items;

    public long Requests => Interlocked.Read(ref _requests);

    public long Items => Interlocked.Read(ref _items);

    public bool MutatesData => false;

    public ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _items, request.ItemCount);
        return ValueTask.FromResult(ConsumeResult.Success);
    }
}
