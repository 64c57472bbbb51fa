using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>
/// The test's own decision on a protobuf body: valid when Google.Protobuf parses it and the reference's stricter
/// rules hold (<see cref="StrictWireOracle"/>); then every item whose ids have the wrong length is rejected
/// (partial success) and the rest are passed on.
/// </summary>
internal static class ProtobufOracle
{
    public static Expectation Judge(Signal signal, ReadOnlySpan<byte> message)
    {
        Expectation parsed;
        try
        {
            parsed = signal switch
            {
                Signal.Traces => Count(ExportTraceServiceRequest.Parser.ParseFrom(message)),
                Signal.Metrics => Count(ExportMetricsServiceRequest.Parser.ParseFrom(message)),
                _ => Count(ExportLogsServiceRequest.Parser.ParseFrom(message)),
            };
        }
        catch (InvalidProtocolBufferException ex)
        {
            return Expectation.Reject("Google.Protobuf cannot parse it: " + ex.Message);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentException or OverflowException)
        {
            // Google.Protobuf 3.25.1 throws these for some truncated varints instead of InvalidProtocolBufferException.
            return Expectation.Reject($"Google.Protobuf cannot parse it ({ex.GetType().Name})");
        }

        // Only after the parser accepted it, so its recursion limit also bounds this walk.
        var strict = StrictWireOracle.Problem(message, JsonOracle.Descriptor(signal));
        return strict is null ? parsed : Expectation.Reject("the reference's decoder refuses it: " + strict);
    }

    public static Expectation Count(ExportTraceServiceRequest request)
    {
        long items = 0, bad = 0;
        foreach (var span in request.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans))
        {
            items++;
            bool ok = span.TraceId.Length == 16 && span.SpanId.Length == 8 && span.ParentSpanId.Length is 0 or 8
                && span.Links.All(l => l.TraceId.Length == 16 && l.SpanId.Length == 8);
            bad += ok ? 0 : 1;
        }

        return Expectation.Accept(items - bad, bad);
    }

    public static Expectation Count(ExportLogsServiceRequest request)
    {
        long items = 0, bad = 0;
        foreach (var record in request.ResourceLogs.SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords))
        {
            items++;
            bad += record.TraceId.Length is 0 or 16 && record.SpanId.Length is 0 or 8 ? 0 : 1;
        }

        return Expectation.Accept(items - bad, bad);
    }

    public static Expectation Count(ExportMetricsServiceRequest request)
    {
        long items = 0, bad = 0;
        foreach (var metric in request.ResourceMetrics.SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics))
        {
            IEnumerable<IEnumerable<Exemplar>> points = metric.DataCase switch
            {
                Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(p => p.Exemplars),
                Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(p => p.Exemplars),
                Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Select(p => p.Exemplars),
                Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Select(p => p.Exemplars),
                Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Select(_ => Enumerable.Empty<Exemplar>()),
                _ => [],
            };
            foreach (var exemplars in points)
            {
                items++;
                bad += exemplars.All(e => e.TraceId.Length is 0 or 16 && e.SpanId.Length is 0 or 8) ? 0 : 1;
            }
        }

        return Expectation.Accept(items - bad, bad);
    }
}

/// <summary>
/// The test's own decision on an OTLP/JSON body, written from the OTLP/JSON rules (proto3 JSON mapping with hex
/// trace/span ids) and walked over the proto descriptors, independently of the receiver's hand-written reader:
/// lowerCamelCase or snake_case keys, unknown keys ignored, null as absent, 64-bit integers as numbers or decimal
/// strings, enums as numbers or value names, doubles as numbers or "NaN"/"Infinity"/"-Infinity"/numeric strings.
/// Where the rules leave the answer open (a oneof set twice, odd integer spellings) it says Either.
/// </summary>
internal static class JsonOracle
{
    /// <summary>The receiver documents this nesting limit (JsonCursor.MaxDepth); deeper is rejected.</summary>
    public const int MaxDepth = 128;

    public static MessageDescriptor Descriptor(Signal signal) => signal switch
    {
        Signal.Traces => ExportTraceServiceRequest.Descriptor,
        Signal.Metrics => ExportMetricsServiceRequest.Descriptor,
        _ => ExportLogsServiceRequest.Descriptor,
    };

    public static Expectation Judge(Signal signal, byte[] json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            return Expectation.Reject("not well-formed JSON: " + ex.Message);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Expectation.Reject("the root is not an object");
            }

            var walk = new Walk();
            var count = walk.Message(document.RootElement, Descriptor(signal), "$");
            if (walk.Invalid is not null)
            {
                return Expectation.Reject(walk.Invalid);
            }

