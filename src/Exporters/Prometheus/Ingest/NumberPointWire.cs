using System.Buffers;
using Google.Protobuf;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Prometheus.Ingest;

/// <summary>
/// One OTLP <c>NumberDataPoint</c> read straight from its bytes: its times, value, flags and latest exemplar, and its
/// attributes copied as they arrived (each field's tag, length and content) after the sender's context number, which
/// is what the store finds the point's series again by (<see cref="Store.FamilyState.FindReceived"/>).
/// </summary>
internal ref struct NumberPointWire
{
    // NumberDataPoint field numbers (opentelemetry/proto/metrics/v1/metrics.proto).
    private const int StartTimeField = 2;
    private const int TimeField = 3;
    private const int AsDoubleField = 4;
    private const int ExemplarsField = 5;
    private const int AsIntField = 6;
    private const int AttributesField = 7;
    private const int FlagsField = 8;

    public ulong StartNanos;
    public ulong TimeNanos;
    public double Value;
    public uint Flags;

    /// <summary>The last exemplar's bytes (OTLP lists them oldest first); empty when the point has none.</summary>
    public ReadOnlySpan<byte> LatestExemplar;

    /// <summary>
    /// Reads <paramref name="point"/>, writing <paramref name="contextNumber"/> and then the attribute fields into
    /// <paramref name="received"/> (cleared first).
    /// </summary>
    public static NumberPointWire Read(ReadOnlySpan<byte> point, ReadOnlySpan<byte> contextNumber, ArrayBufferWriter<byte> received)
    {
        received.ResetWrittenCount();
        received.Write(contextNumber);
        var result = default(NumberPointWire);
        var reader = new WireReader(point);
        while (true)
        {
            int fieldStart = reader.Position;
            if (!reader.TryReadTag(out int field, out var type))
            {
                return result;
            }

            switch (field)
            {
                case AttributesField when type == WireFormat.WireType.LengthDelimited:
                    reader.ReadLengthDelimited();
                    received.Write(point[fieldStart..reader.Position]);
                    break;
                case StartTimeField when type == WireFormat.WireType.Fixed64:
                    result.StartNanos = reader.ReadFixed64();
                    break;
                case TimeField when type == WireFormat.WireType.Fixed64:
                    result.TimeNanos = reader.ReadFixed64();
                    break;
                case AsDoubleField when type == WireFormat.WireType.Fixed64:
                    result.Value = BitConverter.UInt64BitsToDouble(reader.ReadFixed64());
                    break;
                case AsIntField when type == WireFormat.WireType.Fixed64:
                    result.Value = (long)reader.ReadFixed64();
                    break;
                case ExemplarsField when type == WireFormat.WireType.LengthDelimited:
                    result.LatestExemplar = reader.ReadLengthDelimited();
                    break;
                case FlagsField when type == WireFormat.WireType.Varint:
                    result.Flags = (uint)reader.ReadVarint();
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }
    }
}
