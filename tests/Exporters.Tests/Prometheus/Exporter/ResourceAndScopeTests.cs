using MiniCollector.Otlp.Collector.Metrics;
using static MiniCollector.Exporters.Tests.Prometheus.Exporter.Otlp;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>job/instance, target_info, scope labels, resource_to_telemetry_conversion and const_labels.</summary>
public sealed class ResourceAndScopeTests
{
    private const string SchemaUrl = "https://opentelemetry.io/schemas/1.21.0";

    private static ExportMetricsServiceRequest ShopRequest(params MiniCollector.Otlp.Metrics.Metric[] metrics) => Request(
        Resource(
            Attr("service.namespace", "shop"),
            Attr("service.name", "cart"),
            Attr("service.instance.id", "i-1"),
            Attr("host.name", "h1"),
            Attr("deployment.environment", "prod")),
        Scope("io.lib", "1.2", Attr("lib.kind", "x")),
        SchemaUrl,
        metrics);

    [Fact]
    public void Job_instance_scope_labels_and_one_target_info()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(ShopRequest(Gauge("g", Point(1, At(1)).Attrs(Attr("region", "eu")))));

        Assert.Equal(
            """
            # TYPE g gauge
            g{instance="i-1",job="shop/cart",otel_scope_lib_kind="x",otel_scope_name="io.lib",otel_scope_schema_url="https://opentelemetry.io/schemas/1.21.0",otel_scope_version="1.2",region="eu"} 1
            # HELP target_info Target metadata
            # TYPE target_info gauge
            target_info{deployment_environment="prod",host_name="h1",instance="i-1",job="shop/cart"} 1

            """,
            h.Text());
    }

    [Fact]
    public void Job_is_the_service_name_alone_without_a_namespace_and_instance_is_absent_without_an_id()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Request(Resource(Attr("service.name", "cart"), Attr("host.name", "h1")), null, Gauge("g", Point(1, At(1)))));

        Assert.Equal(
            """
            # TYPE g gauge
            g{job="cart"} 1
            # HELP target_info Target metadata
            # TYPE target_info gauge
            target_info{host_name="h1",job="cart"} 1

            """,
            h.Text());
    }

    [Fact]
    public void No_target_info_when_the_resource_has_only_service_attributes()
    {
        var h = ExporterHarness.FromYaml();
        h.Ingest(Request(
            Resource(Attr("service.namespace", "shop"), Attr("service.name", "cart"), Attr("service.instance.id", "i-1")),
            null,
            Gauge("g", Point(1, At(1)))));

        Assert.Equal("# TYPE g gauge\ng{instance=\"i-1\",job=\"shop/cart\"} 1\n", h.Text());
    }

    [Fact]
    public void One_target_info_per_job_and_instance_with_the_latest_attributes()
    {
        var h = ExporterHarness.FromYaml();
        ExportMetricsServiceRequest From(string instance, string host) => Request(
            Resource(Attr("service.name", "cart"), Attr("service.instance.id", instance), Attr("host.name", host)),
            null,
            Gauge("g", Point(1, At(1))));

        h.Ingest(From("i-1", "old"));
        h.Ingest(From("i-1", "new"));
        h.Ingest(From("i-2", "other"));

        // Two resources with the same job+instance in one request: still one target_info.
        var request = From("i-3", "a");
        request.ResourceMetrics.Add(From("i-3", "b").ResourceMetrics);
        h.Ingest(request);

        var text = h.Text();
        Assert.EndsWith(
            """
            # HELP target_info Target metadata
            # TYPE target_info gauge
            target_info{host_name="new",instance="i-1",job="cart"} 1
            target_info{host_name="other",instance="i-2",job="cart"} 1
            target_info{host_name="b",instance="i-3",job="cart"} 1

            """,
            text,
            StringComparison.Ordinal);
        Assert.Equal(3, text.Split('\n').Count(l => l.StartsWith("g{", StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_scope_info_leaves_out_the_scope_labels()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nwithout_scope_info: true");
        h.Ingest(ShopRequest(Gauge("g", Point(1, At(1)))));

        Assert.StartsWith("# TYPE g gauge\ng{instance=\"i-1\",job=\"shop/cart\"} 1\n", h.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scopes_tell_series_apart_and_colliding_scope_attributes_are_dropped()
    {
        var h = ExporterHarness.FromYaml();
        var request = Request(null, Scope("a", "", Attr("name", "ignored"), Attr("version", "ignored")), Gauge("g", Point(1, At(1))));
        request.ResourceMetrics.Add(Request(null, Scope("b"), Gauge("g", Point(2, At(1)))).ResourceMetrics);
        h.Ingest(request);

        Assert.Equal("# TYPE g gauge\ng{otel_scope_name=\"a\"} 1\ng{otel_scope_name=\"b\"} 2\n", h.Text());
    }

    [Fact]
    public void Resource_to_telemetry_conversion_adds_every_resource_attribute()
    {
        var h = ExporterHarness.FromYaml(
            """
            endpoint: 127.0.0.1:0
            without_scope_info: true
            resource_to_telemetry_conversion:
              enabled: true
            """);
        h.Ingest(ShopRequest(Gauge("g", Point(1, At(1)))));

        Assert.StartsWith(
            "# TYPE g gauge\ng{deployment_environment=\"prod\",host_name=\"h1\",instance=\"i-1\",job=\"shop/cart\",service_instance_id=\"i-1\",service_name=\"cart\",service_namespace=\"shop\"} 1\n",
            h.Text(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Resource_to_telemetry_conversion_can_exclude_the_service_attributes()
    {
        var h = ExporterHarness.FromYaml(
            """
            endpoint: 127.0.0.1:0
            without_scope_info: true
            resource_to_telemetry_conversion:
              enabled: true
              exclude_service_attributes: true
            """);
        h.Ingest(ShopRequest(Gauge("g", Point(1, At(1)))));

        Assert.StartsWith(
            "# TYPE g gauge\ng{deployment_environment=\"prod\",host_name=\"h1\",instance=\"i-1\",job=\"shop/cart\"} 1\n",
            h.Text(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Const_labels_are_on_every_series_and_on_target_info()
    {
        var h = ExporterHarness.FromYaml(
            """
            endpoint: 127.0.0.1:0
            without_scope_info: true
            const_labels:
              cluster: c1
              env.name: prod
            """);
        h.Ingest(ShopRequest(Gauge("g", Point(1, At(1))), Counter("c", Point(2, At(1), At(0)))));

        Assert.Equal(
            """
            # TYPE c_total counter
            c_total{cluster="c1",env_name="prod",instance="i-1",job="shop/cart"} 2
            # TYPE g gauge
            g{cluster="c1",env_name="prod",instance="i-1",job="shop/cart"} 1
            # HELP target_info Target metadata
            # TYPE target_info gauge
            target_info{cluster="c1",deployment_environment="prod",env_name="prod",host_name="h1",instance="i-1",job="shop/cart"} 1

            """,
            h.Text());
    }
}
