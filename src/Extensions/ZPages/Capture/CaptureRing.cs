using Google.Protobuf;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Extensions.ZPages.Capture;

/// <summary>
/// A bounded ring of received requests of one signal, kept as their serialized bytes in one array allocated on first
/// use: capturing copies bytes and allocates nothing, and the memory held is the array and the bookkeeping, both
/// bounded by the configured size. When a request does not fit, the oldest ones make room.
/// </summary>
internal sealed class CaptureRing
{
    /// <summary>
    /// Bytes charged per request for its bookkeeping (an index slot of 32 bytes, twice over for the index's growth), so
    /// many tiny requests cannot grow the index past the bound.
    /// </summary>
    public const int EntryOverheadBytes = 64;

    private readonly Lock _lock = new();
    private readonly long _capacity;
    private readonly List<ReadOnlyMemory<byte>> _segments = [];
    private readonly List<ComponentId> _receivers = [];
    private byte[]? _arena;
    private Entry[] _entries = new Entry[16];
    private int _first;
    private int _count;
    private int _writeOffset;
    private long _usedBytes;
    private long _nextSequence = 1;
    private long _evicted;
    private long _tooLarge;

    public CaptureRing(long capacityBytes)
    {
        _capacity = capacityBytes;
    }

    /// <summary>The configured bound, in bytes.</summary>
    public long CapacityBytes => _capacity;

    /// <summary>Copies a request into the ring, evicting the oldest requests as needed.</summary>
    public void Append(ComponentId receiver, long receivedUnixNano, TelemetryRequest request)
    {
        int length = request.ByteLength;
        lock (_lock)
        {
            if (length + EntryOverheadBytes > _capacity)
            {
                _tooLarge++;
                return;
            }

            _arena ??= new byte[ArenaLength];
            int offset = Reserve(length);
            _segments.Clear();
            request.AddSegments(_segments);
            int at = offset;
            foreach (var segment in _segments)
            {
                segment.Span.CopyTo(_arena.AsSpan(at));
                at += segment.Length;
            }

            _segments.Clear();
            Push(new Entry(_nextSequence++, offset, length, receivedUnixNano, ReceiverIndex(receiver)));
            _usedBytes += length + EntryOverheadBytes;
        }
    }

    /// <summary>What the ring holds and has seen.</summary>
    public CaptureRingStats Stats()
    {
        lock (_lock)
        {
            return new CaptureRingStats(
                _capacity,
                _usedBytes,
                _count,
                _nextSequence - 1,
                _evicted,
                _tooLarge,
                (_arena?.Length ?? 0) + ((long)_entries.Length * EntrySize),
                _count == 0 ? 0 : _entries[_first].ReceivedUnixNano);
        }
    }

    /// <summary>The sequence number of the newest request (0 when none was ever captured).</summary>
    public long LastSequence
    {
        get
        {
            lock (_lock)
            {
                return _nextSequence - 1;
            }
        }
    }

    /// <summary>
    /// Decodes every request the ring holds, oldest first. Decoding runs outside the lock, so capture never waits for
    /// a reader; a request evicted (and so perhaps overwritten) while it was being decoded is left out, which is
    /// decided after decoding: eviction always comes before overwriting.
    /// </summary>
    public IReadOnlyList<Captured<T>> Read<T>(MessageParser<T> parser)
        where T : IMessage<T>
    {
        Entry[] snapshot;
        byte[]? arena;
        ComponentId[] receivers;
        lock (_lock)
        {
            arena = _arena;
            receivers = [.. _receivers];
            snapshot = new Entry[_count];
            for (int i = 0; i < _count; i++)
            {
                snapshot[i] = _entries[(_first + i) % _entries.Length];
            }
        }

        var decoded = new List<Captured<T>>(snapshot.Length);
        if (arena is null)
        {
            return decoded;
        }

        foreach (var entry in snapshot)
        {
            try
            {
                decoded.Add(new Captured<T>(entry.Sequence, entry.ReceivedUnixNano, receivers[entry.Receiver], parser.ParseFrom(arena.AsSpan(entry.Offset, entry.Length))));
            }
            catch (InvalidProtocolBufferException)
            {
                // Overwritten while being read: it was evicted, and the check below would leave it out anyway.
            }
        }

        long oldest;
        lock (_lock)
        {
            oldest = _count == 0 ? _nextSequence : _entries[_first].Sequence;
        }

        decoded.RemoveAll(c => c.Sequence < oldest);
        return decoded;
    }

    private const int EntrySize = 32;

    private int ArenaLength => (int)Math.Min(_capacity, Array.MaxLength);

    // Receivers are few (one per configured receiver id): a list keeps the index slot small.
    private int ReceiverIndex(ComponentId receiver)
    {
        int index = _receivers.IndexOf(receiver);
        if (index < 0)
        {
            _receivers.Add(receiver);
            index = _receivers.Count - 1;
        }

        return index;
    }

    // A contiguous range of the arena for a new request: after the newest one, or from the start when the end is too
    // short. Every request still in the way is evicted first, oldest first, so the ring stays in arrival order.
    private int Reserve(int length)
    {
        while (_count > 0 && _usedBytes + length + EntryOverheadBytes > _capacity)
        {
            Evict();
        }

        if (_count == 0)
        {
            _writeOffset = 0;
        }

        int start = _writeOffset;
        if (start + length > _arena!.Length)
        {
            // The tail from here to the end is skipped: what still lies there is older than anything at the start.
            while (_count > 0 && _entries[_first].Offset >= start)
            {
                Evict();
            }

            start = 0;
        }

        while (_count > 0 && Overlaps(_entries[_first], start, length))
        {
            Evict();
        }

        _writeOffset = start + length;
        return start;
    }

    private static bool Overlaps(Entry entry, int start, int length) => entry.Offset < start + length && entry.Offset + entry.Length > start;

    private void Evict()
    {
        var oldest = _entries[_first];
        _entries[_first] = default;
        _first = (_first + 1) % _entries.Length;
        _count--;
        _usedBytes -= oldest.Length + EntryOverheadBytes;
        _evicted++;
    }

    private void Push(Entry entry)
    {
        if (_count == _entries.Length)
        {
            var grown = new Entry[_entries.Length * 2];
            for (int i = 0; i < _count; i++)
            {
                grown[i] = _entries[(_first + i) % _entries.Length];
            }

            _entries = grown;
            _first = 0;
        }

        _entries[(_first + _count) % _entries.Length] = entry;
        _count++;
    }

    private readonly record struct Entry(long Sequence, int Offset, int Length, long ReceivedUnixNano, int Receiver);
}
