using Google.Protobuf;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Receiver.Tests.TestSupport;

namespace MiniCollector.Receiver.Tests.Grpc;

public sealed class GrpcSmokeTests
{
    [Fact]
    public async Task A_raw_unary_export_gets_a_framed_empty_response_and_ok_trailers()
    {
        await using var harness = await GrpcHarness.StartAsync();

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Traces(3).ToByteArray()));

        Assert.Equal(0, response.Status());
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.MessageBytesAsync());
        Assert.Null(body.PartialSuccess);
        Assert.Equal(3, Assert.Single(harness.Consumer.Received).ItemCount);
    }
}
