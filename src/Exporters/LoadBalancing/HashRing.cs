using System.IO.Hashing;
using System.Text;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>
/// The reference's consistent-hash ring: each endpoint takes 100 positions on a circle of 36,000 (CRC-32 of the endpoint
/// followed by the position's index byte, modulo 36,000; a position already taken stays with the endpoint that took it
/// first); a key goes to the endpoint at the first position at or after CRC-32 of the key, wrapping around. A change of
/// N endpoints therefore moves about 1/N of the keys, and only keys of the endpoints that came or went.
/// </summary>
public sealed class HashRing
{
    /// <summary>The circle's size: 360 degrees with two decimals, as the reference has it.</summary>
    public const uint MaxPositions = 36_000;

    /// <summary>Positions per endpoint.</summary>
    public const int Weight = 100;

    private readonly uint[] _positions;
    private readonly int[] _owners;

    /// <summary>Builds the ring of <paramref name="endpoints"/> (sorted first, so a set gives one ring whatever its order).</summary>
    public HashRing(IEnumerable<string> endpoints)
    {
        Endpoints = [.. endpoints.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var taken = new Dictionary<uint, int>();
        Span<byte> buffer = stackalloc byte[256];
        for (int e = 0; e < Endpoints.Count; e++)
        {
            var name = Encoding.UTF8.GetBytes(Endpoints[e]);
            var input = name.Length + 1 <= buffer.Length ? buffer[..(name.Length + 1)] : new byte[name.Length + 1];
            name.CopyTo(input);
            for (int i = 0; i < Weight; i++)
            {
                input[^1] = (byte)i;
                taken.TryAdd(Crc32.HashToUInt32(input) % MaxPositions, e);
            }
        }

        _positions = [.. taken.Keys.Order()];
        _owners = new int[_positions.Length];
        for (int i = 0; i < _positions.Length; i++)
        {
            _owners[i] = taken[_positions[i]];
        }
    }

    /// <summary>The endpoints, sorted.</summary>
    public IReadOnlyList<string> Endpoints { get; }

    /// <summary>True when the ring has no endpoint.</summary>
    public bool IsEmpty => Endpoints.Count == 0;

    /// <summary>The index in <see cref="Endpoints"/> of the endpoint owning <paramref name="key"/>; -1 when the ring is empty.</summary>
    public int IndexFor(ReadOnlySpan<byte> key)
    {
        if (_positions.Length == 0)
        {
            return -1;
        }

        uint position = Crc32.HashToUInt32(key) % MaxPositions;
        int at = Array.BinarySearch(_positions, position);
        if (at < 0)
        {
            at = ~at;
        }

        return _owners[at == _positions.Length ? 0 : at];
    }

    /// <summary>The endpoint owning <paramref name="key"/>; null when the ring is empty.</summary>
    public string? EndpointFor(ReadOnlySpan<byte> key) => IndexFor(key) is var i and >= 0 ? Endpoints[i] : null;

    /// <summary>The index of the endpoint owning a text key (its UTF-8 bytes, as the reference hashes a service name).</summary>
    public int IndexFor(string key)
    {
        int length = Encoding.UTF8.GetMaxByteCount(key.Length);
        Span<byte> buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        int written = Encoding.UTF8.GetBytes(key, buffer);
        return IndexFor(buffer[..written]);
    }
}