            return walk.Unsure is not null ? Expectation.Either(walk.Unsure) : Expectation.Accept(count.Items - count.Bad, count.Bad);
        }
    }

    private readonly record struct Count(long Items, long Bad);

    private sealed class Walk
    {
        public string? Invalid { get; private set; }

        public string? Unsure { get; private set; }

        public Count Message(JsonElement element, MessageDescriptor descriptor, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Fail(path, $"expected an object, got {element.ValueKind}");
                return default;
            }

            var lastSingular = new Dictionary<int, Count>();
            var repeated = new Count();
            var oneofs = new Dictionary<string, int>();
            var ids = new Dictionary<string, int>();
            bool badChild = false;
            foreach (var property in element.EnumerateObject())
            {
                var field = Field(descriptor, property, out bool undecodableKey);
                if (undecodableKey)
                {
                    // Invalid UTF-8 or a lone surrogate escape in a key: skipping it as unknown and refusing it are both fair.
                    Unsure ??= $"{path}: a key that is not valid Unicode";
                }

                if (field is null || property.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                string where = path + "." + field.JsonName;
                if (field.RealContainingOneof is { } oneof)
                {
                    if (oneofs.TryGetValue(oneof.Name, out var other) && other != field.FieldNumber)
                    {
                        Unsure ??= $"{where}: two members of oneof {oneof.Name} are set";
                    }

                    oneofs[oneof.Name] = field.FieldNumber;
                }

                if (field.IsRepeated)
                {
                    if (property.Value.ValueKind != JsonValueKind.Array)
                    {
                        Fail(where, $"a repeated field must be an array, got {property.Value.ValueKind}");
                        continue;
                    }

                    int index = 0;
                    foreach (var item in property.Value.EnumerateArray())
                    {
                        string at = $"{where}[{index++}]";
                        if (field.FieldType == FieldType.Message)
                        {
                            // A null element reads as an empty message, as the reference collector reads it.
                            var child = item.ValueKind == JsonValueKind.Null ? Empty(field.MessageType) : Message(item, field.MessageType, at);
                            repeated = new Count(repeated.Items + child.Items, repeated.Bad + child.Bad);
                            badChild |= child.Bad > 0 && IsIdCarrier(field.MessageType);
                        }
                        else
                        {
                            Scalar(item, field, at);
                        }
                    }
                }
                else if (field.FieldType == FieldType.Message)
                {
                    lastSingular[field.FieldNumber] = Message(property.Value, field.MessageType, where);
                }
                else if (IsHexId(field))
                {
                    ids[field.Name] = HexId(property.Value, where);
                }
                else
                {
                    Scalar(property.Value, field, where);
                }
            }

            // Data in a singular message field: the last occurrence of a repeated key wins; repeated fields append.
            long items = repeated.Items + lastSingular.Values.Sum(c => c.Items);
            long bad = repeated.Bad + lastSingular.Values.Sum(c => c.Bad);
            return Item(descriptor, ids, badChild) ?? new Count(items, bad);
        }

        // Spans, log records and data points are the items; links and exemplars carry ids that can spoil their item.
        private static Count? Item(MessageDescriptor descriptor, Dictionary<string, int> ids, bool badChild)
        {
            int Id(string name) => ids.GetValueOrDefault(name);
            switch (descriptor.FullName)
            {
                case "opentelemetry.proto.trace.v1.Span":
                    return new Count(1, Id("trace_id") == 16 && Id("span_id") == 8 && Id("parent_span_id") is 0 or 8 && !badChild ? 0 : 1);
                case "opentelemetry.proto.trace.v1.Span.Link":
                    return new Count(0, Id("trace_id") == 16 && Id("span_id") == 8 ? 0 : 1);
                case "opentelemetry.proto.logs.v1.LogRecord":
                    return new Count(1, Id("trace_id") is 0 or 16 && Id("span_id") is 0 or 8 ? 0 : 1);
                case "opentelemetry.proto.metrics.v1.Exemplar":
                    return new Count(0, Id("trace_id") is 0 or 16 && Id("span_id") is 0 or 8 ? 0 : 1);
                case "opentelemetry.proto.metrics.v1.NumberDataPoint":
                case "opentelemetry.proto.metrics.v1.HistogramDataPoint":
                case "opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint":
                    return new Count(1, badChild ? 1 : 0);
                case "opentelemetry.proto.metrics.v1.SummaryDataPoint":
                    return new Count(1, 0);
                default:
                    return null;
            }
        }

        private static Count Empty(MessageDescriptor descriptor) => Item(descriptor, [], false) ?? default;

        private static bool IsIdCarrier(MessageDescriptor descriptor)
            => descriptor.FullName is "opentelemetry.proto.trace.v1.Span.Link" or "opentelemetry.proto.metrics.v1.Exemplar";

        private static bool IsHexId(FieldDescriptor field)
            => field.FieldType == FieldType.Bytes && field.Name is "trace_id" or "span_id" or "parent_span_id";

        // Keys are matched in lowerCamelCase; a snake_case key is first turned into it by proto's json_name rule.
        private static FieldDescriptor? Field(MessageDescriptor descriptor, JsonProperty property, out bool undecodable)
        {
            string name;
            undecodable = false;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                undecodable = true;
                return null;
            }

            if (name.Contains('_', StringComparison.Ordinal))
            {
                var camel = new System.Text.StringBuilder();
                bool capitalise = false;
                foreach (char c in name)
                {
                    if (c == '_')
                    {
                        capitalise = true;
                        continue;
                    }

                    camel.Append(capitalise && c is >= 'a' and <= 'z' ? (char)(c - 32) : c);
                    capitalise = false;
                }

                name = camel.ToString();
            }

            return descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name);
        }

        private int HexId(JsonElement value, string path)
        {
            if (value.ValueKind != JsonValueKind.String || !TryString(value, out var hex))
            {
                Fail(path, "an id must be a hex string");
                return 0;
            }

            if (hex.Length % 2 != 0 || !hex.All(Uri.IsHexDigit))
            {
                Fail(path, $"\"{Short(hex)}\" is not hex");
                return 0;
            }

            return hex.Length / 2;
        }

        private void Scalar(JsonElement value, FieldDescriptor field, string path)
        {
            switch (field.FieldType)
            {
                case FieldType.String:
                    if (value.ValueKind != JsonValueKind.String || !TryString(value, out _))
                    {
                        Fail(path, "expected a (valid UTF-8) string");
                    }

                    break;
                case FieldType.Bool:
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        Fail(path, "expected true or false");
                    }

                    break;
                case FieldType.Bytes:
                    if (IsHexId(field))
                    {
                        HexId(value, path);
                    }
                    else if (value.ValueKind != JsonValueKind.String || !TryString(value, out var text) || !IsBase64(text))
                    {
                        Fail(path, "expected a base64 string");
                    }

                    break;
                case FieldType.Enum:
                    Enum(value, field, path);
                    break;
                case FieldType.Double:
                case FieldType.Float:
                    Double(value, path);
                    break;
                case FieldType.Int32:
                case FieldType.SInt32:
                case FieldType.SFixed32:
                    Integer(value, int.MinValue, int.MaxValue, signed: true, path);
                    break;
                case FieldType.UInt32:
                case FieldType.Fixed32:
                    Integer(value, 0, uint.MaxValue, signed: false, path);
                    break;
                case FieldType.Int64:
                case FieldType.SInt64:
                case FieldType.SFixed64:
                    Integer(value, long.MinValue, long.MaxValue, signed: true, path);
                    break;
                case FieldType.UInt64:
                case FieldType.Fixed64:
                    Integer(value, 0, ulong.MaxValue, signed: false, path);
                    break;
                default:
                    Unsure ??= $"{path}: field type {field.FieldType} not covered by the oracle";
                    break;
            }
        }

        private void Enum(JsonElement value, FieldDescriptor field, string path)
        {
            if (value.ValueKind == JsonValueKind.Number)
            {
                // Proto3 enums are open: any int32 is kept.
                if (!value.TryGetInt32(out _))
                {
                    Fail(path, "an enum number must be an int32");
                }
            }
            else if (value.ValueKind != JsonValueKind.String || !TryString(value, out var name) || field.EnumType.FindValueByName(name) is null)
            {
                Fail(path, $"not a value name of {field.EnumType.Name}");
            }
        }

        private void Double(JsonElement value, string path)
        {
            if (value.ValueKind == JsonValueKind.Number)
            {
                if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    Fail(path, "a number out of double range");
                }

                return;
            }

            if (value.ValueKind == JsonValueKind.String && TryString(value, out var text))
            {
                const NumberStyles JsonNumber = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
                if (text is "NaN" or "Infinity" or "-Infinity"
                    || (double.TryParse(text, JsonNumber, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)))
                {
                    return;
                }
            }

            Fail(path, "expected a double");
        }

        private void Integer(JsonElement value, BigInteger min, BigInteger max, bool signed, string path)
        {
            if (value.ValueKind == JsonValueKind.Number)
            {
                // Whole numbers in any notation (1e3, 5.0) are integers.
                if (value.TryGetDecimal(out var d) && d == decimal.Truncate(d) && new BigInteger(d) is var whole && whole >= min && whole <= max)
                {
                    return;
                }

                Fail(path, "not an integer in range");
                return;
            }

            if (value.ValueKind != JsonValueKind.String || !TryString(value, out var text))
            {
                Fail(path, "expected an integer or a decimal string");
                return;
            }

            if (text.StartsWith('+'))
            {
                if (text.Length > 1 && text[1..].All(char.IsAsciiDigit))
                {
                    Unsure ??= $"{path}: integer string \"{Short(text)}\" with a plus sign";
                }
                else
                {
                    Fail(path, $"\"{Short(text)}\" is not a decimal integer");
                }

                return;
            }

            bool negative = text.StartsWith('-');
            var digits = negative ? text[1..] : text;
            if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
            {
                Fail(path, $"\"{Short(text)}\" is not a decimal integer");
                return;
            }

            if ((digits.Length > 20 && digits.StartsWith('0')) || (negative && !signed && digits.All(c => c == '0')))
            {
                Unsure ??= $"{path}: integer string \"{Short(text)}\" in an unusual spelling";
                return;
            }

            var parsed = BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (parsed < min || parsed > max)
            {
                Fail(path, $"{Short(text)} is out of range");
            }
        }

        // Standard or URL-safe base64, padding optional.
        private static bool IsBase64(string text)
        {
            if (text.Length == 0)
            {
                return true;
            }

            var chars = text.Replace('-', '+').Replace('_', '/');
            chars = chars.PadRight((chars.Length + 3) & ~3, '=');
            return Convert.TryFromBase64String(chars, new byte[chars.Length], out _);
        }

        private static bool TryString(JsonElement value, out string text)
        {
            try
            {
                text = value.GetString()!;
                return true;
            }
            catch (InvalidOperationException)
            {
                // Invalid UTF-8 or a lone surrogate escape.
                text = string.Empty;
                return false;
            }
        }

        private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "...";

        private void Fail(string path, string problem) => Invalid ??= $"{path}: {problem}";
    }
}

