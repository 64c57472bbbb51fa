using System.Buffers.Binary;

namespace MiniCollector.Benchmarks.Load.Drivers;

/// <summary>The gRPC length-prefixed message: a compressed flag byte, a 4-byte big-endian length, the message.</summary>
public static class GrpcFraming
{
    /// <summary>Frames an uncompressed message.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var framed = new byte[5 + message.Length];
        framed[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(framed.AsSpan(5));
        return framed;
    }
}
