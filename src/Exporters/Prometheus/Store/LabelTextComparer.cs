using System.IO.Hashing;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// Compares rendered labels (byte strings) and lets the label table look one up by a span, so an update of an existing
/// series allocates nothing. The hash is seeded per process: label values come from clients, and a fixed hash would
/// let one send colliding labels or series on purpose.
/// </summary>
internal sealed class LabelTextComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    // Random.Shared is seeded from the system's entropy without the crypto library, which RandomNumberGenerator would
    // load into every process (libcrypto is ~4 MiB of resident memory for a collector that never uses TLS).
    private static readonly long Seed = Random.Shared.NextInt64(long.MinValue, long.MaxValue);

    private LabelTextComparer()
    {
    }

    public static LabelTextComparer Instance { get; } = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    /// <summary>The seeded hash of a byte string (also of a series' labels laid end to end).</summary>
    public static int Hash(ReadOnlySpan<byte> text) => (int)XxHash3.HashToUInt64(text, Seed);

    /// <summary>The seeded 128-bit hash of a byte string, for identifying it by its hash alone.</summary>
    public static UInt128 Hash128(ReadOnlySpan<byte> text) => XxHash128.HashToUInt128(text, Seed);
}
