using System.Text;
using MiniCollector.Exporters.Debug;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Trace;
using static MiniCollector.Exporters.Tests.Debug.DebugTestData;
using Resource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Exporters.Tests.Debug;

public class DetailedFormatterTracesTests
{
    private static string Format(ExportTraceServiceRequest request)
    {
        var sb = new StringBuilder();
        DetailedFormatter.Write(sb, request);
        return sb.ToString();
    }

    [Fact]
    public void Full_span_prints_every_field_in_the_reference_layout()
    {
        var span = new Span
        {
            TraceId = TraceId,
            SpanId = SpanId,
            ParentSpanId = ParentId,
            TraceState = "rojo=00f067aa0ba902b7",
            Flags = 0x301,
            Name = "I'm a server span",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = T0,
            EndTimeUnixNano = T0 + 1_000_000_000,
            Status = new Status { Code = Status.Types.StatusCode.Ok, Message = "fine" },
            DroppedAttributesCount = 1,
            DroppedEventsCount = 2,
            DroppedLinksCount = 3,
            Attributes =
            {
                Kv("my.span.attr", "some value"),
                Kv("retries", Int(2)),
                Kv("ratio", Dbl(0.75)),
                Kv("cached", Bool(false)),
                Kv("raw", Bytes(1, 2, 3)),
                Kv("tags", Slice(Str("a"), Int(1))),
                Kv("ctx", Map(Kv("user", Map(Kv("id", Int(7)))))),
                Kv("unset", (AnyValue?)null),
            },
            Events =
            {
                new Span.Types.Event
                {
                    Name = "ev",
                    TimeUnixNano = T0 + 500_000_000,
                    DroppedAttributesCount = 4,
                    Attributes = { Kv("k", "v") },
                },
                new Span.Types.Event { Name = "bare" },
            },
            Links =
            {
                new Span.Types.Link
                {
                    TraceId = Hex("0102030405060708090a0b0c0d0e0f10"),
                    SpanId = Hex("1112131415161718"),
                    TraceState = "k=v",
                    Flags = 1,
                    DroppedAttributesCount = 5,
                    Attributes = { Kv("link.attr", Int(9)) },
                },
                new Span.Types.Link(),
            },
        };
        var request = new ExportTraceServiceRequest
        {
            ResourceSpans =
            {
                new ResourceSpans
                {
                    SchemaUrl = "https://opentelemetry.io/schemas/1.4.0",
                    Resource = new Resource
                    {
                        Attributes = { Kv("service.name", "checkout"), Kv("count", Int(3)) },
                        DroppedAttributesCount = 6,
                        EntityRefs =
                        {
                            new EntityRef
                            {
                                Type = "service",
                                SchemaUrl = "https://opentelemetry.io/schemas/1.21.0",
                                IdKeys = { "service.name" },
                                DescriptionKeys = { "service.version" },
                            },
                            new EntityRef { Type = "host", IdKeys = { "host.name" } },
                        },
                    },
                    ScopeSpans =
                    {
                        new ScopeSpans
                        {
                            Scope = new InstrumentationScope
                            {
                                Name = "my.library",
                                Version = "1.0.0",
                                Attributes = { Kv("k", "v") },
                                DroppedAttributesCount = 7,
                            },
                            Spans = { span },
                        },
                    },
                },
            },
        };

        Assert.Equal(
            Lines("""
                ResourceSpans #0
                Resource SchemaURL: https://opentelemetry.io/schemas/1.4.0
                Resource attributes:
                     -> service.name: Str(checkout)
                     -> count: Int(3)
                Resource DroppedAttributesCount: 6
                Resource entity refs:
                     -> Entity ref #0:
                          -> Type: service
                          -> Schema URL: https://opentelemetry.io/schemas/1.21.0
                          -> ID keys:
                               -> service.name
                          -> Description keys:
                               -> service.version
                     -> Entity ref #1:
                          -> Type: host
                          -> ID keys:
                               -> host.name
                ScopeSpans #0
                ScopeSpans SchemaURL:·
                InstrumentationScope my.library 1.0.0
                InstrumentationScope attributes:
                     -> k: Str(v)
                InstrumentationScope DroppedAttributesCount: 7
                Span #0
                    Trace ID       : 5b8efff798038103d269b633813fc60c
                    Parent ID      : eee19b7ec3c1b173
                    ID             : eee19b7ec3c1b174
                    Name           : I'm a server span
                    Kind           : Server
                    TraceState     : rojo=00f067aa0ba902b7
                    Flags          : 769
                    Start time     : 2018-12-13 14:51:00 +0000 UTC
                    End time       : 2018-12-13 14:51:01 +0000 UTC
                    Status code    : Ok
                    Status message : fine
                    DroppedAttributesCount: 1
                    DroppedEventsCount: 2
                    DroppedLinksCount: 3
                Attributes:
                     -> my.span.attr: Str(some value)
                     -> retries: Int(2)
                     -> ratio: Double(0.75)
                     -> cached: Bool(false)
                     -> raw: Bytes(AQID)
                     -> tags: Slice(["a",1])
                     -> ctx: Map({"user":{"id":7}})
                     -> unset: Empty()
                Events:
                SpanEvent #0
                     -> Name: ev
                     -> Timestamp: 2018-12-13 14:51:00.5 +0000 UTC
                     -> DroppedAttributesCount: 4
                     -> Attributes::
                          -> k: Str(v)
                SpanEvent #1
                     -> Name: bare
                     -> Timestamp: 1970-01-01 00:00:00 +0000 UTC
                     -> DroppedAttributesCount: 0
                Links:
                SpanLink #0
                     -> Trace ID: 0102030405060708090a0b0c0d0e0f10
                     -> ID: 1112131415161718
                     -> TraceState: k=v
                     -> Flags: 1
                     -> DroppedAttributesCount: 5
                     -> Attributes::
                          -> link.attr: Int(9)
                SpanLink #1
                     -> Trace ID:·
                     -> ID:·
                     -> TraceState:·
                     -> DroppedAttributesCount: 0
                """),
            Format(request));
    }

