using System.Text;
using MiniCollector.Exporters.Debug;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using static MiniCollector.Exporters.Tests.Debug.DebugTestData;
using Resource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Exporters.Tests.Debug;

public class DetailedFormatterLogsTests
{
    private static string Format(ExportLogsServiceRequest request)
    {
        var sb = new StringBuilder();
        DetailedFormatter.Write(sb, request);
        return sb.ToString();
    }

    private static ExportLogsServiceRequest Request(params LogRecord[] records) => new()
    {
        ResourceLogs =
        {
            new ResourceLogs
            {
                SchemaUrl = "https://opentelemetry.io/schemas/1.21.0",
                Resource = new Resource { Attributes = { Kv("service.name", "checkout") } },
                ScopeLogs =
                {
                    new ScopeLogs
                    {
                        SchemaUrl = "https://example.com/scope",
                        Scope = new InstrumentationScope { Name = "app.logger", Version = "3" },
                        LogRecords = { records },
                    },
                },
            },
        },
    };

    [Fact]
    public void Full_record_prints_every_field()
    {
        var record = new LogRecord
        {
            ObservedTimeUnixNano = T0 + 250_000_001,
            TimeUnixNano = T321,
            SeverityText = "INFO",
            SeverityNumber = SeverityNumber.Info,
            EventName = "user.login",
            Body = Map(Kv("msg", "hello"), Kv("nested", Map(Kv("list", Slice(Int(1), Dbl(2.5), Bool(true)))))),
            Attributes = { Kv("user", "ann"), Kv("attempt", Int(2)), Kv("blob", Bytes(0xff)) },
            DroppedAttributesCount = 3,
            TraceId = TraceId,
            SpanId = SpanId,
            Flags = 1,
        };

        Assert.Equal(
            Lines("""
                ResourceLog #0
                Resource SchemaURL: https://opentelemetry.io/schemas/1.21.0
                Resource attributes:
                     -> service.name: Str(checkout)
                ScopeLogs #0
                ScopeLogs SchemaURL: https://example.com/scope
                InstrumentationScope app.logger 3
                LogRecord #0
                ObservedTimestamp: 2018-12-13 14:51:00.250000001 +0000 UTC
                Timestamp: 2020-02-11 20:26:12.000000321 +0000 UTC
                SeverityText: INFO
                SeverityNumber: Info(9)
                EventName: user.login
                Body: Map({"msg":"hello","nested":{"list":[1,2.5,true]}})
                Attributes:
                     -> user: Str(ann)
                     -> attempt: Int(2)
                     -> blob: Bytes(/w==)
                DroppedAttributesCount: 3
                Trace ID: 5b8efff798038103d269b633813fc60c
                Span ID: eee19b7ec3c1b174
                Flags: 1
                """),
            Format(Request(record)));
    }

    [Fact]
    public void Minimal_records_print_empty_fields_and_skip_event_name()
    {
        Assert.Equal(
            Lines("""
                ResourceLog #0
                Resource SchemaURL: https://opentelemetry.io/schemas/1.21.0
                Resource attributes:
                     -> service.name: Str(checkout)
                ScopeLogs #0
                ScopeLogs SchemaURL: https://example.com/scope
                InstrumentationScope app.logger 3
                LogRecord #0
                ObservedTimestamp: 1970-01-01 00:00:00 +0000 UTC
                Timestamp: 1970-01-01 00:00:00 +0000 UTC
                SeverityText:·
                SeverityNumber: Unspecified(0)
                Body: Empty()
                Trace ID:·
                Span ID:·
                Flags: 0
                LogRecord #1
                ObservedTimestamp: 1970-01-01 00:00:00 +0000 UTC
                Timestamp: 1970-01-01 00:00:00 +0000 UTC
                SeverityText: oops
                SeverityNumber: Fatal4(24)
                Body: Str(line one
                line two)
                Trace ID:·
                Span ID:·
                Flags: 0
                """),
            Format(Request(
                new LogRecord(),
                new LogRecord { SeverityText = "oops", SeverityNumber = SeverityNumber.Fatal4, Body = Str("line one\nline two") })));
    }

    [Theory]
    [InlineData(SeverityNumber.Trace, "Trace(1)")]
    [InlineData(SeverityNumber.Debug3, "Debug3(7)")]
    [InlineData(SeverityNumber.Info2, "Info2(10)")]
    [InlineData(SeverityNumber.Warn, "Warn(13)")]
    [InlineData(SeverityNumber.Error4, "Error4(20)")]
    [InlineData((SeverityNumber)42, "Unknown(42)")]
    public void Severity_number_prints_name_and_number(SeverityNumber severity, string expected)
    {
        string text = Format(Request(new LogRecord { SeverityNumber = severity }));
        Assert.Contains($"\nSeverityNumber: {expected}\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_bodies_render_with_their_type()
    {
        string text = Format(Request(
            new LogRecord { Body = Int(5) },
            new LogRecord { Body = Dbl(1.5) },
            new LogRecord { Body = Bool(true) },
            new LogRecord { Body = Slice(Str("a"), Map()) }));

        Assert.Contains("\nBody: Int(5)\n", text, StringComparison.Ordinal);
        Assert.Contains("\nBody: Double(1.5)\n", text, StringComparison.Ordinal);
        Assert.Contains("\nBody: Bool(true)\n", text, StringComparison.Ordinal);
        Assert.Contains("\nBody: Slice([\"a\",{}])\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Resources_and_scopes_without_records_still_print_their_headers()
    {
        var request = new ExportLogsServiceRequest
        {
            ResourceLogs =
            {
                new ResourceLogs { ScopeLogs = { new ScopeLogs(), new ScopeLogs { Scope = new InstrumentationScope { Name = "s" } } } },
            },
        };

        Assert.Equal(
            Lines("""
                ResourceLog #0
                Resource SchemaURL:·
                ScopeLogs #0
                ScopeLogs SchemaURL:·
                InstrumentationScope··
                ScopeLogs #1
                ScopeLogs SchemaURL:·
                InstrumentationScope s·
                """),
            Format(request));
    }
}
