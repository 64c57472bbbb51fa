using System.Diagnostics;
using System.Net;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

using MiniCollector.EndToEnd.Tests.TestSupport;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// examples/basic-auth as its README tells seed 004's users to use it: the shipped config and htpasswd file, and an
/// SDK configured with OTEL_EXPORTER_OTLP_HEADERS="Authorization=Basic base64(telemetry:change-me)", over both
/// protocols; without the header the collector answers 401.
/// </summary>
public sealed class BasicAuthExampleTests
{
    private static readonly string Dir = Path.Combine(ExampleFiles.ExamplesDir, "basic-auth");

    [Fact]
    public async Task The_sdk_with_the_readme_header_gets_in_over_grpc_and_http_and_a_request_without_it_does_not()
    {
        // In the container the file is mounted at /etc/minicollector/htpasswd; here it is read where it is.
        await using var collector = await ExampleCollector.StartAsync(Path.Combine(Dir, "collector.yaml"), "extensions.basicauth/otlp.htpasswd.file=" + Path.Combine(Dir, "htpasswd"));
        var header = "Authorization=Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("telemetry:change-me"));

        foreach (var protocol in new[] { OtlpExportProtocol.Grpc, OtlpExportProtocol.HttpProtobuf })
        {
            Assert.True(SdkSpanSender.Send(protocol, collector.GrpcUrl, collector.HttpUrl, header, "basic-auth-example." + protocol, "GET /exports/" + protocol));
        }

        // The example's debug exporter (verbosity normal) prints one line per span.
        var printed = await collector.Logs.WaitForAsync("exporter/debug", t => t.Contains("GET /exports/Grpc", StringComparison.Ordinal) && t.Contains("GET /exports/HttpProtobuf", StringComparison.Ordinal));
        Assert.Contains("GET /exports/Grpc", printed);

        using var http = new HttpClient();
        var anonymous = await http.PostAsync(collector.HttpUrl + "/v1/traces", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public void The_shipped_htpasswd_file_holds_one_bcrypt_entry_for_the_documented_user()
    {
        var lines = File.ReadAllLines(Path.Combine(Dir, "htpasswd")).Where(l => l.Length > 0).ToList();

        var entry = Assert.Single(lines);
        Assert.StartsWith("telemetry:$2y$", entry, StringComparison.Ordinal);
    }
}
