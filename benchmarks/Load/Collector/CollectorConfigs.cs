namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>
/// The YAML each scenario's collector runs with. Every address is a loopback port chosen by the benchmark, and
/// self-telemetry too, so nothing clashes with collectors or tests running beside it.
/// </summary>
public static class CollectorConfigs
{
    /// <summary>
    /// Traces from one OTLP protocol (<c>grpc</c> or <c>http</c>) through batch to the nop exporter, or straight to it
    /// when <paramref name="batch"/> is null; with the zpages extension on <paramref name="zpagesPort"/> when given.
    /// </summary>
    public static string TracesToNop(string protocol, int receiverPort, ServicePorts service, BatchSettings? batch, int? zpagesPort = null) => $"""
        {OtlpReceiver(receiverPort, protocol)}
        {Processors(batch)}
        exporters:
          nop:
        {Extensions(service, zpagesPort: zpagesPort)}
        service:
        {ServiceHead(service, zpagesPort: zpagesPort)}
          pipelines:
            traces:
              receivers: [otlp]
        {PipelineProcessors(batch)}
              exporters: [nop]
        """;

    /// <summary>Traces over gRPC through batch to the otlp exporter, forwarding over h2c to another collector.</summary>
    public static string TracesToOtlp(int receiverPort, int downstreamPort, string compression, ServicePorts service, BatchSettings batch) => $"""
        {OtlpReceiver(receiverPort)}
        processors:
        {Batch(batch)}
        exporters:
          otlp:
            endpoint: 127.0.0.1:{downstreamPort}
            compression: {compression}
            tls:
              insecure: true
        {Extensions(service)}
        service:
        {ServiceHead(service)}
          pipelines:
            traces:
              receivers: [otlp]
              processors: [batch]
              exporters: [otlp]
        """;

    /// <summary>
    /// Traces over gRPC, with no processor, to the otlp exporter (<c>compression: none</c>, h2c) whose
    /// <c>sending_queue</c> is shaped by <paramref name="queue"/>: batching inside the exporter, and/or persistent on
    /// disk through the <c>file_storage</c> extension.
    /// </summary>
    public static string TracesToOtlpQueued(int receiverPort, int downstreamPort, ServicePorts service, ExporterQueue queue) => $"""
        {OtlpReceiver(receiverPort)}
        exporters:
          otlp:
            endpoint: 127.0.0.1:{downstreamPort}
            compression: none
            tls:
              insecure: true
            sending_queue:
              enabled: true
        {(queue.Batch ? "      batch: {}" : string.Empty)}
        {(queue.Storage is null ? string.Empty : "      storage: file_storage")}
        {Extensions(service, queue.Storage)}
        service:
        {ServiceHead(service, queue.Storage)}
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp]
        """;

    /// <summary>
    /// Traces over gRPC through batch to the loadbalancing exporter (<c>routing_key: traceID</c>, a static list of
    /// <paramref name="downstreamPorts"/>, each backend's otlp settings as <see cref="TracesToOtlp"/>'s:
    /// <paramref name="compression"/>, h2c).
    /// </summary>
    public static string TracesToLoadBalancing(int receiverPort, IReadOnlyList<int> downstreamPorts, string compression, ServicePorts service, BatchSettings batch) => $"""
        {OtlpReceiver(receiverPort)}
        processors:
        {Batch(batch)}
        exporters:
          loadbalancing:
            routing_key: traceID
            protocol:
              otlp:
                compression: {compression}
                tls:
                  insecure: true
            resolver:
              static:
                hostnames: [{string.Join(", ", downstreamPorts.Select(p => "127.0.0.1:" + p))}]
        {Extensions(service)}
        service:
        {ServiceHead(service)}
          pipelines:
            traces:
              receivers: [otlp]
              processors: [batch]
              exporters: [loadbalancing]
        """;

    /// <summary>
    /// The gateway of examples/loadbalancing on loopback ports: traces over gRPC through batch to the spanmetrics
    /// connector (its defaults, flushed every 15 s) and the nop exporter (in place of the example's debug), the span
    /// metrics through batch to the prometheus exporter.
    /// </summary>
    public static string SpanMetricsGateway(int receiverPort, int prometheusPort, ServicePorts service, BatchSettings batch) => $"""
        {OtlpReceiver(receiverPort)}
        processors:
        {Batch(batch)}
        connectors:
          spanmetrics:
            metrics_flush_interval: 15s
        exporters:
          nop:
          prometheus:
            endpoint: 127.0.0.1:{prometheusPort}
        {Extensions(service)}
        service:
        {ServiceHead(service)}
          pipelines:
            traces:
              receivers: [otlp]
              processors: [batch]
              exporters: [spanmetrics, nop]
            metrics:
              receivers: [spanmetrics]
              processors: [batch]
              exporters: [prometheus]
        """;

