using System.Text;
using System.Text.Json;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Receiver.Tests.TestSupport;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>A valid request prepared for mutation: its protobuf as a field tree and its JSON as tokens.</summary>
internal sealed class MutationBase(ValidPayload payload)
{
    public ValidPayload Payload { get; } = payload;

    public List<WireNode> Tree { get; } = WireNode.Parse(payload.Protobuf, JsonOracle.Descriptor(payload.Signal));

    public List<JsonTokens.Token> Tokens { get; } = JsonTokens.Read(payload.Json);
}

/// <summary>
/// Derives one hostile request from a valid one, deterministically from the given random source: field-tree edits
/// that keep protobuf framing valid, token edits of JSON, raw byte mutations, gzip (intact or corrupted), bad gRPC
/// framing and wrong HTTP headers. The expectation comes from the oracles, never from the mutation.
/// </summary>
internal static class Mutator
{
    private static readonly string[] JsonValues =
    [
        "null", "true", "false", "0", "-1", "1", "2", "7", "1.5", "-0", "1e3", "1e400", "\"\"", "\"x\"", "\"5\"", "\"-5\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e3\"",
        "{}", "[]", "[null]", "[1,2]", "[{}]", "{\"a\":[]}", "\"AA==\"", "\"AAAA\"", "\"!!\"", "\"0102030405060708\"", "\"5B8EFFF798038103D269B633813FC60C\"", "\"5b8efff798038103d269b633813fc60\"",
        "\"zz\"", "18446744073709551615", "18446744073709551616", "-9223372036854775809", "4294967296", "2147483648", "\"SPAN_KIND_SERVER\"", "\"SPAN_KIND_NOPE\"",
        "\"SEVERITY_NUMBER_WARN\"", "\"AGGREGATION_TEMPORALITY_DELTA\"", "\"STATUS_CODE_ERROR\"", "\"\\uD800\"", "\"\\u0000\"", "\"h\\u00e9\"", "{\"stringValue\":\"v\"}", "{\"intValue\":\"12\"}",
        "{\"arrayValue\":{\"values\":[{\"boolValue\":true}]}}", "{\"kvlistValue\":{\"values\":[{\"key\":\"k\"}]}}", "{\"bytesValue\":\"AQID\"}", "{\"doubleValue\":\"NaN\"}",
    ];

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x02, 0x07, 0x08, 0x0A, 0x0F, 0x10, 0x12, 0x1A, 0x22, 0x7F, 0x80, 0x81, 0xFF, 0xFE, 0xC3, 0xED, 0xF4];

    private static readonly string[] JsonFragments = [",", "{", "}", "[", "]", ":", "\"", "\\", "-", "0", "e", "null", "\"a\":1,", ",,", "\\u", "1e999"];

    public static CorpusRequest Create(Random rng, long index, IReadOnlyList<MutationBase> bases, long limit)
    {
        var source = bases[rng.Next(bases.Count)];
        var payload = source.Payload;
        bool json = rng.NextDouble() < 0.35;
        var transport = json
            ? (rng.Next(4) == 0 ? Transport.Http2 : Transport.Http1)
            : rng.NextDouble() switch { < 0.45 => Transport.Grpc, < 0.85 => Transport.Http1, _ => Transport.Http2 };

        var kinds = new List<string>();
        byte[] body;
        double roll = rng.NextDouble();
        if (roll < 0.06)
        {
            kinds.Add("unmutated");
            body = json ? payload.Json : payload.Protobuf;
        }
        else if (roll < 0.55)
        {
            body = json ? MutateJsonTokens(rng, source, kinds) : MutateTree(rng, source, kinds);
            if (rng.NextDouble() < 0.15)
            {
                body = MutateBytes(rng, body, json, kinds);
            }
        }
        else
        {
            body = MutateBytes(rng, json ? payload.Json : payload.Protobuf, json, kinds);
        }

        string name = $"#{index} {payload.Signal} {payload.Name} {(json ? "json" : "protobuf")}: {string.Join(", ", kinds)}";
        bool gzip = rng.NextDouble() < 0.15;
        if (gzip)
        {
            body = Payloads.Gzip(body);
            if (rng.NextDouble() < 0.25)
            {
                body = MutateBytes(rng, body, json: false, kinds);
                name += " (gzip corrupted)";
            }
            else
            {
                name += " (gzip)";
            }
        }

        return transport == Transport.Grpc
            ? Grpc(rng, name, payload.Signal, body, gzip, limit)
            : Http(rng, name, payload.Signal, body, json, gzip, transport, limit);
    }

    private static CorpusRequest Http(Random rng, string name, Signal signal, byte[] body, bool json, bool gzip, Transport transport, long limit)
    {
        string? encoding = gzip ? "gzip" : null;
        var request = json
            ? CorpusRequest.HttpJson(name, signal, body, RequestOracle.ForHttp(signal, body, json: true, encoding, limit), transport, encoding)
            : CorpusRequest.HttpProtobuf(name, signal, body, RequestOracle.ForHttp(signal, body, json: false, encoding, limit), transport, encoding);
        if (rng.NextDouble() >= 0.04)
        {
            return request;
        }

        // A wrong header around the body.
        return rng.Next(5) switch
        {
            0 => request with { Name = name + " [content type text/plain]", ContentType = "text/plain", Expected = Expectation.Reject("content type") },
            1 => request with { Name = name + " [PUT]", Method = "PUT", Expected = Expectation.Reject("method") },
            2 => request with { Name = name + " [path /v1/other]", Path = "/v1/other", Expected = Expectation.Reject("path") },
            3 => request with { Name = name + " [Content-Encoding br]", ContentEncoding = "br", Expected = Expectation.Reject("encoding") },
            _ => gzip
                ? request with { Name = name + " [no Content-Encoding]", ContentEncoding = null, Expected = RequestOracle.ForHttp(signal, body, json, null, limit) }
                : request with { Name = name + " [Content-Encoding gzip]", ContentEncoding = "gzip", Expected = RequestOracle.ForHttp(signal, body, json, "gzip", limit) },
        };
    }

    private static CorpusRequest Grpc(Random rng, string name, Signal signal, byte[] message, bool gzip, long limit)
    {
        string? encoding = gzip ? "gzip" : null;
        byte[] framed = CorpusRequest.Frame(message, gzip ? (byte)1 : (byte)0);
        if (rng.NextDouble() < 0.08)
        {
            switch (rng.Next(6))
            {
                case 0:
                    framed[0] = (byte)rng.Next(256);
                    name += $" [flag {framed[0]}]";
                    break;
                case 1:
                    uint declared = (uint)Math.Max(0, message.Length + rng.Next(-8, 9));
                    framed = CorpusRequest.Frame(message, framed[0], declared);
                    name += $" [prefix says {declared} of {message.Length}]";
                    break;
                case 2:
                    int cut = rng.Next(framed.Length);
                    framed = framed[..cut];
                    name += $" [call cut to {cut}]";
                    break;
                case 3:
                    framed = [.. framed, .. CorpusRequest.Frame(message, framed[0])];
                    name += " [two messages]";
                    break;
                case 4:
                    encoding = gzip ? null : "gzip";
                    name += $" [grpc-encoding {encoding ?? "(none)"}]";
                    break;
                default:
                    encoding = "snappy";
                    name += " [grpc-encoding snappy]";
                    break;
            }
        }

        return CorpusRequest.GrpcFramed(name, signal, framed, RequestOracle.ForGrpc(signal, framed, encoding, limit), encoding);
    }

    // Edits of the field tree: the result is well framed, its content anything from valid to nonsense.
    private static byte[] MutateTree(Random rng, MutationBase source, List<string> kinds)
    {
        var tree = source.Tree.Select(n => n.Clone()).ToList();
        int edits = 1 + rng.Next(3);
        for (int e = 0; e < edits; e++)
        {
            var all = WireNode.Flatten(tree);
            if (all.Count == 0)
            {
                break;
            }

            var (siblings, node) = all[rng.Next(all.Count)];
            string field = node.Descriptor?.Name ?? $"#{node.Field}";
            switch (rng.Next(12))
            {
                case 0:
                    siblings.Remove(node);
                    kinds.Add($"delete {field}");
                    break;
                case 1:
                    siblings.Insert(rng.Next(siblings.Count + 1), node.Clone());
                    kinds.Add($"copy {field}");
                    break;
                case 2:
                    if (node.Children is not null)
                    {
                        node.Children.Clear();
                        kinds.Add($"empty {field}");
                    }
                    else
                    {
                        node.Raw = RandomBytes(rng, rng.Next(24));
                        kinds.Add($"random content of {field}");
                    }

                    break;
                case 3:
                    // Ids (and any bytes or string) of every length around the valid ones.
                    if (node.WireType == 2 && node.Children is null)
                    {
                        node.Raw = RandomBytes(rng, rng.Next(4) == 0 ? rng.Next(40) : new[] { 0, 7, 8, 9, 15, 16, 17 }[rng.Next(7)]);
                        kinds.Add($"{field} of {node.Raw.Length} bytes");
                    }

                    break;
                case 4:
                    if (node.WireType == 2 && node.Children is null && node.Raw.Length > 0)
                    {
                        node.Raw = (byte[])node.Raw.Clone();
                        node.Raw[rng.Next(node.Raw.Length)] = new byte[] { 0xFF, 0xC3, 0xED, 0x80, 0xC0 }[rng.Next(5)];
                        kinds.Add($"invalid UTF-8 in {field}");
                    }

                    break;
                case 5:
                    if (node.WireType == 0)
                    {
                        node.Raw = Wire.Varint(new ulong[] { 0UL, 1UL, 127UL, 128UL, uint.MaxValue, long.MaxValue, ulong.MaxValue, (ulong)rng.NextInt64() }[rng.Next(8)]);
                        kinds.Add($"varint {field}");
                    }
                    else if (node.WireType is 1 or 5)
                    {
                        node.Raw = RandomBytes(rng, node.Raw.Length);
                        kinds.Add($"fixed {field}");
                    }

                    break;
                case 6:
                    int wireType = new[] { 0, 1, 2, 5 }[rng.Next(4)];
                    if (wireType != node.WireType)
                    {
                        var raw = node.Children is { } children ? WireNode.Serialize(children) : node.Raw;
                        node.Children = null;
                        node.WireType = wireType;
                        node.Raw = wireType switch
                        {
                            0 => Wire.Varint((ulong)raw.Length),
                            1 => RandomBytes(rng, 8),
                            5 => RandomBytes(rng, 4),
                            _ => raw,
                        };
                        kinds.Add($"{field} as wire type {wireType}");
                    }

                    break;
                case 7:
                    siblings.Insert(rng.Next(siblings.Count + 1), new WireNode { Field = 1000 + rng.Next(1000), WireType = 2, Raw = RandomBytes(rng, rng.Next(16)) });
                    kinds.Add("unknown field");
                    break;
                case 8:
                    node.Field = new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 100, 19_000 }[rng.Next(14)];
                    node.Descriptor = null;
                    kinds.Add($"{field} renumbered {node.Field}");
                    break;
                case 9:
                    if (node.Children is { Count: > 0 } parts)
                    {
                        parts.Reverse();
                        kinds.Add($"fields of {field} reversed");
                    }

                    break;
                case 10:
                    // A copy of a sibling subtree nested inside itself: deeper and more repeated data.
                    if (node.Children is not null)
                    {
                        var donor = all[rng.Next(all.Count)].Node.Clone();
                        node.Children.Add(donor);
                        kinds.Add($"{donor.Descriptor?.Name ?? "#" + donor.Field} grafted into {field}");
                    }

                    break;
                default:
                    siblings.Insert(rng.Next(siblings.Count + 1), new WireNode { Field = node.Field, WireType = node.WireType, Raw = node.Raw, Descriptor = node.Descriptor, Children = node.Children is null ? null : [] });
                    kinds.Add($"empty twin of {field}");
                    break;
            }
        }

        return WireNode.Serialize(tree);
    }

    // Edits of JSON tokens: values of other types, renamed, removed, repeated and added keys.
    private static byte[] MutateJsonTokens(Random rng, MutationBase source, List<string> kinds)
    {
        var json = source.Payload.Json;
        var tokens = source.Tokens;
        var token = tokens[rng.Next(tokens.Count)];
        string key = token.Key ?? "[]";
        switch (rng.Next(7))
        {
            case 0:
            case 1:
                if (token.IsKey)
                {
                    string renamed = new[] { ToSnake(token.Key!), token.Key!.ToUpperInvariant(), token.Key + "X", "zz", string.Empty, token.Key! + "_", "_" + token.Key }[rng.Next(7)];
                    kinds.Add($"key {key} renamed {renamed}");
                    return JsonTokens.Replace(json, token, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(renamed)));
                }

                var value = JsonValues[rng.Next(JsonValues.Length)];
                kinds.Add($"{key} = {value}");
                return JsonTokens.Replace(json, token, Encoding.UTF8.GetBytes(value));
            case 2:
                if (token.IsKey)
                {
                    int index = tokens.IndexOf(token);
                    var (start, end) = JsonTokens.Property(tokens, index);
                    kinds.Add($"{key} repeated");
                    return [.. json[..end], (byte)',', .. json[start..end], .. json[end..]];
                }

                goto case 0;
            case 3:
                if (token.IsKey)
                {
                    int index = tokens.IndexOf(token);
                    var (start, end) = JsonTokens.Property(tokens, index);
                    int after = SkipSpace(json, end);
                    kinds.Add($"{key} removed");
                    if (after < json.Length && json[after] == ',')
                    {
                        return [.. json[..start], .. json[(after + 1)..]];
                    }

                    int before = start - 1;
                    while (before >= 0 && json[before] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
                    {
                        before--;
                    }

                    return before >= 0 && json[before] == ',' ? [.. json[..before], .. json[end..]] : [.. json[..start], .. json[end..]];
                }

                goto case 0;
            case 4:
                if (token.Type == JsonTokenType.StartObject)
                {
                    bool empty = json[SkipSpace(json, token.Start + 1)] == '}';
                    var added = $"\"{new[] { "unknownField", "traceId", "spanId", "name", "attributes", "value", "dataPoints", "body" }[rng.Next(8)]}\":{JsonValues[rng.Next(JsonValues.Length)]}{(empty ? string.Empty : ",")}";
                    kinds.Add($"added {added} in {key}");
                    return [.. json[..(token.Start + 1)], .. Encoding.UTF8.GetBytes(added), .. json[(token.Start + 1)..]];
                }

                goto case 0;
            case 5:
                if (!token.IsKey)
                {
                    bool array = rng.Next(2) == 0;
                    kinds.Add($"{key} wrapped in {(array ? "an array" : "an object")}");
                    var inner = json[token.Start..token.End];
                    return array ? JsonTokens.Replace(json, token, [(byte)'[', .. inner, (byte)']']) : JsonTokens.Replace(json, token, [.. "{\"v\":"u8, .. inner, (byte)'}']);
                }

                goto case 0;
            default:
                if (token.Key is "traceId" or "spanId" or "parentSpanId" && !token.IsKey)
                {
                    var id = RandomBytes(rng, new[] { 0, 4, 7, 8, 9, 15, 16, 17, 32 }[rng.Next(9)]);
                    var hex = rng.Next(4) == 0 ? Convert.ToHexString(id).ToLowerInvariant() : Convert.ToHexString(id);
                    kinds.Add($"{key} of {id.Length} bytes");
                    return JsonTokens.Replace(json, token, Encoding.ASCII.GetBytes($"\"{hex}\""));
                }

                goto case 0;
        }
    }

    // Raw byte edits: anything from a flipped bit to a truncated or garbled body.
    private static byte[] MutateBytes(Random rng, byte[] input, bool json, List<string> kinds)
    {
        var bytes = new List<byte>(input);
        int edits = 1 + rng.Next(rng.Next(4) == 0 ? 8 : 3);
        for (int e = 0; e < edits; e++)
        {
            int position = bytes.Count == 0 ? 0 : rng.Next(bytes.Count);
            switch (rng.Next(json ? 9 : 8))
            {
                case 0 when bytes.Count > 0:
                    bytes[position] ^= (byte)(1 << rng.Next(8));
                    kinds.Add($"bit flip @{position}");
                    break;
                case 1 when bytes.Count > 0:
                    bytes[position] = (byte)rng.Next(256);
                    kinds.Add($"random byte @{position}");
                    break;
                case 2 when bytes.Count > 0:
                    bytes[position] = InterestingBytes[rng.Next(InterestingBytes.Length)];
                    kinds.Add($"byte {bytes[position]:X2} @{position}");
                    break;
                case 3:
                    bytes.InsertRange(position, RandomBytes(rng, 1 + rng.Next(4)));
                    kinds.Add($"insert @{position}");
                    break;
                case 4 when bytes.Count > 0:
                    int count = Math.Min(bytes.Count - position, 1 + rng.Next(8));
                    bytes.RemoveRange(position, count);
                    kinds.Add($"delete {count} @{position}");
                    break;
                case 5 when bytes.Count > 0:
                    int length = Math.Min(bytes.Count - position, 1 + rng.Next(32));
                    bytes.InsertRange(rng.Next(bytes.Count + 1), bytes.GetRange(position, length));
                    kinds.Add($"copy {length} from @{position}");
                    break;
                case 6:
                    bytes.RemoveRange(position, bytes.Count - position);
                    kinds.Add($"truncate @{position}");
                    break;
                case 7:
                    bytes.AddRange(RandomBytes(rng, 1 + rng.Next(8)));
                    kinds.Add("append");
                    break;
                case 8:
                    var fragment = JsonFragments[rng.Next(JsonFragments.Length)];
                    bytes.InsertRange(position, Encoding.ASCII.GetBytes(fragment));
                    kinds.Add($"insert {fragment} @{position}");
                    break;
            }
        }

        return [.. bytes];
    }

    private static int SkipSpace(byte[] json, int position)
    {
        while (position < json.Length && json[position] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            position++;
        }

        return position;
    }

    private static string ToSnake(string camel)
    {
        var sb = new StringBuilder();
        foreach (char c in camel)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                sb.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static byte[] RandomBytes(Random rng, int length)
    {
        var bytes = new byte[length];
        rng.NextBytes(bytes);
        return bytes;
    }
}