    [Fact]
    public void Minimal_span_prints_empty_fields_and_omits_optional_sections()
    {
        var request = new ExportTraceServiceRequest
        {
            ResourceSpans =
            {
                new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { new Span { Name = "op" } } } } },
                new ResourceSpans { Resource = new Resource() },
            },
        };

        Assert.Equal(
            Lines("""
                ResourceSpans #0
                Resource SchemaURL:·
                ScopeSpans #0
                ScopeSpans SchemaURL:·
                InstrumentationScope··
                Span #0
                    Trace ID       :·
                    Parent ID      :·
                    ID             :·
                    Name           : op
                    Kind           : Unspecified
                    Start time     : 1970-01-01 00:00:00 +0000 UTC
                    End time       : 1970-01-01 00:00:00 +0000 UTC
                    Status code    : Unset
                    Status message :·
                    DroppedAttributesCount: 0
                    DroppedEventsCount: 0
                    DroppedLinksCount: 0
                ResourceSpans #1
                Resource SchemaURL:·
                """),
            Format(request));
    }

    [Theory]
    [InlineData(Span.Types.SpanKind.Internal, Status.Types.StatusCode.Error, "Internal", "Error")]
    [InlineData(Span.Types.SpanKind.Client, Status.Types.StatusCode.Unset, "Client", "Unset")]
    [InlineData(Span.Types.SpanKind.Producer, Status.Types.StatusCode.Ok, "Producer", "Ok")]
    [InlineData(Span.Types.SpanKind.Consumer, Status.Types.StatusCode.Error, "Consumer", "Error")]
    public void Kind_and_status_use_pdata_names(
        Span.Types.SpanKind kind, Status.Types.StatusCode code, string kindName, string codeName)
    {
        var request = new ExportTraceServiceRequest
        {
            ResourceSpans =
            {
                new ResourceSpans
                {
                    ScopeSpans = { new ScopeSpans { Spans = { new Span { Kind = kind, Status = new Status { Code = code } } } } },
                },
            },
        };

        string text = Format(request);

        Assert.Contains($"\n    Kind           : {kindName}\n", text, StringComparison.Ordinal);
        Assert.Contains($"\n    Status code    : {codeName}\n", text, StringComparison.Ordinal);
    }
}
