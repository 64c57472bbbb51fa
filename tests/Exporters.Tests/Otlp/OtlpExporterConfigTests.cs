using MiniCollector.Exporters.Otlp;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>Binding and validation of the otlp / otlphttp sections, including the shared retry and queue keys.</summary>
public sealed class OtlpExporterConfigTests
{
    private static IReadOnlyList<ConfigError> GrpcErrors(string yaml) => ExporterUnderTest.Bind(new OtlpGrpcExporterFactory(), yaml).Errors;

    private static IReadOnlyList<ConfigError> HttpErrors(string yaml) => ExporterUnderTest.Bind(new OtlpHttpExporterFactory(), yaml).Errors;

    [Fact]
    public void Otlp_without_endpoint_is_an_error()
    {
        var error = Assert.Single(GrpcErrors("tls:\n  insecure: true"));
        Assert.Equal("exporters::otlp::endpoint", error.Path);
        Assert.Contains("endpoint is required", error.Message);
    }

    [Fact]
    public void Otlphttp_without_endpoint_is_an_error_unless_every_signal_has_its_own()
    {
        var error = Assert.Single(HttpErrors("traces_endpoint: http://tempo:4318/v1/traces"));
        Assert.Equal("exporters::otlphttp::endpoint", error.Path);
        Assert.Contains("endpoint is required", error.Message);

        Assert.Empty(HttpErrors("""
            traces_endpoint: http://a:4318/v1/traces
            metrics_endpoint: http://b:4318/v1/metrics
            logs_endpoint: http://c:4318/v1/logs
            """));
    }

    [Fact]
    public void Otlphttp_endpoint_must_be_an_http_url()
    {
        var error = Assert.Single(HttpErrors("endpoint: tempo:4318"));
        Assert.Contains("not an http:// or https:// URL", error.Message);
    }

    [Theory]
    [InlineData("otlp")]
    [InlineData("otlphttp")]
    public void Zstd_compression_is_an_error_saying_it_is_not_supported(string type)
    {
        var errors = type == "otlp" ? GrpcErrors("endpoint: b:4317\ncompression: zstd") : HttpErrors("endpoint: http://b:4318\ncompression: zstd");

        var error = Assert.Single(errors);
        Assert.Equal($"exporters::{type}::compression", error.Path);
        Assert.Contains("zstd", error.Message);
        Assert.Contains("not supported", error.Message);
    }

    [Fact]
    public void A_misspelt_compression_lists_the_valid_values()
    {
        var error = Assert.Single(GrpcErrors("endpoint: b:4317\ncompression: gzipp"));
        Assert.Contains("gzip", error.Message);
        Assert.Contains("none", error.Message);
    }

    [Fact]
    public void Every_sending_queue_key_of_the_reference_is_bound()
    {
        var (options, errors) = ExporterUnderTest.Bind(new OtlpGrpcExporterFactory(), """
            endpoint: b:4317
            sending_queue:
              enabled: true
              num_consumers: 3
              queue_size: 5000
              sizer: items
              block_on_overflow: true
              wait_for_result: true
              storage: file_storage/queue
              batch:
                flush_timeout: 1s
                min_size: 100
                max_size: 200
                sizer: bytes
            """);

        Assert.Empty(errors);
        var grpc = Assert.IsType<OtlpGrpcExporterOptions>(options);
        var queue = grpc.Client.Queue;
        Assert.Equal(3, queue.NumConsumers);
        Assert.Equal(5000, queue.QueueSize);
        Assert.Equal(MiniCollector.Exporters.Sending.QueueSizer.Items, queue.Sizer);
        Assert.True(queue.BlockOnOverflow);
        Assert.True(queue.WaitForResult);
        Assert.Equal("file_storage/queue", queue.Storage.ToString());
        Assert.Equal(("exporters::otlp::sending_queue::storage", queue.Storage!.Value), Assert.Single(grpc.ExtensionReferences));
        Assert.Equal(new MiniCollector.Exporters.Sending.QueueBatchOptions { FlushTimeout = TimeSpan.FromSeconds(1), MinSize = 100, MaxSize = 200, Sizer = MiniCollector.Exporters.Sending.QueueSizer.Bytes }, queue.Batch);
    }

    [Fact]
    public void An_empty_batch_section_enables_batching_with_the_reference_defaults()
    {
        var (options, errors) = ExporterUnderTest.Bind(new OtlpGrpcExporterFactory(), "endpoint: b:4317\nsending_queue:\n  batch: {}");

        Assert.Empty(errors);
        Assert.Equal(new MiniCollector.Exporters.Sending.QueueBatchOptions { FlushTimeout = TimeSpan.FromMilliseconds(200), MinSize = 8192, MaxSize = 0, Sizer = MiniCollector.Exporters.Sending.QueueSizer.Items }, Assert.IsType<OtlpGrpcExporterOptions>(options).Client.Queue.Batch);
    }

