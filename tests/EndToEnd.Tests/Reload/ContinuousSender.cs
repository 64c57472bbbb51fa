using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Google.Protobuf;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Reload;

/// <summary>
/// A client sending one uniquely named span per request, one request after the other, over OTLP/HTTP (HTTP/1.1
/// keep-alive) or OTLP/gRPC (one HTTP/2 connection), until stopped or <see cref="MaxRequests"/> were sent. It records
/// what was acknowledged, what failed, and how many connections it had to open (one, while the listener is kept).
/// </summary>
internal sealed class ContinuousSender : IAsyncDisposable
{
    private const int MaxRequests = 20_000;
    private const string GrpcTracePath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private readonly HttpClient _client;
    private readonly string _baseUrl;
    private readonly bool _grpc;
    private readonly string _prefix;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;

    private ContinuousSender(string baseUrl, bool grpc, string prefix)
    {
        _baseUrl = baseUrl;
        _grpc = grpc;
        _prefix = prefix;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = false,
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref _connections);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Span names whose request was answered with success.</summary>
    public ConcurrentQueue<string> Acknowledged { get; } = new();

    /// <summary>Each failed request: its span name and what went wrong.</summary>
    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>TCP connections opened so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Sends over OTLP/HTTP to <paramref name="baseUrl"/>.</summary>
    public static ContinuousSender Http(string baseUrl, string prefix) => new(baseUrl, grpc: false, prefix);

    /// <summary>Sends over OTLP/gRPC to <paramref name="baseUrl"/>.</summary>
    public static ContinuousSender Grpc(string baseUrl, string prefix) => new(baseUrl, grpc: true, prefix);

    /// <summary>Waits (bounded: a hang guard) until <paramref name="count"/> more requests were acknowledged.</summary>
    public Task WaitForMoreAsync(int count)
    {
        int target = Acknowledged.Count + count;
        return WaitUntilAsync(() => Acknowledged.Count >= target || _loop.IsCompleted, () => $"{_prefix}: {Acknowledged.Count} of {target} acknowledged; failures: {string.Join("; ", Failures.Take(5))}");
    }

    /// <summary>Stops after the request in flight and returns what was acknowledged.</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        return [.. Acknowledged];
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        for (int i = 0; i < MaxRequests && !_stop.IsCancellationRequested; i++)
        {
            var name = $"{_prefix}-{i}";
            try
            {
                var failure = _grpc ? await SendGrpcAsync(name) : await SendHttpAsync(name);
                if (failure is null)
                {
                    Acknowledged.Enqueue(name);
                }
                else
                {
                    Failures.Enqueue($"{name}: {failure}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                Failures.Enqueue($"{name}: {ex.GetType().Name} {ex.Message}");
            }
        }
    }

    private async Task<string?> SendHttpAsync(string name)
    {
        using var content = new ByteArrayContent(Spans([name]).ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await _client.PostAsync(_baseUrl + "/v1/traces", content);
        await response.Content.LoadIntoBufferAsync();
        return response.StatusCode == HttpStatusCode.OK ? null : $"HTTP {(int)response.StatusCode}";
    }

    private async Task<string?> SendGrpcAsync(string name)
    {
        var message = Spans([name]).ToByteArray();
        var framed = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, _baseUrl + GrpcTracePath)
        {
            Content = new ByteArrayContent(framed),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await _client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var status = response.Headers.TryGetValues("grpc-status", out var values) || response.TrailingHeaders.TryGetValues("grpc-status", out values) ? values.First() : null;
        return response.StatusCode == HttpStatusCode.OK && status == "0" ? null : $"HTTP {(int)response.StatusCode} grpc-status {status}";
    }
}
