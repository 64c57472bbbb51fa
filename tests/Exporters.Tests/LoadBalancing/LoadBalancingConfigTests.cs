using MiniCollector.Exporters.LoadBalancing;
using MiniCollector.Exporters.Tests.Otlp;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Tests.LoadBalancing;

/// <summary>Binding and validation of <c>exporters::loadbalancing</c>.</summary>
public sealed class LoadBalancingConfigTests
{
    private const string Static = "resolver:\n  static:\n    hostnames: [a:4317, b:4317]\n";

    private static (LoadBalancingOptions Options, IReadOnlyList<ConfigError> Errors) Bind(string yaml)
    {
        var (options, errors) = ExporterUnderTest.Bind(new LoadBalancingExporterFactory(), yaml);
        return ((LoadBalancingOptions)options, errors);
    }

    private static ConfigError SingleError(string yaml) => Assert.Single(Bind(yaml).Errors);

    [Fact]
    public void A_static_list_binds_with_the_reference_defaults()
    {
        var (options, errors) = Bind(Static);

        Assert.Empty(errors);
        Assert.Null(options.RoutingKey);
        Assert.Equal(RoutingKey.TraceId, options.KeyFor(Signal.Traces));
        Assert.Equal(RoutingKey.Service, options.KeyFor(Signal.Metrics));
        Assert.Equal(RoutingKey.Service, options.KeyFor(Signal.Logs));
        Assert.Equal(["a:4317", "b:4317"], options.Static!.Hostnames);
        Assert.Null(options.Dns);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Backend.Timeout);
        Assert.True(options.Backend.Queue.Enabled);
        Assert.Equal(1000, options.Backend.Queue.QueueSize);
        Assert.True(options.Backend.Retry.Enabled);
        Assert.True(options.Backend.Gzip);
    }

    [Fact]
    public void The_dns_resolver_has_port_4317_interval_5s_and_timeout_1s_by_default()
    {
        var (options, errors) = Bind("resolver:\n  dns:\n    hostname: gateway.obs.svc.cluster.local\n");

        Assert.Empty(errors);
        var dns = options.Dns!;
        Assert.Equal("gateway.obs.svc.cluster.local", dns.Hostname);
        Assert.Equal(4317, dns.Port);
        Assert.Equal(TimeSpan.FromSeconds(5), dns.Interval);
        Assert.Equal(TimeSpan.FromSeconds(1), dns.Timeout);

        var custom = Bind("resolver:\n  dns:\n    hostname: g\n    port: \"55690\"\n    interval: 30s\n    timeout: 2s\n").Options.Dns!;
        Assert.Equal((55690, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2)), (custom.Port, custom.Interval, custom.Timeout));
    }

    [Fact]
    public void Protocol_otlp_takes_the_otlp_exporter_settings()
    {
        var (options, errors) = Bind(Static + """
            protocol:
              otlp:
                timeout: 1s
                compression: none
                headers: {x-tenant: t1}
                tls: {insecure: true}
                retry_on_failure: {initial_interval: 1s, max_interval: 2s, max_elapsed_time: 10s}
                sending_queue: {queue_size: 50, num_consumers: 2}
            """);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Backend.Timeout);
        Assert.False(options.Backend.Gzip);
        Assert.Equal("t1", options.Backend.Headers["x-tenant"]);
        Assert.True(options.Backend.Tls.Insecure);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Backend.Retry.InitialInterval);
        Assert.Equal((50L, 2), (options.Backend.Queue.QueueSize, options.Backend.Queue.NumConsumers));
    }

    [Fact]
    public void The_top_level_timeout_queue_and_retry_are_each_backends_in_place_of_protocol_otlps()
    {
        var (options, errors) = Bind(Static + """
            timeout: 3s
            sending_queue: {queue_size: 7}
            retry_on_failure: {initial_interval: 2s, max_interval: 4s, max_elapsed_time: 20s}
            protocol:
              otlp:
                timeout: 1s
                sending_queue: {enabled: false}
                retry_on_failure: {enabled: false}
            """);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Backend.Timeout);
        Assert.True(options.Backend.Queue.Enabled);
        Assert.Equal(7, options.Backend.Queue.QueueSize);
        Assert.True(options.Backend.Retry.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Backend.Retry.InitialInterval);
    }

    [Fact]
    public void A_disabled_top_level_queue_leaves_protocol_otlps_in_place()
    {
        var (options, errors) = Bind(Static + "sending_queue: {enabled: false}\nprotocol:\n  otlp:\n    sending_queue: {queue_size: 9}\n");

        Assert.Empty(errors);
        Assert.True(options.Backend.Queue.Enabled);
        Assert.Equal(9, options.Backend.Queue.QueueSize);
    }

    [Fact]
    public void An_endpoint_under_protocol_otlp_is_an_error_saying_it_is_set_per_backend()
    {
        var error = SingleError(Static + "protocol:\n  otlp:\n    endpoint: collector:4317\n");

        Assert.Equal("exporters::loadbalancing::protocol::otlp::endpoint", error.Path);
        Assert.Contains("set per backend by the resolver", error.Message);
    }

    [Theory]
    [InlineData("k8s:\n    service: lb-svc.kube-public\n", "k8s", "headless Service")]
    [InlineData("aws_cloud_map:\n    namespace: cloudmap\n    service_name: otelcollectors\n", "aws_cloud_map", "dns resolver")]
    public void Resolvers_not_supported_here_are_errors_naming_what_to_use(string resolver, string key, string advice)
    {
        var error = SingleError("resolver:\n  " + resolver);

        Assert.Equal("exporters::loadbalancing::resolver::" + key, error.Path);
        Assert.Contains("not supported", error.Message);
        Assert.Contains(advice, error.Message);
    }

    [Fact]
    public void Exactly_one_resolver_is_required()
    {
        Assert.Contains("a resolver is required", SingleError("routing_key: service\n").Message);
        Assert.Contains("a resolver is required", SingleError("resolver: {}\n").Message);
        Assert.Contains("exactly one resolver", SingleError(Static + "  dns:\n    hostname: g\n").Message);
    }

    [Fact]
    public void A_resolver_without_its_backends_is_an_error()
    {
        Assert.Contains("hostnames is required", SingleError("resolver:\n  static: {hostnames: []}\n").Message);
        Assert.Contains("hostname is required", SingleError("resolver:\n  dns: {port: 4317}\n").Message);
        Assert.Contains("port must be a number", SingleError("resolver:\n  dns: {hostname: g, port: http}\n").Message);
    }

    [Fact]
    public void Unknown_keys_are_errors_at_every_level()
    {
        Assert.Contains("unknown key \"routing\"", SingleError(Static + "routing: traceID\n").Message);
        Assert.Contains("unknown key \"hostname\"", SingleError("resolver:\n  static: {hostnames: [a:1], hostname: b}\n").Message);
        Assert.Contains("unknown key \"otlphttp\"", SingleError(Static + "protocol:\n  otlphttp: {}\n").Message);
        Assert.Contains("unknown key \"consul\"", SingleError(Static + "  consul: {}\n").Message);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var errors = Bind("routing_key: span\nprotocol:\n  otlp:\n    endpoint: x:1\nresolver:\n  k8s: {service: s}\n").Errors;

        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void An_unknown_routing_key_lists_the_valid_ones()
    {
        var error = SingleError(Static + "routing_key: traceid_x\n");

        Assert.Contains("traceID, service, resource, metric, streamID, attributes", error.Message);
    }

    [Fact]
    public void Routing_attributes_go_with_routing_key_attributes_only()
    {
        Assert.Contains("routing_attributes is required", SingleError(Static + "routing_key: attributes\n").Message);
        Assert.Contains("only with routing_key \"attributes\"", SingleError(Static + "routing_key: service\nrouting_attributes: [a]\n").Message);

        var (options, errors) = Bind(Static + "routing_key: attributes\nrouting_attributes: [tenant, span.name]\n");
        Assert.Empty(errors);
        Assert.Equal(["tenant", "span.name"], options.RoutingAttributes);
    }

    [Fact]
    public void A_persistent_queue_is_an_error()
    {
        var error = SingleError(Static + "sending_queue: {storage: file_storage}\n");

        Assert.Equal("exporters::loadbalancing::sending_queue::storage", error.Path);
        Assert.Contains("not supported", error.Message);
    }

    [Theory]
    [InlineData("traceID", Signal.Traces, true)]
    [InlineData("traceID", Signal.Logs, true)]
    [InlineData("traceID", Signal.Metrics, false)]
    [InlineData("service", Signal.Traces, true)]
    [InlineData("service", Signal.Metrics, true)]
    [InlineData("service", Signal.Logs, true)]
    [InlineData("resource", Signal.Traces, false)]
    [InlineData("resource", Signal.Metrics, true)]
    [InlineData("resource", Signal.Logs, true)]
    [InlineData("metric", Signal.Traces, false)]
    [InlineData("metric", Signal.Metrics, true)]
    [InlineData("metric", Signal.Logs, false)]
    [InlineData("streamID", Signal.Metrics, true)]
    [InlineData("streamID", Signal.Logs, false)]
    public void Each_routing_key_serves_the_signals_the_reference_lists(string key, Signal signal, bool valid)
    {
        var factory = new LoadBalancingExporterFactory();
        var (options, errors) = Bind(Static + $"routing_key: {key}\n");
        Assert.Empty(errors);

        var problem = factory.ProblemFor(options, signal);

        if (valid)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.NotNull(problem);
            Assert.Contains($"routing_key \"{key}\" cannot route {signal.Name()}", problem);
        }
    }

    [Fact]
    public void Without_a_routing_key_every_signal_has_a_valid_default()
    {
        var factory = new LoadBalancingExporterFactory();
        var options = Bind(Static).Options;

        Assert.All(Enum.GetValues<Signal>(), signal => Assert.Null(factory.ProblemFor(options, signal)));
    }
}