    [Fact]
    public void Bad_sending_queue_values_are_all_reported_with_the_valid_choices()
    {
        var errors = GrpcErrors("""
            endpoint: b:4317
            sending_queue:
              sizer: spans
              batch:
                flush_timeout: 0s
                min_size: 10
                max_size: 5
                sizer: requests
            """);

        var messages = errors.Select(e => e.Path + ": " + e.Message).ToList();
        Assert.Contains(messages, m => m.StartsWith("exporters::otlp::sending_queue::sizer", StringComparison.Ordinal) && m.Contains("requests", StringComparison.Ordinal) && m.Contains("bytes", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("exporters::otlp::sending_queue::batch::flush_timeout", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("exporters::otlp::sending_queue::batch::max_size", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("exporters::otlp::sending_queue::batch::sizer", StringComparison.Ordinal));
        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Max_elapsed_time_below_initial_interval_is_an_error()
    {
        var errors = GrpcErrors("""
            endpoint: b:4317
            retry_on_failure:
              initial_interval: 10s
              max_interval: 1s
              max_elapsed_time: 5s
            """);

        var error = Assert.Single(errors);
        Assert.Equal("exporters::otlp::retry_on_failure::max_elapsed_time", error.Path);
        Assert.Contains("initial_interval", error.Message);
    }

    [Fact]
    public void Max_elapsed_time_below_max_interval_is_an_error_and_zero_means_forever()
    {
        var error = Assert.Single(GrpcErrors("endpoint: b:4317\nretry_on_failure:\n  max_interval: 1m\n  max_elapsed_time: 30s"));
        Assert.Contains("max_interval", error.Message);

        Assert.Empty(GrpcErrors("endpoint: b:4317\nretry_on_failure:\n  initial_interval: 1m\n  max_elapsed_time: 0"));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = GrpcErrors("""
            compression: zstd
            sending_queue:
              storage: "bad id/"
              queue_size: 0
            retry_on_failure:
              initial_interval: 10s
              max_elapsed_time: 5s
              bogus: 1
            """);

        var paths = errors.Select(e => e.Path).ToList();
        Assert.Contains("exporters::otlp::endpoint", paths);
        Assert.Contains("exporters::otlp::compression", paths);
        Assert.Contains("exporters::otlp::sending_queue::storage", paths);
        Assert.Contains("exporters::otlp::sending_queue::queue_size", paths);
        Assert.Contains(errors, e => e.Path.StartsWith("exporters::otlp::retry_on_failure", StringComparison.Ordinal) && e.Message.Contains("bogus", StringComparison.Ordinal));
        Assert.Contains("exporters::otlp::retry_on_failure::max_elapsed_time", paths);
    }

    [Fact]
    public void Defaults_match_the_reference()
    {
        var (grpcOptions, grpcErrors) = ExporterUnderTest.Bind(new OtlpGrpcExporterFactory(), "endpoint: b:4317");
        var (httpOptions, httpErrors) = ExporterUnderTest.Bind(new OtlpHttpExporterFactory(), "endpoint: http://b:4318");
        Assert.Empty(grpcErrors);
        Assert.Empty(httpErrors);
        var grpc = Assert.IsType<OtlpGrpcExporterOptions>(grpcOptions).Client;
        var http = Assert.IsType<OtlpHttpExporterOptions>(httpOptions);

        Assert.True(grpc.Gzip);
        Assert.False(grpc.Tls.Insecure);
        Assert.Equal(TimeSpan.FromSeconds(5), grpc.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(30), http.Client.Timeout);
        Assert.True(http.Client.Gzip);
        Assert.False(http.Json);
        Assert.Equal(new Uri("http://b:4318/v1/traces"), http.UrlFor(MiniCollector.Pipeline.Signals.Signal.Traces));

        Assert.True(grpc.Retry.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(5), grpc.Retry.InitialInterval);
        Assert.Equal(0.5, grpc.Retry.RandomizationFactor);
        Assert.Equal(1.5, grpc.Retry.Multiplier);
        Assert.Equal(TimeSpan.FromSeconds(30), grpc.Retry.MaxInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), grpc.Retry.MaxElapsedTime);

        Assert.True(grpc.Queue.Enabled);
        Assert.Equal(10, grpc.Queue.NumConsumers);
        Assert.Equal(1000, grpc.Queue.QueueSize);
        Assert.False(grpc.Queue.BlockOnOverflow);
        Assert.False(grpc.Queue.WaitForResult);
        Assert.Equal(MiniCollector.Exporters.Sending.QueueSizer.Requests, grpc.Queue.Sizer);
        Assert.Null(grpc.Queue.Batch);
        Assert.Null(grpc.Queue.Storage);
    }

    [Fact]
    public void A_host_port_endpoint_is_tls_unless_insecure_and_a_url_scheme_decides_itself()
    {
        Assert.Equal(new Uri("https://b:4317"), OtlpGrpcSender.BaseAddress("b:4317", insecure: false));
        Assert.Equal(new Uri("http://b:4317"), OtlpGrpcSender.BaseAddress("b:4317", insecure: true));
        Assert.Equal(new Uri("http://b:4317"), OtlpGrpcSender.BaseAddress("http://b:4317", insecure: false));
        Assert.Equal(new Uri("https://b:4317"), OtlpGrpcSender.BaseAddress("https://b:4317", insecure: true));
    }
}
