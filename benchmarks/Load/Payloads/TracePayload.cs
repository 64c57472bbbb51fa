using Google.Protobuf;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Resource;
using MiniCollector.Otlp.Trace;

namespace MiniCollector.Benchmarks.Load.Payloads;

/// <summary>
/// The fixed trace request every trace scenario sends: 1 resource, 1 scope, 100 spans with 10 string attributes
/// of 20 characters each (the OpenTelemetry spec's SDK benchmark shape), about 44.5 KB serialized.
/// </summary>
public static class TracePayload
{
    /// <summary>Spans per request.</summary>
    public const int SpansPerRequest = 100;

    private const int AttributesPerSpan = 10;
    private const int AttributeValueLength = 20;

    /// <summary>Builds the request; a fixed seed keeps the bytes identical from run to run.</summary>
    public static ExportTraceServiceRequest Build() => Build(0);

    /// <summary>
    /// The request's variant <paramref name="variant"/>: the same shape and size, with other ids and attribute
    /// values (variant 0 is <see cref="Build()"/>). Sent in rotation, variants give something that routes by trace
    /// id as many traces as a real stream would, where one fixed request offers only its ten.
    /// </summary>
    public static ExportTraceServiceRequest Build(int variant)
    {
        var random = new Random(20_240_601 + variant);
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "minicollector.load", Version = "1.0.0" } };
        var start = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
        var traceId = RandomId(random, 16);
        for (int i = 0; i < SpansPerRequest; i++)
        {
            // Ten spans per trace: a realistic mix of shared and distinct trace ids for anything that groups by trace.
            if (i % 10 == 0)
            {
                traceId = RandomId(random, 16);
            }

            var span = new Span
            {
                TraceId = traceId,
                SpanId = RandomId(random, 8),
                Name = "load-span-" + i,
                Kind = i % 2 == 0 ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Client,
                StartTimeUnixNano = start + (ulong)i * 1_000,
                EndTimeUnixNano = start + (ulong)i * 1_000 + 1_500_000,
            };
            for (int k = 0; k < AttributesPerSpan; k++)
            {
                span.Attributes.Add(new KeyValue { Key = "attr.key." + k, Value = new AnyValue { StringValue = RandomText(random, AttributeValueLength) } });
            }

            scope.Spans.Add(span);
        }

        var resource = new ResourceSpans
        {
            Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "load-benchmark" } } } },
        };
        resource.ScopeSpans.Add(scope);
        return new ExportTraceServiceRequest { ResourceSpans = { resource } };
    }

    // Never all zero: an all-zero id is invalid in OTLP and would be dropped by the receiver.
    private static ByteString RandomId(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        bytes[0] |= 1;
        return ByteString.CopyFrom(bytes);
    }

    private static string RandomText(Random random, int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(length, random, static (chars, r) =>
        {
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });
    }
}
