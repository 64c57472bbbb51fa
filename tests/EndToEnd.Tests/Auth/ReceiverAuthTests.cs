using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MiniCollector.EndToEnd.Tests.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MiniCollector.EndToEnd.Tests.Auth;

/// <summary>
/// Receiver authentication over both protocols with the real extensions: no credentials, wrong token, wrong
/// password, right credentials, a token file rotated while running, and seed 004's SDK flow
/// (OTEL_EXPORTER_OTLP_HEADERS="Authorization=Basic ...").
/// </summary>
public sealed class ReceiverAuthTests : IDisposable
{

    private readonly string _dir = Directory.CreateTempSubdirectory("minicollector-auth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Bearer_tokens_are_checked_on_http_and_grpc_and_nothing_unauthenticated_reaches_the_pipeline()
    {
        var counting = new CountingExporterFactory();
        await using var collector = await TestCollector.StartAsync(Config("bearertokenauth/server", "bearertokenauth/server:\n    token: s3cret"), counting);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostLog(collector, "none", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostLog(collector, "wrong", "Bearer nope")).StatusCode);
        Assert.Equal("16", await GrpcStatus(collector, "Bearer nope"));
        Assert.Equal("16", await GrpcStatus(collector, null));
        Assert.Equal(0, counting.Instance.Total);

        Assert.Equal(HttpStatusCode.OK, (await PostLog(collector, "right", "Bearer s3cret")).StatusCode);
        Assert.Equal("0", await GrpcStatus(collector, "Bearer s3cret"));
        await counting.Instance.WaitForAsync("log:", 2);
        Assert.Equal(["log:right", "log:grpc"], counting.Instance.Arrivals.Keys.Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task A_rotated_token_file_takes_effect_while_running()
    {
        var tokenFile = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(tokenFile, "first-token\n");
        var counting = new CountingExporterFactory();
        await using var collector = await TestCollector.StartAsync(Config("bearertokenauth/file", $"bearertokenauth/file:\n    filename: {tokenFile}"), counting);
        Assert.Equal(HttpStatusCode.OK, (await PostLog(collector, "a", "Bearer first-token")).StatusCode);

        await File.WriteAllTextAsync(tokenFile, "second-token\n");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpStatusCode status;
        do
        {
            await Task.Delay(100);
            status = (await PostLog(collector, "b", "Bearer second-token")).StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostLog(collector, "c", "Bearer first-token")).StatusCode);
    }

    [Fact]
    public async Task Basic_auth_accepts_the_right_password_only()
    {
        var counting = new CountingExporterFactory();
        await using var collector = await TestCollector.StartAsync(Config("basicauth/server", "basicauth/server:\n    htpasswd:\n      inline: |\n        bob:{SHA}" + Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData("builder"u8))), counting);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostLog(collector, "x", Basic("bob", "wrong"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostLog(collector, "y", Basic("mallory", "builder"))).StatusCode);
        Assert.Equal("16", await GrpcStatus(collector, Basic("bob", "wrong")));
        Assert.Equal(HttpStatusCode.OK, (await PostLog(collector, "z", Basic("bob", "builder"))).StatusCode);
        Assert.Equal("0", await GrpcStatus(collector, Basic("bob", "builder")));
    }

    [Fact]
    public async Task An_sdk_configured_like_seed_004_with_otlp_headers_is_accepted()
    {
        var counting = new CountingExporterFactory();
        var htpasswd = Path.Combine(_dir, ".htpasswd");
        await File.WriteAllTextAsync(htpasswd, "telemetry:{SHA}" + Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData("p4ss"u8)) + "\n");
        await using var collector = await TestCollector.StartAsync(Config("basicauth/server", $"basicauth/server:\n    htpasswd:\n      file: {htpasswd}"), counting);

        // Seed 004 sets OTEL_EXPORTER_OTLP_HEADERS="Authorization=Basic <base64-username:password>"; the SDK's Headers option is the same setting.
        var header = "Authorization=" + Basic("telemetry", "p4ss");
        foreach (var protocol in new[] { OtlpExportProtocol.Grpc, OtlpExportProtocol.HttpProtobuf })
        {
            Assert.True(SdkSpanSender.Send(protocol, collector.GrpcUrl, collector.HttpUrl, header, "seed004." + protocol, "django-request-" + protocol));
        }

        await counting.Instance.WaitForAsync("span:", 2);
        Assert.Equal(1, counting.Instance.Count("span:django-request-Grpc"));
        Assert.Equal(1, counting.Instance.Count("span:django-request-HttpProtobuf"));
    }

    [Fact]
    public async Task An_authenticator_missing_from_service_extensions_is_a_config_error()
    {
        var yaml = Config("bearertokenauth/server", "bearertokenauth/server:\n    token: x").Replace("  extensions: [bearertokenauth/server]\n", string.Empty, StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<MiniCollector.Pipeline.Config.ConfigException>(() => TestCollector.StartAsync(yaml));

        Assert.Contains("references extension \"bearertokenauth/server\" which is not enabled: add it to service::extensions", error.Message);
    }

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    private static string Config(string authenticator, string extension) => $"""
        extensions:
          {extension}
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                auth:
                  authenticator: {authenticator}
              http:
                endpoint: 127.0.0.1:0
                auth:
                  authenticator: {authenticator}
        exporters:
          counting:
        service:
          extensions: [{authenticator}]
          pipelines:
            logs:
              receivers: [otlp]
              exporters: [counting]
            traces:
              receivers: [otlp]
              exporters: [counting]
        """;

    private static async Task<HttpResponseMessage> PostLog(TestCollector collector, string body, string? authorization)
    {
        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, collector.HttpUrl + "/v1/logs")
        {
            Content = new StringContent("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\"" + body + "\"}}]}]}]}", Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await http.SendAsync(request);
    }

    private static async Task<string?> GrpcStatus(TestCollector collector, string? authorization)
    {
        var logs = new MiniCollector.Otlp.Collector.Logs.ExportLogsServiceRequest
        {
            ResourceLogs = { new MiniCollector.Otlp.Logs.ResourceLogs { ScopeLogs = { new MiniCollector.Otlp.Logs.ScopeLogs { LogRecords = { new MiniCollector.Otlp.Logs.LogRecord { Body = new MiniCollector.Otlp.Common.AnyValue { StringValue = "grpc" } } } } } } },
        };
        var message = Google.Protobuf.MessageExtensions.ToByteArray(logs);
        var framed = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, 5);
        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, collector.GrpcUrl + "/opentelemetry.proto.collector.logs.v1.LogsService/Export")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(framed),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response.Headers.TryGetValues("grpc-status", out var h) ? h.First() : response.TrailingHeaders.GetValues("grpc-status").First();
    }
}