    /// <summary>The downstream of the forwarding scenario: OTLP gRPC straight to nop.</summary>
    public static string Sink(int receiverPort, ServicePorts service) => $"""
        {OtlpReceiver(receiverPort)}
        exporters:
          nop:
        {Extensions(service)}
        service:
        {ServiceHead(service)}
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [nop]
        """;

    /// <summary>
    /// Metrics over gRPC through batch to the prometheus exporter; with <paramref name="openMetrics"/> the exporter
    /// also serves OpenMetrics to scrapers that ask for it (<c>enable_open_metrics: true</c>; off, as it is by default,
    /// it answers them in text). Off unless a scenario scrapes OpenMetrics, so the ingest scenarios run the config
    /// their earlier figures were measured on.
    /// </summary>
    public static string MetricsToPrometheus(int receiverPort, int prometheusPort, ServicePorts service, BatchSettings batch, bool openMetrics = false) => $"""
        {OtlpReceiver(receiverPort)}
        processors:
        {Batch(batch)}
        exporters:
          prometheus:
            endpoint: 127.0.0.1:{prometheusPort}
        {(openMetrics ? "    enable_open_metrics: true" : string.Empty)}
        {Extensions(service)}
        service:
        {ServiceHead(service)}
          pipelines:
            metrics:
              receivers: [otlp]
              processors: [batch]
              exporters: [prometheus]
        """;

    /// <summary>The shipped default config (gRPC + HTTP → batch → debug, and prometheus for metrics) on free ports.</summary>
    public static string DefaultLike(int grpcPort, int httpPort, int prometheusPort, ServicePorts service) => $"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:{grpcPort}
              http:
                endpoint: 127.0.0.1:{httpPort}
        processors:
          batch:
        exporters:
          debug:
            verbosity: basic
          prometheus:
            endpoint: 127.0.0.1:{prometheusPort}
        {Extensions(service)}
        service:
        {ServiceHead(service)}
          pipelines:
            traces:
              receivers: [otlp]
              processors: [batch]
              exporters: [debug]
            metrics:
              receivers: [otlp]
              processors: [batch]
              exporters: [debug, prometheus]
            logs:
              receivers: [otlp]
              processors: [batch]
              exporters: [debug]
        """;

    // The otlp receiver on one protocol (gRPC unless told), the input of most scenarios.
    private static string OtlpReceiver(int port, string protocol = "grpc") => $"""
        receivers:
          otlp:
            protocols:
              {protocol}:
                endpoint: 127.0.0.1:{port}
        """;

    private static string Batch(BatchSettings batch) => $"""
          batch:
            send_batch_size: {batch.SendBatchSize}
            timeout: {batch.Timeout}
        """;

    private static string Processors(BatchSettings? batch) => batch is null ? string.Empty : "processors:\n" + Batch(batch);

    private static string PipelineProcessors(BatchSettings? batch) => batch is null ? string.Empty : "      processors: [batch]";

    private static string Extensions(ServicePorts service, FileStorageSettings? storage = null, int? zpagesPort = null) => $"""
        extensions:
          health_check:
            endpoint: 127.0.0.1:{service.Health}
        {FileStorage(storage)}
        {ZPages(zpagesPort)}
        """;

    private static string ZPages(int? port) => port is null ? string.Empty : $"""
          zpages:
            endpoint: 127.0.0.1:{port}
        """;

    // fsync is written out either way: the two persistent-queue scenarios differ only in it.
    private static string FileStorage(FileStorageSettings? storage) => storage is null ? string.Empty : $"""
          file_storage:
            directory: {storage.Directory}
            create_directory: true
            fsync: {(storage.Fsync ? "true" : "false")}
        """;

    private static string ServiceHead(ServicePorts service, FileStorageSettings? storage = null, int? zpagesPort = null) => $"""
          extensions: [health_check{(storage is null ? string.Empty : ", file_storage")}{(zpagesPort is null ? string.Empty : ", zpages")}]
          telemetry:
            metrics:
              address: 127.0.0.1:{service.Telemetry}
        """;
}
