using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace MiniCollector.Endpoints;

/// <summary>
/// Lets one cleartext port serve both HTTP/1.1 and HTTP/2 with prior knowledge (h2c), as OTLP/HTTP clients use
/// either. Kestrel picks HTTP/1.1 for cleartext connections on a dual-protocol endpoint because nothing was
/// negotiated; this connection middleware peeks at the first bytes and, when they are the HTTP/2 connection
/// preface, presents the connection to Kestrel as if ALPN had chosen h2. No bytes are consumed.
/// </summary>
internal static class CleartextHttp2Detection
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>The middleware, for <c>ListenOptions.Use</c>.</summary>
    public static ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        // Kestrel's own timeouts only start once a protocol is chosen; a client that connects and sends nothing
        // must not hold the connection for ever while we wait for its first bytes.
        using var firstBytes = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        firstBytes.CancelAfter(FirstBytesTimeout);
        var preface = await StartsWithPrefaceAsync(connection.Transport.Input, firstBytes.Token).ConfigureAwait(false);
        if (preface is null)
        {
            connection.Abort(new ConnectionAbortedException("no request within " + FirstBytesTimeout.TotalSeconds + " s"));
            return;
        }

        if (preface.Value)
        {
            connection.Features.Set<ITlsConnectionFeature>(NegotiatedH2.Instance);
            connection.Features.Set<ITlsApplicationProtocolFeature>(NegotiatedH2.Instance);
        }

        await next(connection).ConfigureAwait(false);
    };

    private static readonly TimeSpan FirstBytesTimeout = TimeSpan.FromSeconds(30);

    // True for the HTTP/2 preface, false for anything else, null when nothing decisive arrived in time.
    private static async Task<bool?> StartsWithPrefaceAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            var buffer = result.Buffer;
            bool matches = MatchesPrefix(buffer);
            if (!matches || buffer.Length >= Preface.Length || result.IsCompleted || result.IsCanceled)
            {
                input.AdvanceTo(buffer.Start);
                return matches && buffer.Length >= Preface.Length;
            }

            // Nothing consumed; wait for more bytes before deciding.
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool MatchesPrefix(ReadOnlySequence<byte> buffer)
    {
        int length = (int)Math.Min(buffer.Length, Preface.Length);
        var expected = Preface.AsSpan(0, length);
        var reader = new SequenceReader<byte>(buffer.Slice(0, length));
        return reader.IsNext(expected, advancePast: false);
    }

    private sealed class NegotiatedH2 : ITlsConnectionFeature, ITlsApplicationProtocolFeature
    {
        public static readonly NegotiatedH2 Instance = new();

        public ReadOnlyMemory<byte> ApplicationProtocol { get; } = "h2"u8.ToArray();

        public X509Certificate2? ClientCertificate
        {
            get => null;
            set => throw new NotSupportedException("cleartext connections carry no client certificate");
        }

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);
    }
}
