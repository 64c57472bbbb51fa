namespace MiniCollector.Receivers.Otlp.Http;

/// <summary>
/// A read-only pass-through stream that remembers the last 8 bytes read, so a decompressor's input trailer (gzip's
/// CRC32 and length, zlib's Adler-32) can be checked after the decompressor reports the end.
/// </summary>
internal sealed class TailCapturingStream(Stream inner) : Stream
{
    private readonly byte[] _tail = new byte[8];
    private long _total;

    /// <summary>The last up to 8 bytes read, oldest first.</summary>
    public ReadOnlySpan<byte> Tail
    {
        get
        {
            int n = (int)Math.Min(_total, _tail.Length);
            var result = new byte[n];
            for (int i = 0; i < n; i++)
            {
                result[i] = _tail[(int)((_total - n + i) % _tail.Length)];
            }

            return result;
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        Remember(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Remember(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Remember(ReadOnlySpan<byte> data)
    {
        // Only the last 8 bytes can matter; the ones before still count towards the position.
        int skip = Math.Max(0, data.Length - _tail.Length);
        _total += skip;
        foreach (byte b in data[skip..])
        {
            _tail[(int)(_total % _tail.Length)] = b;
            _total++;
        }
    }
}
