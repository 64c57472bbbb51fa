using Google.Protobuf;
using MiniCollector.Otlp.Health;
using MiniCollector.Receiver.Tests.TestSupport;

namespace MiniCollector.Receiver.Tests.Grpc;

/// <summary>The standard <c>grpc.health.v1.Health/Check</c> as Kubernetes gRPC probes and grpc_health_probe call it.</summary>
public sealed class GrpcHealthTests
{
    private const string CheckMethod = "/grpc.health.v1.Health/Check";
    private const int NotFound = 5;

    [Theory]
    [InlineData("")]
    [InlineData("opentelemetry.proto.collector.trace.v1.TraceService")]
    [InlineData("opentelemetry.proto.collector.metrics.v1.MetricsService")]
    [InlineData("opentelemetry.proto.collector.logs.v1.LogsService")]
    public async Task The_server_and_each_otlp_service_are_serving(string service)
    {
        await using var harness = await GrpcHarness.StartAsync();

        var response = await CheckAsync(harness, service);

        Assert.Equal(0, response.Status());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await StatusOfAsync(response));
    }

    [Fact]
    public async Task An_empty_health_check_frame_is_an_empty_request_for_the_whole_server()
    {
        await using var harness = await GrpcHarness.StartAsync();

        var response = await harness.CallAsync(CheckMethod, GrpcHarness.Frame([]));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await StatusOfAsync(response));
    }

    [Theory]
    [InlineData("no.such.Service")]
    [InlineData("opentelemetry.proto.collector.trace.v1")]
    [InlineData("opentelemetry.proto.collector.trace.v1.TraceServ")]
    [InlineData("opentelemetry.proto.collector.trace.v1.TraceService/Export")]
    public async Task An_unknown_service_is_not_found(string service)
    {
        await using var harness = await GrpcHarness.StartAsync();

        var response = await CheckAsync(harness, service);

        Assert.Equal(NotFound, response.Status());
        Assert.Contains(service, response.Message(), StringComparison.Ordinal);
        await GrpcTestData.AssertTrailersOnlyAsync(response);
    }

    [Fact]
    public async Task A_service_of_a_signal_without_a_pipeline_is_not_found()
    {
        await using var harness = await GrpcHarness.StartAsync(tracesOnly: true);

        var traces = await CheckAsync(harness, "opentelemetry.proto.collector.trace.v1.TraceService");
        var logs = await CheckAsync(harness, "opentelemetry.proto.collector.logs.v1.LogsService");

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await StatusOfAsync(traces));
        Assert.Equal(NotFound, logs.Status());
    }

    [Fact]
    public async Task Once_shutdown_begins_the_server_and_its_services_are_not_serving()
    {
        await using var harness = await GrpcHarness.StartAsync();
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await StatusOfAsync(await CheckAsync(harness, string.Empty)));

        harness.Receiver.OnShutdownBegins();

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await StatusOfAsync(await CheckAsync(harness, string.Empty)));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await StatusOfAsync(await CheckAsync(harness, "opentelemetry.proto.collector.trace.v1.TraceService")));
    }

    [Fact]
    public async Task A_malformed_health_check_request_is_invalid_argument()
    {
        await using var harness = await GrpcHarness.StartAsync();

        var response = await harness.CallAsync(CheckMethod, GrpcHarness.Frame([0xFF, 0xFF, 0xFF]));

        Assert.Equal(3, response.Status());
        await GrpcTestData.AssertTrailersOnlyAsync(response);
    }

    [Fact]
    public async Task Health_watch_is_unimplemented()
    {
        await using var harness = await GrpcHarness.StartAsync();

        var response = await harness.CallAsync("/grpc.health.v1.Health/Watch", GrpcHarness.Frame(new HealthCheckRequest().ToByteArray()));

        Assert.Equal(12, response.Status());
    }

    private static Task<HttpResponseMessage> CheckAsync(GrpcHarness harness, string service)
        => harness.CallAsync(CheckMethod, GrpcHarness.Frame(new HealthCheckRequest { Service = service }.ToByteArray()));

    private static async Task<HealthCheckResponse.Types.ServingStatus> StatusOfAsync(HttpResponseMessage response)
    {
        Assert.Equal(0, response.Status());
        return HealthCheckResponse.Parser.ParseFrom(await response.MessageBytesAsync()).Status;
    }
}
