using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace MiniCollector.Exposition;

/// <summary>
/// A write cursor over an <see cref="IBufferWriter{T}"/> that the exposition writers fill byte by byte: it asks the
/// writer for a chunk, fills it, and commits it only when the next write does not fit or on <see cref="Flush"/>, so
/// a whole scrape costs a handful of <c>GetSpan</c>/<c>Advance</c> calls rather than one per token.
/// </summary>
internal ref struct ExpositionOutput
{
    private const int ChunkSize = 4096;

    private readonly IBufferWriter<byte> _writer;
    private Span<byte> _buffer;
    private int _used;
    private int _committed;

    // The last time in seconds written and its text (see WriteSeconds); no text yet while the length is 0.
    private long _secondsBits;
    private int _secondsLength;
    private SecondsText _secondsText;

    public ExpositionOutput(IBufferWriter<byte> writer)
    {
        _writer = writer;
        _buffer = default;
        _used = 0;
        _committed = 0;
    }

    /// <summary>Bytes written through this cursor so far, committed or not.</summary>
    public readonly int Written => _committed + _used;

    /// <summary>Commits everything written so far to the underlying writer.</summary>
    public void Flush()
    {
        if (_used > 0)
        {
            _writer.Advance(_used);
        }

        _committed += _used;
        _used = 0;
        _buffer = default;
    }

    // Reserve, WriteByte and Write run several times per sample; NativeAOT, compiling without profile data, called
    // them out of line, so their common case (the bytes fit in the chunk) is marked for inlining and the rest is not.

    /// <summary>Free space of at least <paramref name="size"/> bytes; commit what was used with <see cref="Advance"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Reserve(int size)
    {
        if (_buffer.Length - _used < size)
        {
            Renew(size);
        }

        return _buffer[_used..];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count) => _used += count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value)
    {
        if (_used == _buffer.Length)
        {
            Renew(1);
        }

        _buffer[_used++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(scoped ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= _buffer.Length - _used)
        {
            bytes.CopyTo(_buffer[_used..]);
            _used += bytes.Length;
            return;
        }

        WriteAcrossChunks(bytes);
    }

    private void WriteAcrossChunks(scoped ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            if (_used == _buffer.Length)
            {
                Renew(1);
            }

            var n = Math.Min(bytes.Length, _buffer.Length - _used);
            bytes[..n].CopyTo(_buffer[_used..]);
            _used += n;
            bytes = bytes[n..];
        }
    }

    /// <summary>Writes text as UTF-8 (lone surrogates become U+FFFD), in as many chunks as it takes.</summary>
    public void WriteUtf8(scoped ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            // Four bytes fit any scalar value, so every round makes progress.
            if (_buffer.Length - _used < 4)
            {
                Renew(4);
            }

            Utf8.FromUtf16(text, _buffer[_used..], out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
            _used += written;
            text = text[read..];
        }
    }

    /// <summary>
    /// Writes text as UTF-8 with <c>\</c> as <c>\\</c>, a line feed as <c>\n</c> and, when <paramref name="quotes"/>,
    /// <c>"</c> as <c>\"</c>: label values in both formats, HELP in OpenMetrics (with quotes) and in text 0.0.4 (without).
    /// </summary>
    public void WriteEscaped(scoped ReadOnlySpan<char> text, bool quotes)
    {
        var special = quotes ? EscapeChars.WithQuote : EscapeChars.WithoutQuote;
        while (true)
        {
            var at = text.IndexOfAny(special);
            if (at < 0)
            {
                WriteUtf8(text);
                return;
            }

            WriteUtf8(text[..at]);
            WriteByte((byte)'\\');
            WriteByte(text[at] == '\n' ? (byte)'n' : (byte)text[at]);
            text = text[(at + 1)..];
        }
    }

    public void WriteInt64(long value)
    {
        var span = Reserve(20);
        value.TryFormat(span, out var n, default, CultureInfo.InvariantCulture);
        _used += n;
    }

    public void WriteUInt64(ulong value)
    {
        var span = Reserve(20);
        value.TryFormat(span, out var n, default, CultureInfo.InvariantCulture);
        _used += n;
    }

    /// <summary>A sample value or <c>le</c>/<c>quantile</c> in Go's shortest <c>%g</c> form; see <see cref="ExpositionNumbers"/>.</summary>
    public void WriteFloat(double value, bool openMetrics)
    {
        var span = Reserve(ExpositionNumbers.MaxFloatLength);
        _used += ExpositionNumbers.FormatFloat(value, span, openMetrics);
    }

    /// <summary>
    /// A time in seconds, in plain decimal notation where the value allows it. The series of one SDK share their start
    /// time, so the <c>_created</c> samples of a run mostly repeat the last time written: that one is copied, not formatted again.
    /// </summary>
    public void WriteSeconds(double seconds)
    {
        var bits = BitConverter.DoubleToInt64Bits(seconds);
        if (_secondsLength == 0 || bits != _secondsBits)
        {
            _secondsLength = ExpositionNumbers.FormatSeconds(seconds, _secondsText);
            _secondsBits = bits;
        }

        Write(((ReadOnlySpan<byte>)_secondsText)[.._secondsLength]);
    }

    /// <summary>A millisecond timestamp as exact decimal seconds (<c>1520879607789</c> → <c>1520879607.789</c>).</summary>
    public void WriteMillisecondsAsSeconds(long milliseconds)
    {
        var span = Reserve(24);
        _used += ExpositionNumbers.FormatMillisecondsAsSeconds(milliseconds, span);
    }

    public void WriteVarint(ulong value) => _used += ProtoWire.PutVarint(Reserve(10), value);

    public void WriteFixed64(ulong value)
    {
        var span = Reserve(8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(span, value);
        _used += 8;
    }

    /// <summary>A point's labels as <see cref="WriteLabels(IReadOnlyList{KeyValuePair{string, string}}, ReadOnlySpan{byte}, double, bool)"/> writes them.</summary>
    public void WriteLabels(in ExpositionPoint point, scoped ReadOnlySpan<byte> extraName, double extraValue, bool openMetrics)
    {
        if (point.LabelTable is not { } table)
        {
            WriteLabels(point.LabelPairs!, extraName, extraValue, openMetrics);
            return;
        }

        var indexes = point.LabelIndexes!;
        if (indexes.Length == 0 && extraName.IsEmpty)
        {
            return;
        }

        WriteByte((byte)'{');
        for (var offset = 0; offset < indexes.Length;)
        {
            if (offset > 0)
            {
                WriteByte((byte)',');
            }

            Write(table[Exposition.LabelIndexes.Read(indexes, ref offset)]);
        }

        if (!extraName.IsEmpty)
        {
            if (indexes.Length > 0)
            {
                WriteByte((byte)',');
            }

            WriteExtraLabel(extraName, extraValue, openMetrics);
        }

        WriteByte((byte)'}');
    }

    /// <summary>
    /// Writes <c>{a="x",b="y"}</c> with escaped values, plus one trailing label (<c>le</c> or <c>quantile</c>) when
    /// <paramref name="extraName"/> is not empty; nothing at all for an empty set.
    /// </summary>
    public void WriteLabels(IReadOnlyList<KeyValuePair<string, string>> labels, scoped ReadOnlySpan<byte> extraName, double extraValue, bool openMetrics)
    {
        var count = labels.Count;
        if (count == 0 && extraName.IsEmpty)
        {
            return;
        }

        WriteByte((byte)'{');
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                WriteByte((byte)',');
            }

            var label = labels[i];
            WriteUtf8(label.Key);
            Write("=\""u8);
            WriteEscaped(label.Value, quotes: true);
            WriteByte((byte)'"');
        }

        if (!extraName.IsEmpty)
        {
            if (count > 0)
            {
                WriteByte((byte)',');
            }

            WriteExtraLabel(extraName, extraValue, openMetrics);
        }

        WriteByte((byte)'}');
    }

    private void WriteExtraLabel(scoped ReadOnlySpan<byte> name, double value, bool openMetrics)
    {
        Write(name);
        Write("=\""u8);
        WriteFloat(value, openMetrics);
        WriteByte((byte)'"');
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Renew(int size)
    {
        Flush();
        _buffer = _writer.GetSpan(Math.Max(size, ChunkSize));
    }

    [InlineArray(ExpositionNumbers.MaxFloatLength)]
    private struct SecondsText
    {
        private byte _first;
    }

    private static class EscapeChars
    {
        public static readonly SearchValues<char> WithQuote = SearchValues.Create("\\\"\n");
        public static readonly SearchValues<char> WithoutQuote = SearchValues.Create("\\\n");
    }
}
