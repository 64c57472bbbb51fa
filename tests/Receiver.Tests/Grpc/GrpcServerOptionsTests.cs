using MiniCollector.Receiver.Tests.TestSupport;
using MiniCollector.Receivers.Otlp.Grpc;

namespace MiniCollector.Receiver.Tests.Grpc;

public sealed class GrpcServerOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    public void An_empty_section_binds_the_defaults(string yaml)
    {
        var (options, errors) = GrpcTestData.BindGrpc(yaml);

        Assert.Empty(errors);
        Assert.Equal("localhost:4317", options.Endpoint);
        Assert.Equal(64, options.MaxRecvMsgSizeMib);
        Assert.Equal(64L * 1024 * 1024, options.MaxRecvMsgSizeBytes);
        Assert.Equal(0, options.MaxConcurrentStreams);
        Assert.False(options.IncludeMetadata);
        Assert.Equal(TimeSpan.FromHours(2), options.Keepalive.Time);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Keepalive.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Keepalive.MinTime);
        Assert.False(options.Keepalive.PermitWithoutStream);
        Assert.Null(options.Keepalive.MaxConnectionIdle);
        Assert.Null(options.Keepalive.MaxConnectionAge);
        Assert.Null(options.Keepalive.MaxConnectionAgeGrace);
    }

    [Fact]
    public void Written_values_are_bound()
    {
        var (options, errors) = GrpcTestData.BindGrpc("""
            endpoint: 0.0.0.0:5317
            transport: tcp
            max_recv_msg_size_mib: 16
            max_concurrent_streams: 50
            include_metadata: true
            keepalive:
              server_parameters:
                max_connection_idle: 11s
                max_connection_age: 30s
                max_connection_age_grace: 5s
                time: 1m
                timeout: 3s
              enforcement_policy:
                min_time: 10s
                permit_without_stream: true
            """);

        Assert.Empty(errors);
        Assert.Equal("0.0.0.0:5317", options.Endpoint);
        Assert.Equal(16L * 1024 * 1024, options.MaxRecvMsgSizeBytes);
        Assert.Equal(50, options.MaxConcurrentStreams);
        Assert.True(options.IncludeMetadata);
        Assert.Equal(TimeSpan.FromSeconds(11), options.Keepalive.MaxConnectionIdle);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Keepalive.MaxConnectionAge);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Keepalive.MaxConnectionAgeGrace);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Keepalive.Time);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Keepalive.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Keepalive.MinTime);
        Assert.True(options.Keepalive.PermitWithoutStream);
    }

    [Fact]
    public void A_zero_connection_age_means_no_limit()
    {
        var (options, errors) = GrpcTestData.BindGrpc("keepalive:\n  server_parameters:\n    max_connection_age: 0s");

        Assert.Empty(errors);
        Assert.Null(options.Keepalive.MaxConnectionAge);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("4097")]
    [InlineData("lots")]
    public void An_out_of_range_max_recv_msg_size_mib_is_an_error_naming_the_key(string value)
    {
        var (_, errors) = GrpcTestData.BindGrpc("max_recv_msg_size_mib: " + value);

        var error = Assert.Single(errors);
        Assert.Equal("receivers::otlp::protocols::grpc::max_recv_msg_size_mib", error.Path);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Location);
    }

    [Fact]
    public void The_unix_transport_is_an_error()
    {
        var (_, errors) = GrpcTestData.BindGrpc("transport: unix\nendpoint: /tmp/otlp.sock");

        var error = Assert.Single(errors);
        Assert.Equal("receivers::otlp::protocols::grpc::transport", error.Path);
        Assert.Contains("unix", error.Message, StringComparison.Ordinal);
        Assert.Contains("tcp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_transport_is_an_error_listing_the_choices()
    {
        var (_, errors) = GrpcTestData.BindGrpc("transport: quic");

        var error = Assert.Single(errors);
        Assert.Contains("quic", error.Message, StringComparison.Ordinal);
        Assert.Contains("tcp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_is_an_error_listing_the_valid_keys()
    {
        var (_, errors) = GrpcTestData.BindGrpc("endpoint: 127.0.0.1:4317\nmax_recv_msg_size: 4");

        var error = Assert.Single(errors);
        Assert.Equal("receivers::otlp::protocols::grpc", error.Path);
        Assert.Contains("\"max_recv_msg_size\"", error.Message, StringComparison.Ordinal);
        foreach (var key in new[] { "endpoint", "transport", "max_recv_msg_size_mib", "max_concurrent_streams", "read_buffer_size", "write_buffer_size", "include_metadata", "keepalive" })
        {
            Assert.Contains(key, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2, error.Location?.Line);
    }

    [Fact]
    public void An_unknown_keepalive_key_is_an_error_at_its_own_path()
    {
        var (_, errors) = GrpcTestData.BindGrpc("keepalive:\n  server_parameters:\n    max_age: 30s");

        var error = Assert.Single(errors);
        Assert.Equal("receivers::otlp::protocols::grpc::keepalive::server_parameters", error.Path);
        Assert.Contains("max_connection_age", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("max_request_body_size: 1000000", "max_request_body_size", "protocols::http")]
    [InlineData("cors:\n  allowed_origins: ['*']", "cors", "protocols::http")]
    public void An_http_setting_under_grpc_is_an_error_saying_where_it_belongs(string yaml, string key, string hint)
    {
        var (_, errors) = GrpcTestData.BindGrpc(yaml);

        var error = Assert.Single(errors);
        Assert.Contains($"\"{key}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var (_, errors) = GrpcTestData.BindGrpc("transport: unix\nmax_recv_msg_size_mib: 0\nbogus: 1\nkeepalive:\n  server_parameters:\n    time: soon");

        Assert.Equal(4, errors.Count);
    }
}
