using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Endpoints;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>One request as the fake downstream received it: path, headers (names lower-cased) and raw body bytes.</summary>
internal sealed record RecordedCall(string Path, string Protocol, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>
/// A scripted OTLP server on a real Kestrel endpoint: HTTP/1.1 for OTLP/HTTP, h2c (HTTP/2 prior knowledge) for
/// OTLP/gRPC. It records every call and answers call number N (1-based) with <c>respond(N, context)</c>.
/// </summary>
internal sealed class FakeDownstream : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly Func<int, HttpContext, Task> _respond;
    private HttpEndpointServer? _server;
    private int _attempts;

    private FakeDownstream(Func<int, HttpContext, Task> respond)
    {
        _respond = respond;
    }

    /// <summary>host:port actually bound.</summary>
    public string Address => _server!.Endpoints[0].Address;

    public string BaseUrl => "http://" + Address;

    /// <summary>Requests that reached the server (each attempt of the exporter is one).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    /// <summary>An OTLP/HTTP server (HTTP/1.1).</summary>
    public static Task<FakeDownstream> StartHttpAsync(Func<int, HttpContext, Task> respond, int port = 0)
        => StartAsync(respond, HttpProtocols.Http1, port);

    /// <summary>An OTLP/HTTP server that answers its first call only once <paramref name="release"/> is set, and the rest at once.</summary>
    public static Task<FakeDownstream> HoldingFirstCallAsync(TaskCompletionSource release) => StartHttpAsync(async (n, c) =>
    {
        if (n == 1)
        {
            await release.Task.WaitAsync(c.RequestAborted);
        }

        await FakeAnswers.HttpOk(c);
    });

    /// <summary>An OTLP/gRPC server (HTTP/2 cleartext).</summary>
    public static Task<FakeDownstream> StartGrpcAsync(Func<int, HttpContext, Task> respond, int port = 0)
        => StartAsync(respond, HttpProtocols.Http2, port);

    /// <summary>A loopback port that nothing listens on (reserved, then released), for connection-refused tests.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits (bounded, as a hang guard) until at least <paramref name="count"/> calls arrived.</summary>
    public async Task WaitForAttemptsAsync(int count, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        while (Attempts < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(Attempts >= count, $"expected {count} calls at the fake downstream, saw {Attempts}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _server.StopAsync(cts.Token);
        }
    }

    private static async Task<FakeDownstream> StartAsync(Func<int, HttpContext, Task> respond, HttpProtocols protocols, int port)
    {
        var fake = new FakeDownstream(respond);
        fake._server = await HttpEndpointServer.StartAsync(
            "fake-downstream",
            protocols == HttpProtocols.Http2 ? "grpc" : "http",
            "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            protocols,
            fake.HandleAsync,
            NullLoggerFactory.Instance);
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in context.Request.Headers)
        {
            headers[name.ToLowerInvariant()] = value.ToString();
        }

        _calls.Enqueue(new RecordedCall(context.Request.Path.Value ?? string.Empty, context.Request.Protocol, headers, body.ToArray()));
        var attempt = Interlocked.Increment(ref _attempts);
        await _respond(attempt, context);
    }
}
