using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Google.Protobuf;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Resource;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Receivers.Otlp.Grpc;

namespace MiniCollector.Receiver.Tests.TestSupport;

/// <summary>Inputs, raw calls and readers for the gRPC receiver tests.</summary>
internal static class GrpcTestData
{
    /// <summary>How long any single call may take before a test calls it a hang.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Settings for tests that count connections: an explicit idle limit, so that only the behaviour under test can
    /// close a connection. (Left unset, the receiver currently closes every idle HTTP/2 connection at Kestrel's next
    /// heartbeat; <c>GrpcConnectionAgeTests</c> covers that on its own.)
    /// </summary>
    public const string KeepIdleConnections = "keepalive:\n  server_parameters:\n    max_connection_idle: 1h";

    /// <summary>A bare 5-byte message prefix (any flag, any announced length) with no message after it.</summary>
    public static byte[] Prefix(byte flag, uint declaredLength)
    {
        var prefix = new byte[5];
        prefix[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), declaredLength);
        return prefix;
    }

    /// <summary>A traces request with one span per name, every id well formed.</summary>
    public static ExportTraceServiceRequest Traces(IEnumerable<string> spanNames)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "grpc.test" } };
        int i = 0;
        foreach (var name in spanNames)
        {
            var spanId = new byte[8];
            BinaryPrimitives.WriteInt64BigEndian(spanId, ++i);
            scope.Spans.Add(new Span
            {
                TraceId = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(b => (byte)b).ToArray()),
                SpanId = ByteString.CopyFrom(spanId),
                Name = name,
                StartTimeUnixNano = 1_544_712_660_000_000_000,
                EndTimeUnixNano = 1_544_712_661_000_000_000,
            });
        }

        var resource = new ResourceSpans { Resource = new Resource() };
        resource.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resource);
        return request;
    }

    /// <summary>The names of every span in the given traces requests, in arrival order.</summary>
    public static List<string> SpanNames(IEnumerable<TelemetryRequest> received)
        => received
            .Select(r => (ExportTraceServiceRequest)r.Model)
            .SelectMany(r => r.ResourceSpans)
            .SelectMany(r => r.ScopeSpans)
            .SelectMany(s => s.Spans)
            .Select(s => s.Name)
            .ToList();

    /// <summary>
    /// Cuts a gzip stream of a traces request short at the first point (from the end) where what .NET's GZipStream
    /// still decompresses from it is a valid request with fewer spans; null if there is no such point.
    /// </summary>
    public static byte[]? TruncatedGzipDecodingToFewerSpans(byte[] gzip, int fullSpanCount)
    {
        for (int length = gzip.Length - 9; length > 10; length--)
        {
            var candidate = gzip[..length];
            try
            {
                using var source = new System.IO.Compression.GZipStream(new MemoryStream(candidate), System.IO.Compression.CompressionMode.Decompress);
                using var output = new MemoryStream();
                source.CopyTo(output);
                var request = ExportTraceServiceRequest.Parser.ParseFrom(output.ToArray());
                int spans = request.ResourceSpans.SelectMany(r => r.ScopeSpans).Sum(s => s.Spans.Count);
                if (spans > 0 && spans < fullSpanCount)
                {
                    return candidate;
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or InvalidProtocolBufferException)
            {
            }
        }

        return null;
    }

    /// <summary>Decodes gRPC binary metadata, which implementations send as base64 with or without padding.</summary>
    public static byte[] FromBase64Metadata(string value)
    {
        var padded = value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=');
        return Convert.FromBase64String(padded);
    }

    /// <summary>Binds a <c>protocols::grpc</c> section written as YAML.</summary>
    public static (GrpcServerOptions Options, IReadOnlyList<ConfigError> Errors) BindGrpc(string yaml)
    {
        var errors = new ConfigErrors();
        var node = yaml.Length == 0 ? null : YamlConfigReader.Read(yaml, "test.yaml", EnvExpander.Process, errors);
        var options = GrpcServerOptions.Bind(new ConfigSection(node, "receivers::otlp::protocols::grpc", errors));
        return (options, errors.Items);
    }

    /// <summary>Sends a raw unary call on the given client and reads the whole answer, trailers included.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, byte[] body, string contentType = "application/grpc", Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        configure?.Invoke(request);
        var response = await client.SendAsync(request).WaitAsync(HangGuard);
        await response.Content.ReadAsByteArrayAsync().WaitAsync(HangGuard);
        return response;
    }

    /// <summary>Adds a request header without the client's validation (gRPC headers are not HTTP-registered).</summary>
    public static Action<HttpRequestMessage> Header(string name, string value) => request => request.Headers.TryAddWithoutValidation(name, value);

    /// <summary>Asserts a trailers-only answer: grpc-status in the response headers, no trailers' status, no body.</summary>
    public static async Task AssertTrailersOnlyAsync(HttpResponseMessage response)
    {
        Assert.True(response.Headers.Contains("grpc-status"), "grpc-status must be sent in the response headers of a trailers-only answer");
        Assert.False(response.TrailingHeaders.Contains("grpc-status"), "a trailers-only answer carries no separate trailers");
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}

