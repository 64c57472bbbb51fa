using MiniCollector.Exporters.Otlp;
using MiniCollector.Exporters.Sending;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>
/// Options of the <c>loadbalancing</c> exporter: how items are keyed (<c>routing_key</c>), how each backend is exported
/// to (<c>protocol::otlp</c>, the otlp exporter's settings without an endpoint) and where the backends come from
/// (<c>resolver</c>). Each backend gets one sending queue and one retry loop; the top-level <c>timeout</c>,
/// <c>sending_queue</c> and <c>retry_on_failure</c>, when written, are those of each backend in place of
/// <c>protocol::otlp</c>'s, so there is never a second queue in front of the fan-out.
/// </summary>
public sealed record LoadBalancingOptions
{
    /// <summary>The routing key written; null when not written (each signal's default then, <see cref="RoutingKeys.DefaultFor"/>).</summary>
    public RoutingKey? RoutingKey { get; init; }

    /// <summary>The attributes making up the key when <see cref="RoutingKey"/> is <c>attributes</c>, in order.</summary>
    public IReadOnlyList<string> RoutingAttributes { get; init; } = [];

    /// <summary>What each backend's exporter uses: headers, compression, TLS, timeout, and its queue and retry.</summary>
    public OtlpClientOptions Backend { get; init; } = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>The static resolver; null when the dns one is used.</summary>
    public StaticResolverOptions? Static { get; init; }

    /// <summary>The dns resolver; null when the static one is used.</summary>
    public DnsResolverOptions? Dns { get; init; }

    /// <summary>The routing key used for <paramref name="signal"/>.</summary>
    public RoutingKey KeyFor(Signal signal) => RoutingKey ?? RoutingKeys.DefaultFor(signal);

    /// <summary>Why these options cannot route <paramref name="signal"/>, or null.</summary>
    public string? ProblemFor(Signal signal)
    {
        var key = KeyFor(signal);
        var valid = RoutingKeys.ValidFor(signal);
        return valid.Contains(key)
            ? null
            : $"routing_key \"{key.Name()}\" cannot route {signal.Name()} (valid for {signal.Name()}: {string.Join(", ", valid.Select(k => k.Name()))})";
    }

    /// <summary>Binds <c>exporters::loadbalancing</c>, reporting every problem.</summary>
    public static LoadBalancingOptions Bind(ConfigSection section)
    {
        RoutingKey? key = section.Has("routing_key") && section.StringOrNull("routing_key") is { Length: > 0 }
            ? RoutingKeys.Parse(section.Choice("routing_key", "traceID", RoutingKeys.Names))
            : null;
        var attributes = section.StringList("routing_attributes") ?? [];
        var backend = BindProtocol(section.Section("protocol"));
        var resolver = section.Section("resolver");
        var timeoutWritten = section.Has("timeout");
        var timeout = section.Duration("timeout", backend.Timeout);
        var queueSection = section.Section("sending_queue");
        var queue = queueSection.IsPresent ? SendingQueueOptions.Bind(queueSection) : null;
        var retrySection = section.Section("retry_on_failure");
        var retry = retrySection.IsPresent ? RetryOptions.Bind(retrySection) : null;

        var options = new LoadBalancingOptions
        {
            RoutingKey = key,
            RoutingAttributes = attributes,
            Backend = backend with
            {
                Timeout = timeoutWritten ? timeout : backend.Timeout,
                Queue = queue is { Enabled: true } ? queue : backend.Queue,
                Retry = retry is { Enabled: true } ? retry : backend.Retry,
            },
            Static = resolver.Section("static") is { IsPresent: true } s ? StaticResolverOptions.Bind(s) : null,
            Dns = resolver.Section("dns") is { IsPresent: true } d ? DnsResolverOptions.Bind(d) : null,
        };

        CheckResolver(resolver, options);
        section.ReportUnknownKeys();
        if (key == LoadBalancing.RoutingKey.Attributes && attributes.Count == 0)
        {
            section.Invalid("routing_attributes", "routing_attributes is required when routing_key is \"attributes\": the attributes whose values make up the key");
        }
        else if (key != LoadBalancing.RoutingKey.Attributes && attributes.Count > 0)
        {
            section.Invalid("routing_attributes", $"routing_attributes is used only with routing_key \"attributes\" (routing_key is \"{key?.Name() ?? "not set"}\")");
        }

        if (options.Backend.Queue is { Enabled: true, Storage: not null })
        {
            var where = queue is { Enabled: true } ? "sending_queue::storage" : "protocol::otlp::sending_queue::storage";
            section.Invalid(where, "a persistent queue is not supported by the loadbalancing exporter: each backend's sending queue is in memory (remove storage)");
        }

        return options;
    }

    private static OtlpClientOptions BindProtocol(ConfigSection protocol)
    {
        var otlp = protocol.Section("otlp");
        var client = OtlpClientOptions.Bind(otlp, TimeSpan.FromSeconds(5));
        otlp.Choice("balancer_name", "round_robin", "round_robin", "pick_first");
        if (otlp.Has("endpoint"))
        {
            otlp.Invalid("endpoint", "endpoint is set per backend by the resolver: remove it here and list the backends under resolver (static: hostnames, or dns: hostname)");
        }

        otlp.ReportUnknownKeys();
        protocol.ReportUnknownKeys();
        return client;
    }

    private static void CheckResolver(ConfigSection resolver, LoadBalancingOptions options)
    {
        if (resolver.Section("k8s").IsPresent)
        {
            resolver.Invalid("k8s", "the k8s resolver is not supported by MiniCollector: use the dns resolver with a headless Service (dns: {hostname: <service>.<namespace>.svc.cluster.local, port: 4317})");
        }

        if (resolver.Section("aws_cloud_map").IsPresent)
        {
            resolver.Invalid("aws_cloud_map", "the aws_cloud_map resolver is not supported by MiniCollector: use the dns resolver (Cloud Map's DNS namespace name) or a static list");
        }

        resolver.ReportUnknownKeys();
        if (options.Static is not null && options.Dns is not null)
        {
            resolver.Invalid("configure exactly one resolver: static or dns, not both");
        }
        else if (options.Static is null && options.Dns is null && !resolver.Section("k8s").IsPresent && !resolver.Section("aws_cloud_map").IsPresent)
        {
            resolver.Invalid("a resolver is required: static (hostnames: [host:port, ...]) or dns (hostname: name)");
        }
    }
}