/// <summary>The test's own reading of a gzip body: RFC 1952 trailer (CRC-32 and length) checked by our own CRC-32.</summary>
internal static class GzipOracle
{
    private static readonly uint[] Table = BuildTable();

    public enum Outcome
    {
        Ok,
        TooLarge,
        Corrupt,
    }

    public static (Outcome Outcome, byte[] Data) Decode(byte[] compressed, long limit)
    {
        var output = new MemoryStream();
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = gzip.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, n);
                if (output.Length > limit)
                {
                    return (Outcome.TooLarge, []);
                }
            }
        }
        catch (InvalidDataException)
        {
            return (Outcome.Corrupt, []);
        }

        var data = output.ToArray();
        if (compressed.Length < 18 || compressed[0] != 0x1f || compressed[1] != 0x8b)
        {
            return (Outcome.Corrupt, []);
        }

        var trailer = compressed.AsSpan(compressed.Length - 8);
        bool ok = BinaryPrimitives.ReadUInt32LittleEndian(trailer) == Crc32(data) && BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) == (uint)data.Length;
        return ok ? (Outcome.Ok, data) : (Outcome.Corrupt, []);
    }

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}

/// <summary>Combines the oracles for a whole request body as each protocol frames and encodes it.</summary>
internal static class RequestOracle
{
    /// <summary>An OTLP/HTTP body with its Content-Encoding (null, "" or "gzip") and the receiver's body limit.</summary>
    public static Expectation ForHttp(Signal signal, byte[] body, bool json, string? encoding, long limit)
    {
        if (encoding == "gzip")
        {
            var (outcome, data) = GzipOracle.Decode(body, limit);
            if (outcome != GzipOracle.Outcome.Ok)
            {
                return Expectation.Reject($"gzip body: {outcome}");
            }

            body = data;
        }
        else if (body.Length > limit)
        {
            return Expectation.Reject("body over the limit");
        }

        return json ? JsonOracle.Judge(signal, body) : ProtobufOracle.Judge(signal, body);
    }

