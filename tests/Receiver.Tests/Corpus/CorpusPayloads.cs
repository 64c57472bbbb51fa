using System.IO.Compression;
using System.Text;
using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Resource;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Otlp.Json;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Receiver.Tests.TestSupport;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>A valid request in both encodings and the number of items it carries.</summary>
internal sealed record ValidPayload(string Name, Signal Signal, IMessage Model, byte[] Protobuf, byte[] Json, long Items);

/// <summary>Valid requests to derive hostile ones from, and builders for the hostile shapes that need care.</summary>
internal static class CorpusPayloads
{
    public static readonly Signal[] Signals = [Signal.Traces, Signal.Metrics, Signal.Logs];

    /// <summary>The smallest realistic request of a signal (the one every offset of gets truncated).</summary>
    public static ValidPayload Small(Signal signal) => signal switch
    {
        Signal.Traces => Make("small traces", signal, Payloads.Traces(2)),
        Signal.Metrics => Make("small metrics", signal, Payloads.Metrics()),
        _ => Make("small logs", signal, Payloads.Logs()),
    };

    /// <summary>A request using most of the signal's fields: every AnyValue shape, links, events, exemplars, every metric type.</summary>
    public static ValidPayload Rich(Signal signal) => signal switch
    {
        Signal.Traces => Make("rich traces", signal, RichTraces()),
        Signal.Metrics => Make("rich metrics", signal, RichMetrics()),
        _ => Make("rich logs", signal, RichLogs()),
    };

    /// <summary>The OTLP spec's JSON examples (as the receiver tests carry them) with their protobuf twins.</summary>
    public static ValidPayload SpecExample(Signal signal)
    {
        var json = signal switch
        {
            Signal.Traces => Payloads.TracesJson,
            Signal.Metrics => Payloads.MetricsJson,
            _ => Payloads.LogsJson,
        };
        var bytes = Encoding.UTF8.GetBytes(json);
        IMessage model = signal switch
        {
            Signal.Traces => OtlpJsonReader.ReadTraces(bytes),
            Signal.Metrics => OtlpJsonReader.ReadMetrics(bytes),
            _ => OtlpJsonReader.ReadLogs(bytes),
        };
        return new ValidPayload("spec example", signal, model, model.ToByteArray(), bytes, ItemsOf(signal, model.ToByteArray()));
    }

    public static IEnumerable<ValidPayload> All()
    {
        foreach (var signal in Signals)
        {
            yield return Small(signal);
            yield return Rich(signal);
            yield return SpecExample(signal);
        }
    }

    public static ValidPayload Make(string name, Signal signal, IMessage model)
    {
        var bytes = model.ToByteArray();
        return new ValidPayload(name, signal, model, bytes, OtlpJsonWriter.ToUtf8Bytes(model), ItemsOf(signal, bytes));
    }

    private static long ItemsOf(Signal signal, byte[] protobuf)
    {
        var expectation = ProtobufOracle.Judge(signal, protobuf);
        Assert.Equal(Verdict.Accept, expectation.Verdict);
        Assert.Equal(0, expectation.Rejected);
        return expectation.Items!.Value;
    }

    public static byte[] Gzip(byte[] data) => Payloads.Gzip(data);

    /// <summary>
    /// A gzip stream of <paramref name="size"/> zero bytes, written in chunks so the bomb costs only its compressed
    /// size to build (about 1 MiB per GiB).
    /// </summary>
    public static byte[] ZeroBomb(long size, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var compress = compressor(output))
        {
            var chunk = new byte[1024 * 1024];
            for (long written = 0; written < size; written += chunk.Length)
            {
                compress.Write(chunk, 0, (int)Math.Min(chunk.Length, size - written));
            }
        }

