using System.Buffers;
using System.Text;

namespace MiniCollector.Exposition;

/// <summary>Encodes a family name to UTF-8 once per family, so each sample line copies bytes instead of re-encoding.</summary>
internal static class Utf8Name
{
    /// <summary>Stack scratch that fits every realistic metric name.</summary>
    public const int ScratchSize = 256;

    /// <summary>
    /// The UTF-8 bytes of <paramref name="name"/>, in <paramref name="scratch"/> when they fit, else in an array rented
    /// into <paramref name="rented"/> (hand it back with <see cref="Return"/>).
    /// </summary>
    public static ReadOnlySpan<byte> Encode(string name, Span<byte> scratch, ref byte[]? rented)
    {
        var max = Encoding.UTF8.GetMaxByteCount(name.Length);
        var target = scratch;
        if (max > scratch.Length)
        {
            rented = ArrayPool<byte>.Shared.Rent(max);
            target = rented;
        }

        var n = Encoding.UTF8.GetBytes(name, target);
        return target[..n];
    }

    public static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
