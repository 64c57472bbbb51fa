using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.Attributes.AttributesKit;
using static MiniCollector.Pipeline.Tests.Routing.RoutingKit;

namespace MiniCollector.Pipeline.Tests.Routing;

/// <summary>Where the routing connector sends what, built through its factory, and what it answers.</summary>
public sealed class RoutingConnectorTests
{
    private const string ByService = """
        default_pipelines: [traces/other]
        table:
          - condition: attributes["service.name"] == "a"
            pipelines: [traces/a]
          - context: resource
            statement: route() where attributes["service.name"] == "b"
            pipelines: [traces/b]
        """;

    private static ExportTraceServiceRequest Services(params string[] services)
    {
        var model = new ExportTraceServiceRequest();
        foreach (var service in services)
        {
            model.ResourceSpans.Add(Traces(Resource(Kv("service.name", service)), null, Span(service + "-1", []), Span(service + "-2", [])).ResourceSpans);
        }

        return model;
    }

    private static IEnumerable<string> ServicesIn(RecordingConsumer pipeline)
        => pipeline.Received.SelectMany(r => ((ExportTraceServiceRequest)r.Model).ResourceSpans).Select(r => r.Resource.Attributes.Single().Value.StringValue);

    private static IEnumerable<string> SpanNames(RecordingConsumer pipeline)
        => pipeline.Received.SelectMany(r => ((ExportTraceServiceRequest)r.Model).ResourceSpans).SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.Name);

    [Fact]
    public async Task Resources_move_whole_to_the_first_matching_route_and_the_rest_to_the_default_pipelines()
    {
        var (connector, pipelines) = Build(ByService, Signal.Traces, ["traces/a", "traces/b", "traces/other"]);

        var result = await connector.ConsumeAsync(Request(Services("a", "b", "c", "a")), CancellationToken.None);

        Assert.Equal(ConsumeResult.Success, result);
        Assert.Equal(["a", "a"], ServicesIn(pipelines["traces/a"]));
        Assert.Equal(["b"], ServicesIn(pipelines["traces/b"]));
        Assert.Equal(["c"], ServicesIn(pipelines["traces/other"]));
        Assert.Equal(4, pipelines["traces/a"].Received.Single().ItemCount);
    }

    [Fact]
    public async Task What_goes_all_one_way_is_passed_on_as_received_without_re_encoding()
    {
        var (connector, pipelines) = Build(ByService, Signal.Traces, ["traces/a", "traces/b", "traces/other"]);
        var request = Request(Services("b", "b"));

        await connector.ConsumeAsync(request, CancellationToken.None);

        Assert.Same(request, pipelines["traces/b"].Received.Single());
        Assert.Empty(pipelines["traces/a"].Received);
        Assert.Empty(pipelines["traces/other"].Received);
    }

    [Fact]
    public async Task Without_default_pipelines_unmatched_data_is_dropped_counted_and_the_request_succeeds()
    {
        using var meter = new CollectorMeter();
        var (connector, pipelines) = Build("""
            table:
              - condition: attributes["service.name"] == "a"
                pipelines: [traces/a]
            """, Signal.Traces, ["traces/a"], meter);

        var result = await connector.ConsumeAsync(Request(Services("a", "c", "d")), CancellationToken.None);

        Assert.Equal(ConsumeResult.Success, result);
        Assert.Equal(["a"], ServicesIn(pipelines["traces/a"]));
        var unrouted = meter.Read().Single(r => r.Name == "minicollector_connector_routing_unrouted_spans");
        Assert.Equal(4, unrouted.Value);
        Assert.Contains(new KeyValuePair<string, string>("connector", "routing"), unrouted.Labels);
    }

    [Fact]
    public async Task Span_routes_split_resources_and_a_span_goes_to_the_first_route_it_matches()
    {
        var (connector, pipelines) = Build("""
            default_pipelines: [traces/other]
            table:
              - context: span
                condition: name == "a-1"
                pipelines: [traces/spans]
              - condition: attributes["service.name"] == "a"
                pipelines: [traces/a]
              - condition: span.name == "b-2"
                pipelines: [traces/spans]
            """, Signal.Traces, ["traces/spans", "traces/a", "traces/other"]);

        await connector.ConsumeAsync(Request(Services("a", "b")), CancellationToken.None);

        Assert.Equal(["a-1", "b-2"], SpanNames(pipelines["traces/spans"]));
        Assert.Equal(["a-2"], SpanNames(pipelines["traces/a"]));
        Assert.Equal(["b-1"], SpanNames(pipelines["traces/other"]));
        var spans = (ExportTraceServiceRequest)pipelines["traces/spans"].Received.Single().Model;
        Assert.Equal(["a", "b"], spans.ResourceSpans.Select(r => r.Resource.Attributes.Single().Value.StringValue));
    }

    [Fact]
    public async Task Log_routes_split_records()
    {
        var (connector, pipelines) = Build("""
            default_pipelines: [logs/other]
            table:
              - context: log
                condition: severity_number >= SEVERITY_NUMBER_ERROR
                pipelines: [logs/errors]
            """, Signal.Logs, ["logs/errors", "logs/other"]);
        var model = Logs(Resource(Kv("service.name", "svc")), Log("boom", SeverityNumber.Error, "ERROR"), Log("fine", SeverityNumber.Info, "INFO"), Log("fatal", SeverityNumber.Fatal, "FATAL"));

        await connector.ConsumeAsync(Request(model), CancellationToken.None);

        static IEnumerable<string> Bodies(RecordingConsumer c) => c.Received.SelectMany(r => ((ExportLogsServiceRequest)r.Model).ResourceLogs).SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords).Select(l => l.Body.StringValue);
        Assert.Equal(["boom", "fatal"], Bodies(pipelines["logs/errors"]));
        Assert.Equal(["fine"], Bodies(pipelines["logs/other"]));
        Assert.Equal(2, pipelines["logs/errors"].Received.Single().ItemCount);
    }

    [Fact]
    public async Task Metric_routes_move_whole_metrics_and_data_point_routes_single_points_in_a_copy_of_their_metric()
    {
        var (connector, pipelines) = Build("""
            default_pipelines: [metrics/other]
            table:
              - context: datapoint
                condition: attributes["host"] == "h1"
                pipelines: [metrics/h1]
              - context: metric
                condition: name == "cpu"
                pipelines: [metrics/cpu]
            """, Signal.Metrics, ["metrics/h1", "metrics/cpu", "metrics/other"]);
        var cpu = new Metric { Name = "cpu", Unit = "1", Sum = new Sum { IsMonotonic = true, AggregationTemporality = AggregationTemporality.Cumulative } };
        cpu.Sum.DataPoints.Add(new NumberDataPoint { AsDouble = 1, Attributes = { Kv("host", "h1") } });
        cpu.Sum.DataPoints.Add(new NumberDataPoint { AsDouble = 2, Attributes = { Kv("host", "h2") } });
        var memory = new Metric { Name = "memory", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsInt = 3 } } } };

        await connector.ConsumeAsync(Request(Metrics(Resource(Kv("service.name", "svc")), cpu, memory)), CancellationToken.None);

        Metric Single(string pipeline) => ((ExportMetricsServiceRequest)pipelines[pipeline].Received.Single().Model).ResourceMetrics.Single().ScopeMetrics.Single().Metrics.Single();
        var h1 = Single("metrics/h1");
        Assert.Equal(("cpu", "1", true, AggregationTemporality.Cumulative), (h1.Name, h1.Unit, h1.Sum.IsMonotonic, h1.Sum.AggregationTemporality));
        Assert.Equal(1, h1.Sum.DataPoints.Single().AsDouble);
        Assert.Equal(2, Single("metrics/cpu").Sum.DataPoints.Single().AsDouble);
        Assert.Equal("memory", Single("metrics/other").Name);
    }

    [Fact]
    public async Task Request_routes_match_client_metadata_without_reading_the_data()
    {
        var (connector, pipelines) = Build("""
            default_pipelines: [logs/other]
            table:
              - context: request
                condition: request["X-Tenant"] == "acme"
                pipelines: [logs/acme]
              - context: request
                condition: request["X-Tenant"] != "acme"
                pipelines: [logs/rest]
            """, Signal.Logs, ["logs/acme", "logs/rest", "logs/other"]);
        TelemetryRequest For(params (string, string[])[] metadata) => LogsKind.Instance.FromBytes(Google.Protobuf.MessageExtensions.ToByteArray(Logs(null, Log("x", SeverityNumber.Info, "I"))), Metadata(metadata));

        var acme = For(("x-tenant", ["acme"]));
        await connector.ConsumeAsync(acme, CancellationToken.None);
        await connector.ConsumeAsync(For(("x-tenant", ["ecorp"])), CancellationToken.None);
        await connector.ConsumeAsync(For(), CancellationToken.None);

        Assert.Same(acme, pipelines["logs/acme"].Received.Single());
        Assert.False(acme.HasModel);
        Assert.Single(pipelines["logs/rest"].Received);
        Assert.Single(pipelines["logs/other"].Received);
    }

    [Fact]
    public async Task A_matching_request_route_takes_everything_earlier_routes_left()
    {
        var (connector, pipelines) = Build("""
            table:
              - condition: attributes["service.name"] == "a"
                pipelines: [traces/a]
              - context: request
                condition: request["tenant"] == "t1"
                pipelines: [traces/t1]
            """, Signal.Traces, ["traces/a", "traces/t1"]);
        var request = TracesKind.Instance.FromModel(Services("a", "b", "c"), Metadata(("tenant", ["t1"])));

        await connector.ConsumeAsync(request, CancellationToken.None);

        Assert.Equal(["a"], ServicesIn(pipelines["traces/a"]));
        Assert.Equal(["b", "c"], ServicesIn(pipelines["traces/t1"]));
        Assert.Equal(["t1"], pipelines["traces/t1"].Received.Single().Metadata.Get("tenant"));
    }

    [Fact]
    public async Task A_bare_route_statement_matches_everything()
    {
        var (connector, pipelines) = Build("table: [{statement: route(), pipelines: [traces/all]}]", Signal.Traces, ["traces/all"]);

        await connector.ConsumeAsync(Request(Services("a", "b")), CancellationToken.None);

        Assert.Equal(["a", "b"], ServicesIn(pipelines["traces/all"]));
    }

    [Fact]
    public async Task A_failing_condition_counts_as_no_match_under_ignore_and_fails_the_request_under_propagate()
    {
        const string table = """
            default_pipelines: [traces/other]
            table:
              - context: span
                condition: Len(attributes["n"]) > 1
                pipelines: [traces/long]
            """;
        var model = Traces(Span("s", [Kv("n", 5L)]));

        var (ignoring, pipelines) = Build(table, Signal.Traces, ["traces/long", "traces/other"]);
        Assert.True((await ignoring.ConsumeAsync(Request(model), CancellationToken.None)).IsAccepted);
        Assert.Single(pipelines["traces/other"].Received);
        Assert.Empty(pipelines["traces/long"].Received);

        var (propagating, sinks) = Build("error_mode: propagate\n" + table, Signal.Traces, ["traces/long", "traces/other"]);
        var result = await propagating.ConsumeAsync(Request(model), CancellationToken.None);
        Assert.Equal(ConsumeOutcome.Failed, result.Outcome);
        Assert.Contains("Len", result.Message);
        Assert.All(sinks.Values, s => Assert.Empty(s.Received));
    }

    [Fact]
    public async Task The_answers_of_the_pipelines_sent_to_are_combined()
    {
        var (connector, pipelines) = Build(ByService, Signal.Traces, ["traces/a", "traces/b", "traces/other"]);
        pipelines["traces/b"].RefuseAll("b is full");
        pipelines["traces/a"].Answer = _ => ConsumeResult.Partial(1, "one bad span");

        var result = await connector.ConsumeAsync(Request(Services("a", "b", "c")), CancellationToken.None);

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
        Assert.Equal("b is full", result.Message);

        pipelines["traces/b"].Answer = _ => ConsumeResult.Success;
        var partial = await connector.ConsumeAsync(Request(Services("a", "b")), CancellationToken.None);
        Assert.True(partial.IsAccepted);
        Assert.Equal(1, partial.RejectedItems);
    }

    [Fact]
    public async Task A_pipeline_that_changes_data_gets_its_own_copy_and_the_received_request_is_never_changed()
    {
        var (connector, pipelines) = Build(ByService, Signal.Traces, ["traces/a", "traces/b", "traces/other"], make: name => new RecordingConsumer { MutatesData = name == "traces/a" });
        var request = Request(Services("a", "b"));
        var bytes = request.Bytes.ToArray();

        Assert.False(connector.MutatesData);
        await connector.ConsumeAsync(request, CancellationToken.None);
        var toA = (ExportTraceServiceRequest)pipelines["traces/a"].Received.Single().Model;
        toA.ResourceSpans[0].Resource.Attributes[0].Value.StringValue = "changed";

        var received = (ExportTraceServiceRequest)request.Model;
        Assert.Equal("a", received.ResourceSpans[0].Resource.Attributes[0].Value.StringValue);
        Assert.Equal(bytes, request.Bytes.ToArray());

        var whole = Request(Services("a"));
        await connector.ConsumeAsync(whole, CancellationToken.None);
        Assert.NotSame(whole, pipelines["traces/a"].Received[1]);
    }

    [Fact]
    public async Task Routes_to_the_same_pipelines_share_one_request_and_a_repeated_route_is_ignored()
    {
        var (connector, pipelines) = Build("""
            table:
              - condition: attributes["service.name"] == "a"
                pipelines: [traces/x]
              - condition: attributes["service.name"] == "b"
                pipelines: [traces/x]
              - condition: attributes["service.name"] == "c"
                pipelines: [traces/y]
              - condition: attributes["service.name"] == "a"
                pipelines: [traces/y]
            """, Signal.Traces, ["traces/x", "traces/y"]);

        await connector.ConsumeAsync(Request(Services("a", "b", "c")), CancellationToken.None);

        Assert.Equal(["a", "b"], ServicesIn(pipelines["traces/x"]));
        Assert.Single(pipelines["traces/x"].Received);
        Assert.Equal(["c"], ServicesIn(pipelines["traces/y"]));
    }
}
