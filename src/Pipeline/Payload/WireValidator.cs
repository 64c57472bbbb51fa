using System.Text.Unicode;
using Google.Protobuf;

namespace MiniCollector.Pipeline.Payload;

/// <summary>
/// Checks serialized export requests without decoding them: every tag, length and varint well-formed, strings valid
/// UTF-8, nesting within the parser's limit, ids of the right length. Counts the items on the way, so a request that
/// is only forwarded never needs its model.
/// </summary>
/// <remarks>
/// Whatever passes here also parses with Google.Protobuf, so a component that needs the model later can decode the
/// kept bytes without a second round of error handling. Bad ids are reported, not thrown: the caller then decodes
/// to drop exactly the offending items and say which they were.
/// </remarks>
internal static class WireValidator
{
    // Google.Protobuf's default recursion limit: deeper input is refused by the parser, so it is refused here too.
    private const int RecursionLimit = 100;

    /// <summary>Validates <paramref name="wire"/> against <paramref name="schema"/>; throws <see cref="MalformedPayloadException"/> when it is not well-formed.</summary>
    public static WireScan Validate(WireSchema schema, ReadOnlySpan<byte> wire)
    {
        var state = default(ScanState);
        ValidateMessage(schema.Messages, 0, wire, 0, ref state);
        return new WireScan(state.Items, state.IdProblem);
    }

    private static void ValidateMessage(MessageRules[] messages, int messageIndex, ReadOnlySpan<byte> wire, int depth, ref ScanState state)
    {
        if (depth > RecursionLimit)
        {
            throw new MalformedPayloadException($"messages are nested more than {RecursionLimit} deep");
        }

        var rules = messages[messageIndex];
        var fields = rules.Fields;
        ulong presentIds = 0;
        var reader = new WireReader(wire);
        while (reader.TryReadTag(out int number, out var wireType))
        {
            if ((uint)number >= (uint)fields.Length || fields[number].Kind == FieldKind.Unknown)
            {
                reader.Skip(wireType);
                continue;
            }

            ref readonly var rule = ref fields[number];
            if (wireType != rule.WireType)
            {
                if (rule.Packable && wireType == WireFormat.WireType.LengthDelimited)
                {
                    ValidatePacked(reader.ReadLengthDelimited(), rule);
                }
                else
                {
                    // A parser keeps a known field with an unexpected wire type as an unknown field, so it is not an error.
                    reader.Skip(wireType);
                }

                continue;
            }

            switch (rule.Kind)
            {
                case FieldKind.Message:
                    var child = reader.ReadLengthDelimited();
                    if (rule.Item)
                    {
                        state.Items++;
                    }

                    ValidateMessage(messages, rule.Child, child, depth + 1, ref state);
                    break;
                case FieldKind.String:
                    if (!Utf8.IsValid(reader.ReadLengthDelimited()))
                    {
                        throw new MalformedPayloadException($"{rule.Name} is not valid UTF-8");
                    }

                    break;
                case FieldKind.Bytes:
                    int length = reader.ReadLengthDelimited().Length;
                    if (rule.IdLength != 0)
                    {
                        if (length == rule.IdLength)
                        {
                            presentIds |= 1UL << number;
                        }
                        else if (length != 0 || rule.IdRequired)
                        {
                            state.IdProblem = true;
                        }
                    }

                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        if ((presentIds & rules.RequiredIds) != rules.RequiredIds)
        {
            state.IdProblem = true;
        }
    }

    // A packed run must hold whole values: a parser reading past its end fails.
    private static void ValidatePacked(ReadOnlySpan<byte> run, in FieldRule rule)
    {
        switch (rule.WireType)
        {
            case WireFormat.WireType.Fixed64 when run.Length % 8 != 0:
            case WireFormat.WireType.Fixed32 when run.Length % 4 != 0:
                throw new MalformedPayloadException($"packed {rule.Name} is {run.Length} bytes, not a whole number of values");
            case WireFormat.WireType.Varint:
                var values = new WireReader(run);
                while (!values.End)
                {
                    values.ReadVarint();
                }

                break;
        }
    }

    private struct ScanState
    {
        public int Items;
        public bool IdProblem;
    }
}

/// <summary>What a <see cref="WireValidator"/> scan found in a well-formed request.</summary>
/// <param name="Items">Spans, data points or log records in the request.</param>
/// <param name="IdProblem">True when some item has an id of the wrong length, so the request must be decoded to drop it.</param>
public readonly record struct WireScan(int Items, bool IdProblem);