/// <summary>
/// An HTTP/2-only client on a harness address that counts the TCP connections it opens and notices when each one
/// ends, so tests can tell "the server kept the connection" from "the client reconnected transparently".
/// </summary>
internal sealed class ConnectionTrackingClient : IDisposable
{
    private readonly List<ObservedStream> _connections = [];

    public ConnectionTrackingClient(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                var stream = new ObservedStream(new NetworkStream(socket, ownsSocket: true));
                lock (_connections)
                {
                    _connections.Add(stream);
                }

                return stream;
            },
        };
        Client = new HttpClient(handler)
        {
            BaseAddress = baseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public HttpClient Client { get; }

    /// <summary>TCP connections opened so far.</summary>
    public int Connections
    {
        get
        {
            lock (_connections)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Completes when the n-th connection (0-based) ends: the server closed it, or the client dropped it.</summary>
    public Task ConnectionEnded(int index)
    {
        lock (_connections)
        {
            return _connections[index].Ended;
        }
    }

    public Task<HttpResponseMessage> SendAsync(string path, byte[] body, string contentType = "application/grpc", Action<HttpRequestMessage>? configure = null)
        => GrpcTestData.SendAsync(Client, path, body, contentType, configure);

    public void Dispose() => Client.Dispose();

    private sealed class ObservedStream(Stream inner) : Stream
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Ended => _ended.Task;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                int n = await inner.ReadAsync(buffer, cancellationToken);
                if (n == 0 && buffer.Length > 0)
                {
                    _ended.TrySetResult();
                }

                return n;
            }
            catch
            {
                _ended.TrySetResult();
                throw;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _ended.TrySetResult();
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            _ended.TrySetResult();
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}

/// <summary>
/// A bare HTTP/2 client connection that opens no streams and only answers SETTINGS and PING, to watch what the server
/// sends on an idle connection (GOAWAY) and whether it then closes it.
/// </summary>
internal sealed class RawHttp2Connection : IDisposable
{
    public const byte Settings = 0x4;
    public const byte Ping = 0x6;
    public const byte GoAway = 0x7;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawHttp2Connection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    public static async Task<RawHttp2Connection> OpenAsync(Uri baseAddress)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var connection = new RawHttp2Connection(socket);
        await connection._stream.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        await connection.WriteFrameAsync(Settings, 0, []);
        return connection;
    }

    /// <summary>Reads frames until the server closes the connection; returns the type of each frame received.</summary>
    public async Task<List<byte>> ReadUntilClosedAsync(CancellationToken cancellationToken)
    {
        var types = new List<byte>();
        var header = new byte[9];
        while (true)
        {
            if (!await ReadExactlyOrEndAsync(header, cancellationToken))
            {
                return types;
            }

            int length = (header[0] << 16) | (header[1] << 8) | header[2];
            byte type = header[3];
            byte flags = header[4];
            var payload = new byte[length];
            if (!await ReadExactlyOrEndAsync(payload, cancellationToken))
            {
                return types;
            }

            types.Add(type);
            try
            {
                if (type == Settings && (flags & 0x1) == 0)
                {
                    await WriteFrameAsync(Settings, 0x1, []);
                }
                else if (type == Ping && (flags & 0x1) == 0)
                {
                    await WriteFrameAsync(Ping, 0x1, payload);
                }
            }
            catch (IOException)
            {
                // The server may already have closed its side; keep reading what it sent.
            }
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            int read = await _stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            return read == buffer.Length;
        }
        catch (IOException)
        {
            // A reset after GOAWAY also ends the connection.
            return false;
        }
    }

    private async Task WriteFrameAsync(byte type, byte flags, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        payload.CopyTo(frame, 9);
        await _stream.WriteAsync(frame);
    }
}
