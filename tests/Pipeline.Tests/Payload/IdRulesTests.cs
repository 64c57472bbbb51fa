using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Tests.Payload;

/// <summary>
/// Every id rule is applied the same way by the validating wire scan (which decides whether received bytes can go
/// on undecoded) and by the per-item check of a decoded request (which drops exactly the bad items): both read
/// <see cref="IdRules"/>, so a rule changed in one place cannot disagree between the two.
/// </summary>
public sealed class IdRulesTests
{
    public static TheoryData<int> Rules()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < IdRules.All.Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void The_wire_scan_and_the_item_check_agree_on_each_rule(int index)
    {
        var rule = IdRules.All[index];
        foreach (int length in new[] { 0, rule.Length - 1, rule.Length, rule.Length + 1 })
        {
            bool broken = rule.Problem(ByteString.CopyFrom(new byte[length])) is not null;
            Assert.Equal(length != rule.Length && (rule.Required || length != 0), broken);

            var (bytes, dropped) = RequestWithId(rule, new byte[length]);
            Assert.Equal(broken, Scan(rule, bytes));
            Assert.Equal(broken ? 1 : 0, dropped);
        }
    }

    [Fact]
    public void Trace_and_span_id_lengths_are_the_specs()
    {
        Assert.Equal(16, IdRules.TraceIdLength);
        Assert.Equal(8, IdRules.SpanIdLength);
        Assert.Equal(9, IdRules.All.Select(r => r.FullName).Distinct().Count());
    }

    private static bool Scan(IdRule rule, byte[] bytes) => rule.Message switch
    {
        "opentelemetry.proto.logs.v1.LogRecord" => LogsKind.Instance.Validate(bytes).IdProblem,
        "opentelemetry.proto.metrics.v1.Exemplar" => MetricsKind.Instance.Validate(bytes).IdProblem,
        _ => TracesKind.Instance.Validate(bytes).IdProblem,
    };

    // One item whose ids all keep their rules but the one under test, which gets `id`; returns the request's bytes
    // and how many items the item check drops from its decoded form.
    private static (byte[] Bytes, long Dropped) RequestWithId(IdRule rule, byte[] id)
    {
        var value = ByteString.CopyFrom(id);
        var traceId = ByteString.CopyFrom(new byte[16]);
        var spanId = ByteString.CopyFrom(new byte[8]);
        if (rule.Message == "opentelemetry.proto.logs.v1.LogRecord")
        {
            var record = new LogRecord { TraceId = traceId, SpanId = spanId };
            (rule.Field == "trace_id" ? (Action)(() => record.TraceId = value) : () => record.SpanId = value)();
            var logs = new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { record } } } } } };
            return (logs.ToByteArray(), LogsKind.Instance.DropInvalidIds(logs.Clone()).Rejected);
        }

        if (rule.Message == "opentelemetry.proto.metrics.v1.Exemplar")
        {
            var exemplar = new Exemplar { AsDouble = 1, TraceId = traceId, SpanId = spanId };
            (rule.Field == "trace_id" ? (Action)(() => exemplar.TraceId = value) : () => exemplar.SpanId = value)();
            var point = new NumberDataPoint { AsDouble = 1, Exemplars = { exemplar } };
            var metrics = new ExportMetricsServiceRequest
            {
                ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { new ScopeMetrics { Metrics = { new Metric { Name = "m", Gauge = new Gauge { DataPoints = { point } } } } } } } },
            };
            return (metrics.ToByteArray(), MetricsKind.Instance.DropInvalidIds(metrics.Clone()).Rejected);
        }

        var link = new Span.Types.Link { TraceId = traceId, SpanId = spanId };
        var span = new Span { Name = "s", TraceId = traceId, SpanId = spanId, ParentSpanId = spanId, Links = { link } };
        Action set = rule.FullName switch
        {
            "opentelemetry.proto.trace.v1.Span.trace_id" => () => span.TraceId = value,
            "opentelemetry.proto.trace.v1.Span.span_id" => () => span.SpanId = value,
            "opentelemetry.proto.trace.v1.Span.parent_span_id" => () => span.ParentSpanId = value,
            "opentelemetry.proto.trace.v1.Span.Link.trace_id" => () => link.TraceId = value,
            _ => () => link.SpanId = value,
        };
        set();
        var traces = new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { span } } } } } };
        return (traces.ToByteArray(), TracesKind.Instance.DropInvalidIds(traces.Clone()).Rejected);
    }
}
