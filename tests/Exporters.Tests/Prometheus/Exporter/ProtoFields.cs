using Google.Protobuf;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>A schema-less protobuf reader: enough to look into the Prometheus protobuf exposition.</summary>
internal sealed class ProtoFields
{
    private readonly List<Field> _fields;

    private ProtoFields(List<Field> fields) => _fields = fields;

    public readonly record struct Field(int Number, ulong Varint, byte[]? Bytes);

    /// <summary>Every varint-length-delimited message of a body.</summary>
    public static List<ProtoFields> Delimited(byte[] body)
    {
        var input = new CodedInputStream(body);
        var messages = new List<ProtoFields>();
        while (!input.IsAtEnd)
        {
            messages.Add(Parse(input.ReadBytes().ToByteArray()));
        }

        return messages;
    }

    public static ProtoFields Parse(byte[] message)
    {
        var input = new CodedInputStream(message);
        var fields = new List<Field>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            int number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.Varint:
                    fields.Add(new Field(number, input.ReadUInt64(), null));
                    break;
                case WireFormat.WireType.Fixed64:
                    fields.Add(new Field(number, input.ReadFixed64(), null));
                    break;
                case WireFormat.WireType.Fixed32:
                    fields.Add(new Field(number, input.ReadFixed32(), null));
                    break;
                case WireFormat.WireType.LengthDelimited:
                    fields.Add(new Field(number, 0, input.ReadBytes().ToByteArray()));
                    break;
                default:
                    throw new InvalidDataException($"unexpected wire type in tag {tag}");
            }
        }

        return new ProtoFields(fields);
    }

    public static int ZigZag32(ulong value) => (int)((uint)value >> 1) ^ -(int)((uint)value & 1);

    public static long ZigZag64(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    public IEnumerable<Field> All(int number) => _fields.Where(f => f.Number == number);

    public byte[] Bytes(int number) => All(number).First().Bytes ?? throw new InvalidDataException($"field {number} is not length-delimited");

    public ulong Varint(int number) => All(number).First().Varint;
}
