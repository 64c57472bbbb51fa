using Google.Protobuf;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Tests.Payload;

/// <summary>The forward-only protobuf scanner: reads what is well formed, throws <see cref="MalformedPayloadException"/> otherwise.</summary>
public sealed class WireReaderTests
{
    [Fact]
    public void Reads_tags_varints_fixed_and_length_delimited_fields()
    {
        // field 1 varint 300, field 2 fixed64, field 3 bytes "abc", field 4 fixed32
        byte[] bytes = [0x08, 0xAC, 0x02, 0x11, 1, 0, 0, 0, 0, 0, 0, 0, 0x1A, 3, (byte)'a', (byte)'b', (byte)'c', 0x25, 1, 2, 3, 4];
        var reader = new WireReader(bytes);

        Assert.True(reader.TryReadTag(out var f1, out var w1));
        Assert.Equal((1, WireFormat.WireType.Varint), (f1, w1));
        Assert.Equal(300UL, reader.ReadVarint());
        Assert.True(reader.TryReadTag(out var f2, out var w2));
        Assert.Equal((2, WireFormat.WireType.Fixed64), (f2, w2));
        Assert.Equal(1UL, reader.ReadFixed64());
        Assert.True(reader.TryReadTag(out var f3, out var w3));
        Assert.Equal((3, WireFormat.WireType.LengthDelimited), (f3, w3));
        Assert.Equal("abc"u8.ToArray(), reader.ReadLengthDelimited().ToArray());
        Assert.True(reader.TryReadTag(out var f4, out var w4));
        Assert.Equal((4, WireFormat.WireType.Fixed32), (f4, w4));
        reader.Skip(w4);
        Assert.True(reader.End);
        Assert.Equal(bytes.Length, reader.Position);
        Assert.False(reader.TryReadTag(out _, out _));
    }

    [Fact]
    public void Skips_every_supported_wire_type()
    {
        byte[] bytes = [0x08, 0xFF, 0x01, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1A, 2, 9, 9, 0x25, 1, 2, 3, 4];
        var reader = new WireReader(bytes);
        int fields = 0;
        while (reader.TryReadTag(out _, out var wireType))
        {
            reader.Skip(wireType);
            fields++;
        }

        Assert.Equal(4, fields);
    }

    public static TheoryData<byte[]> MalformedInputs => new()
    {
        { new byte[] { 0x00 } },                               // field number 0
        { new byte[] { 0x08 } },                               // varint value missing
        { new byte[] { 0x08, 0x80 } },                         // varint truncated
        { new byte[] { 0x0A } },                               // length missing
        { new byte[] { 0x0A, 0x05, 0x01 } },                   // length runs past the end
        { new byte[] { 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F } }, // huge length
        { new byte[] { 0x09, 1, 2, 3 } },                      // fixed64 truncated
        { new byte[] { 0x0D, 1 } },                            // fixed32 truncated
        { new byte[] { 0x0B } },                               // start group
        { new byte[] { 0x0C } },                               // end group
        { new byte[] { 0x0E } },                               // wire type 6
        { new byte[] { 0x0F } },                               // wire type 7
        { new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 } }, // varint longer than 10 bytes
        { new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF } },       // varint never ends
    };

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public void Malformed_input_throws_malformed_payload_exception(byte[] bytes)
    {
        Assert.Throws<MalformedPayloadException>(() =>
        {
            var reader = new WireReader(bytes);
            while (reader.TryReadTag(out _, out var wireType))
            {
                reader.Skip(wireType);
            }
        });
    }

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public void Malformed_input_makes_every_signal_count_throw(byte[] bytes)
    {
        Assert.Throws<MalformedPayloadException>(() => TracesKind.Instance.CountItems(bytes));
        Assert.Throws<MalformedPayloadException>(() => MetricsKind.Instance.CountItems(bytes));
        Assert.Throws<MalformedPayloadException>(() => LogsKind.Instance.CountItems(bytes));
    }

    [Fact]
    public void Empty_input_is_an_empty_request()
    {
        Assert.Equal(0, TracesKind.Instance.CountItems(ReadOnlySpan<byte>.Empty));
        Assert.Equal(0, MetricsKind.Instance.CountItems(ReadOnlySpan<byte>.Empty));
        Assert.Equal(0, LogsKind.Instance.CountItems(ReadOnlySpan<byte>.Empty));
    }
}