    /// <summary>A gRPC request body (prefix and message) with its grpc-encoding header and the message size limit.</summary>
    public static Expectation ForGrpc(Signal signal, byte[] framed, string? grpcEncoding, long limit)
    {
        if (framed.Length < 5)
        {
            return Expectation.Reject("no complete message prefix");
        }

        byte flag = framed[0];
        long length = BinaryPrimitives.ReadUInt32BigEndian(framed.AsSpan(1));
        if (flag > 1)
        {
            return Expectation.Reject($"compressed flag {flag}");
        }

        if (length > limit)
        {
            return Expectation.Reject("announced length over the limit");
        }

        if (framed.Length != 5 + length)
        {
            return Expectation.Reject($"prefix announces {length} bytes, {framed.Length - 5} follow");
        }

        var message = framed[5..];
        if (flag == 1)
        {
            if (grpcEncoding != "gzip")
            {
                return Expectation.Reject($"compressed with grpc-encoding {grpcEncoding ?? "(none)"}");
            }

            var (outcome, data) = GzipOracle.Decode(message, limit);
            if (outcome != GzipOracle.Outcome.Ok)
            {
                return Expectation.Reject($"gzip message: {outcome}");
            }

            message = data;
        }

        return ProtobufOracle.Judge(signal, message);
    }
}
