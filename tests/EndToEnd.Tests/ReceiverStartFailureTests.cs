using System.Net;
using System.Net.Sockets;
using MiniCollector.EndToEnd.Tests.TestSupport;
using MiniCollector.Pipeline.Components;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests;

/// <summary>An otlp receiver that cannot start one protocol lets go of the other: nothing it bound stays bound.</summary>
public sealed class ReceiverStartFailureTests
{
    [Fact]
    public async Task When_the_http_port_is_taken_the_grpc_port_it_already_bound_is_released()
    {
        int grpcPort = ReservePort();
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        int httpPort = ((IPEndPoint)blocker.LocalEndpoint).Port;

        var failure = await Assert.ThrowsAsync<ComponentStartException>(() => TestCollector.StartAsync($"""
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:{grpcPort}
                  http:
                    endpoint: 127.0.0.1:{httpPort}
            exporters:
              nop:
            service:
              telemetry:
                metrics:
                  level: none
              pipelines:
                traces:
                  receivers: [otlp]
                  exporters: [nop]
            """));

        Assert.Contains($"cannot listen on 127.0.0.1:{httpPort}", failure.Message);
        using var rebind = new TcpListener(IPAddress.Loopback, grpcPort);
        rebind.Start();
    }
}