        return output.ToArray();
    }

    private static readonly Lazy<byte[]> GigabyteGzipBomb = new(() => ZeroBomb(1L << 30, s => new GZipStream(s, CompressionLevel.Optimal)));

    /// <summary>1 GiB of zeros, gzip-compressed (built once per test run).</summary>
    public static byte[] GzipBomb1GiB => GigabyteGzipBomb.Value;

    private static ExportTraceServiceRequest RichTraces()
    {
        var request = Payloads.Traces(1);
        var span = request.ResourceSpans[0].ScopeSpans[0].Spans[0];
        span.ParentSpanId = ByteString.CopyFrom([9, 9, 9, 9, 9, 9, 9, 9]);
        span.TraceState = "a=b";
        span.Flags = 0x101;
        span.Attributes.Add(AllValueShapes());
        span.Events.Add(new Span.Types.Event { Name = "ev", TimeUnixNano = 1_544_712_660_500_000_000, Attributes = { new KeyValue { Key = "e", Value = new AnyValue { IntValue = -1 } } } });
        span.Links.Add(new Span.Types.Link { TraceId = span.TraceId, SpanId = ByteString.CopyFrom([8, 7, 6, 5, 4, 3, 2, 1]), TraceState = "x=y", Flags = 1 });
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" };
        span.DroppedAttributesCount = 3;
        var second = request.ResourceSpans[0].Clone();
        second.SchemaUrl = "https://opentelemetry.io/schemas/1.26.0";
        second.ScopeSpans[0].Spans[0].Kind = Span.Types.SpanKind.Client;
        second.ScopeSpans[0].Spans[0].ParentSpanId = ByteString.Empty;
        request.ResourceSpans.Add(second);
        return request;
    }

    private static ExportMetricsServiceRequest RichMetrics()
    {
        var exemplar = new Exemplar
        {
            AsDouble = 1.5,
            TimeUnixNano = 1_544_712_660_300_000_000,
            TraceId = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(b => (byte)b).ToArray()),
            SpanId = ByteString.CopyFrom([1, 2, 3, 4, 5, 6, 7, 8]),
            FilteredAttributes = { new KeyValue { Key = "f", Value = new AnyValue { BoolValue = true } } },
        };
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "rich", Version = "2" } };
        scope.Metrics.Add(new Metric { Name = "g", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsDouble = double.NaN, TimeUnixNano = 1, Exemplars = { exemplar } }, new NumberDataPoint { AsInt = -7, Flags = 1 } } } });
        scope.Metrics.Add(new Metric { Name = "s", Unit = "By", Sum = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Delta, DataPoints = { new NumberDataPoint { AsInt = long.MaxValue, StartTimeUnixNano = 1, TimeUnixNano = 2, Attributes = { AllValueShapes() } } } } });
        scope.Metrics.Add(new Metric
        {
            Name = "h",
            Histogram = new Histogram
            {
                AggregationTemporality = AggregationTemporality.Cumulative,
                DataPoints = { new HistogramDataPoint { Count = 3, Sum = 6.5, Min = 0.5, Max = 4, BucketCounts = { 1, 1, 1 }, ExplicitBounds = { 1, 2 }, Exemplars = { exemplar } } },
            },
        });
        scope.Metrics.Add(new Metric
        {
            Name = "e",
            ExponentialHistogram = new ExponentialHistogram
            {
                AggregationTemporality = AggregationTemporality.Delta,
                DataPoints =
                {
                    new ExponentialHistogramDataPoint
                    {
                        Count = 4, Scale = -3, ZeroCount = 1, ZeroThreshold = 1e-9, Sum = 10,
                        Positive = new ExponentialHistogramDataPoint.Types.Buckets { Offset = -2, BucketCounts = { 1, 2 } },
                        Negative = new ExponentialHistogramDataPoint.Types.Buckets { Offset = 1, BucketCounts = { 0 } },
                    },
                },
            },
        });
        scope.Metrics.Add(new Metric
        {
            Name = "q",
            Summary = new Summary { DataPoints = { new SummaryDataPoint { Count = 2, Sum = 3, QuantileValues = { new SummaryDataPoint.Types.ValueAtQuantile { Quantile = 0.5, Value = 1 } } } } },
        });
        var resource = new ResourceMetrics { Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "rich" } } } } };
        resource.ScopeMetrics.Add(scope);
        return new ExportMetricsServiceRequest { ResourceMetrics = { resource } };
    }

    private static ExportLogsServiceRequest RichLogs()
    {
        var request = Payloads.Logs();
        var records = request.ResourceLogs[0].ScopeLogs[0].LogRecords;
        records[0].TraceId = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(b => (byte)b).ToArray());
        records[0].SpanId = ByteString.CopyFrom([1, 2, 3, 4, 5, 6, 7, 8]);
        records[0].EventName = "event.name";
        records[0].SeverityText = "INFO";
        records[0].Flags = 1;
        records[0].TimeUnixNano = 1_544_712_660_300_000_000;
        records.Add(new LogRecord { Body = new AnyValue { KvlistValue = new KeyValueList { Values = { AllValueShapes() } } }, Attributes = { AllValueShapes() }, SeverityNumber = SeverityNumber.Error3 });
        return request;
    }

    private static IEnumerable<KeyValue> AllValueShapes() =>
    [
        new KeyValue { Key = "str", Value = new AnyValue { StringValue = "héllo ✓" } },
        new KeyValue { Key = "bool", Value = new AnyValue { BoolValue = false } },
        new KeyValue { Key = "int", Value = new AnyValue { IntValue = long.MinValue } },
        new KeyValue { Key = "double", Value = new AnyValue { DoubleValue = -0.25 } },
        new KeyValue { Key = "bytes", Value = new AnyValue { BytesValue = ByteString.CopyFrom([0, 255, 128]) } },
        new KeyValue { Key = "array", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "a" }, new AnyValue { IntValue = 2 }, new AnyValue() } } } },
        new KeyValue { Key = "kvlist", Value = new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "inner", Value = new AnyValue { DoubleValue = 1e300 } } } } } },
        new KeyValue { Key = "empty" },
    ];
}

