using Google.Protobuf.Reflection;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>
/// A protobuf message as a tree of raw fields (message-typed fields expanded through the descriptors), so mutations
/// can delete, copy or rewrite any field and serialisation recomputes every enclosing length.
/// </summary>
internal sealed class WireNode
{
    public int Field { get; set; }

    public int WireType { get; set; }

    /// <summary>The value bytes (varint, fixed, or length-delimited content) when the node is not expanded.</summary>
    public byte[] Raw { get; set; } = [];

    /// <summary>The fields of a message-typed value; null for scalars, strings and bytes.</summary>
    public List<WireNode>? Children { get; set; }

    public FieldDescriptor? Descriptor { get; set; }

    public static List<WireNode> Parse(byte[] message, MessageDescriptor descriptor) => Parse(message, 0, message.Length, descriptor);

    public static byte[] Serialize(List<WireNode> nodes)
    {
        var output = new List<byte>(256);
        Write(nodes, output);
        return [.. output];
    }

    public WireNode Clone() => new()
    {
        Field = Field,
        WireType = WireType,
        Raw = Raw,
        Descriptor = Descriptor,
        Children = Children?.Select(c => c.Clone()).ToList(),
    };

    /// <summary>Every node with the list that holds it, depth first.</summary>
    public static List<(List<WireNode> Siblings, WireNode Node)> Flatten(List<WireNode> roots)
    {
        var result = new List<(List<WireNode>, WireNode)>();
        void Visit(List<WireNode> list)
        {
            foreach (var node in list)
            {
                result.Add((list, node));
                if (node.Children is { } children)
                {
                    Visit(children);
                }
            }
        }

        Visit(roots);
        return result;
    }

    private static List<WireNode> Parse(byte[] data, int start, int end, MessageDescriptor descriptor)
    {
        var nodes = new List<WireNode>();
        int position = start;
        while (position < end)
        {
            ulong tag = ReadVarint(data, ref position);
            var node = new WireNode { Field = (int)(tag >> 3), WireType = (int)(tag & 7) };
            node.Descriptor = descriptor.FindFieldByNumber(node.Field);
            int valueStart = position;
            switch (node.WireType)
            {
                case 0:
                    ReadVarint(data, ref position);
                    node.Raw = data[valueStart..position];
                    break;
                case 1:
                    position += 8;
                    node.Raw = data[valueStart..position];
                    break;
                case 5:
                    position += 4;
                    node.Raw = data[valueStart..position];
                    break;
                case 2:
                    int length = (int)ReadVarint(data, ref position);
                    if (node.Descriptor?.FieldType == FieldType.Message)
                    {
                        node.Children = Parse(data, position, position + length, node.Descriptor.MessageType);
                    }
                    else
                    {
                        node.Raw = data[position..(position + length)];
                    }

                    position += length;
                    break;
                default:
                    throw new InvalidOperationException($"wire type {node.WireType} in a valid payload");
            }

            nodes.Add(node);
        }

        return nodes;
    }

    private static void Write(List<WireNode> nodes, List<byte> output)
    {
        foreach (var node in nodes)
        {
            Wire.Varint(output, (ulong)(uint)((node.Field << 3) | node.WireType));
            if (node.WireType == 2)
            {
                byte[] content = node.Children is { } children ? Serialize(children) : node.Raw;
                Wire.Varint(output, (ulong)content.Length);
                output.AddRange(content);
            }
            else if (node.Children is { } children)
            {
                // A message node whose wire type was mutated: its encoded content stands in as the raw value.
                output.AddRange(Serialize(children));
            }
            else
            {
                output.AddRange(node.Raw);
            }
        }
    }

    private static ulong ReadVarint(byte[] data, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
