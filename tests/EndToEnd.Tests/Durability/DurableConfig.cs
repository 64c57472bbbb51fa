namespace MiniCollector.EndToEnd.Tests.Durability;

/// <summary>
/// Configs of the collector under test with persistent sending queues: an otlp receiver on OS-chosen ports, the
/// <c>file_storage</c> extension in a test directory, and <c>otlp</c> exporters (cleartext, fast retries that never
/// give up) keeping their queue in it.
/// </summary>
internal static class DurableConfig
{
    /// <summary>An <c>otlp</c> exporter section (indented for <c>exporters:</c>) with <c>sending_queue::storage</c>.</summary>
    /// <param name="queueExtra">More <c>sending_queue</c> keys, each line indented by six spaces.</param>
    public static string Exporter(string id, int port, string storage = "file_storage", string queueExtra = "") => $"""
          {id}:
            endpoint: 127.0.0.1:{port}
            tls:
              insecure: true
            retry_on_failure:
              initial_interval: 100ms
              max_interval: 500ms
              max_elapsed_time: 0
            sending_queue:
              storage: {storage}
        {queueExtra}
        """;

    /// <summary>One pipeline (indented for <c>pipelines:</c>) from the otlp receiver to the given exporters.</summary>
    public static string Pipeline(string name, string exporters, string processors = "") => $"""
            {name}:
              receivers: [otlp]
              processors: [{processors}]
              exporters: [{exporters}]

        """;

    /// <summary>The whole config.</summary>
    /// <param name="processors">The <c>processors:</c> section's body (indented by two spaces), if any.</param>
    public static string Collector(string storageDirectory, bool fsync, string exporters, string pipelines, string? processors = null) => $"""
        extensions:
          file_storage:
            directory: {storageDirectory}
            create_directory: true
            fsync: {(fsync ? "true" : "false")}
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
              http:
                endpoint: 127.0.0.1:0
        {(processors is null ? string.Empty : "processors:\n" + processors)}
        exporters:
        {exporters}
        service:
          extensions: [file_storage]
          pipelines:
        {pipelines}
        """;

    /// <summary>The directory the queue of exporter <c>type/name</c> gets inside the storage directory.</summary>
    public static string QueueDirectory(string storageDirectory, string type, string name = "") => Path.Combine(storageDirectory, $"exporter_{type}_{name}");
}