/// <summary>Writes protobuf wire format by hand, for shapes the generated code will not produce.</summary>
internal static class Wire
{
    public static void Varint(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }

        output.Add((byte)value);
    }

    public static byte[] Varint(ulong value)
    {
        var output = new List<byte>(10);
        Varint(output, value);
        return [.. output];
    }

    public static byte[] Tag(int field, int wireType) => Varint((ulong)(uint)((field << 3) | wireType));

    public static byte[] Field(int field, byte[] content) => [.. Tag(field, 2), .. Varint((ulong)content.Length), .. content];

    public static byte[] Field(int field, string content) => Field(field, Encoding.UTF8.GetBytes(content));

    /// <summary>A traces request whose single span (valid ids) carries the given raw attribute bytes.</summary>
    public static byte[] TracesWithSpanContent(byte[] extraSpanFields)
    {
        byte[] span = [.. Field(1, Enumerable.Range(1, 16).Select(b => (byte)b).ToArray()), .. Field(2, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }), .. Field(5, "s"), .. extraSpanFields];
        return Field(1, Field(2, Field(2, span)));
    }

    /// <summary>A logs request whose single record carries the given raw fields.</summary>
    public static byte[] LogsWithRecordContent(byte[] recordFields) => Field(1, Field(2, Field(2, recordFields)));

    /// <summary>A metrics request with one gauge whose single data point carries the given raw fields.</summary>
    public static byte[] MetricsWithPointContent(byte[] pointFields)
    {
        byte[] metric = [.. Field(1, "m"), .. Field(5, Field(1, pointFields))];
        return Field(1, Field(2, Field(2, metric)));
    }

    /// <summary>
    /// An AnyValue nested <paramref name="depth"/> times through kvlist_value (or array_value) around a string:
    /// built inside out, so any depth costs only its bytes.
    /// </summary>
    public static byte[] NestedAnyValue(int depth, bool kvlist)
    {
        // Every level only adds bytes in front (tags and lengths), so the prefixes are computed inside out and joined once.
        byte[] leaf = Field(1, "leaf");
        var prefixes = new List<byte[]>(depth);
        long length = leaf.Length;
        for (int i = 0; i < depth; i++)
        {
            byte[] prefix;
            if (kvlist)
            {
                // AnyValue.kvlist_value(6) { KeyValueList.values(1) { KeyValue.key(1) "k", KeyValue.value(2) { inner } } }
                byte[] keyValueHead = [.. Field(1, "k"), .. Tag(2, 2), .. Varint((ulong)length)];
                long keyValueLength = keyValueHead.Length + length;
                byte[] listHead = [.. Tag(1, 2), .. Varint((ulong)keyValueLength)];
                long listLength = listHead.Length + keyValueLength;
                prefix = [.. Tag(6, 2), .. Varint((ulong)listLength), .. listHead, .. keyValueHead];
            }
            else
            {
                // AnyValue.array_value(5) { ArrayValue.values(1) { inner } }
                byte[] arrayHead = [.. Tag(1, 2), .. Varint((ulong)length)];
                long arrayLength = arrayHead.Length + length;
                prefix = [.. Tag(5, 2), .. Varint((ulong)arrayLength), .. arrayHead];
            }

            prefixes.Add(prefix);
            length += prefix.Length;
        }

        var result = new byte[length];
        int position = 0;
        for (int i = prefixes.Count - 1; i >= 0; i--)
        {
            prefixes[i].CopyTo(result, position);
            position += prefixes[i].Length;
        }

        leaf.CopyTo(result, position);
        return result;
    }

    /// <summary>Every field of a message and, through the descriptors, of the messages inside it.</summary>
    public readonly record struct FieldSpan(int TagOffset, int TagLength, int WireType, int ValueOffset, int ValueLength, int LengthOffset, int LengthLength, Google.Protobuf.Reflection.FieldDescriptor? Field);

    public static List<FieldSpan> Walk(byte[] message, Google.Protobuf.Reflection.MessageDescriptor descriptor)
    {
        var fields = new List<FieldSpan>();
        WalkInto(message, 0, message.Length, descriptor, fields);
        return fields;
    }

    private static void WalkInto(byte[] data, int start, int end, Google.Protobuf.Reflection.MessageDescriptor descriptor, List<FieldSpan> fields)
    {
        int position = start;
        while (position < end)
        {
            int tagOffset = position;
            ulong tag = ReadVarint(data, ref position);
            int tagLength = position - tagOffset;
            int wireType = (int)(tag & 7);
            var field = descriptor.FindFieldByNumber((int)(tag >> 3));
            switch (wireType)
            {
                case 0:
                    int varintStart = position;
                    ReadVarint(data, ref position);
                    fields.Add(new FieldSpan(tagOffset, tagLength, wireType, varintStart, position - varintStart, -1, 0, field));
                    break;
                case 1:
                    fields.Add(new FieldSpan(tagOffset, tagLength, wireType, position, 8, -1, 0, field));
                    position += 8;
                    break;
                case 5:
                    fields.Add(new FieldSpan(tagOffset, tagLength, wireType, position, 4, -1, 0, field));
                    position += 4;
                    break;
                case 2:
                    int lengthOffset = position;
                    int length = (int)ReadVarint(data, ref position);
                    fields.Add(new FieldSpan(tagOffset, tagLength, wireType, position, length, lengthOffset, position - lengthOffset, field));
                    if (field?.FieldType == Google.Protobuf.Reflection.FieldType.Message)
                    {
                        WalkInto(data, position, position + length, field.MessageType, fields);
                    }

                    position += length;
                    break;
                default:
                    throw new InvalidOperationException($"unexpected wire type {wireType} in a valid payload");
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
