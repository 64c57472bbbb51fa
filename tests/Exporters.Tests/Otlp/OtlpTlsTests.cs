using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>
/// The exporters' TLS client keys against a real Kestrel HTTPS server whose certificates are made in the test:
/// trust through <c>ca_file</c>, <c>server_name_override</c>, <c>insecure_skip_verify</c>, and mTLS with
/// <c>cert_file</c>/<c>key_file</c>.
/// </summary>
public sealed class OtlpTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Theory]
    [InlineData("grpc")]
    [InlineData("http")]
    public async Task A_server_signed_by_the_ca_file_is_trusted_under_its_overridden_name(string protocol)
    {
        await using var server = await StartTlsServerAsync(protocol, requireClientCertificate: false);
        await using var exporter = await StartExporterAsync(protocol, server, $"ca_file: {_certificates.CaFile}\n  server_name_override: collector.test");

        var result = await exporter.ConsumeAsync(Request());

        Assert.True(result.Outcome == ConsumeOutcome.Accepted, result.Message);
        Assert.Equal(1, server.Calls);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("http")]
    public async Task An_untrusted_server_certificate_is_refused_unless_verification_is_skipped(string protocol)
    {
        await using var server = await StartTlsServerAsync(protocol, requireClientCertificate: false);
        await using var untrusted = await StartExporterAsync(protocol, server, "server_name_override: collector.test");
        await using var skipping = await StartExporterAsync(protocol, server, "insecure_skip_verify: true");

        var refused = await untrusted.ConsumeAsync(Request());
        var accepted = await skipping.ConsumeAsync(Request());

        Assert.Equal(ConsumeOutcome.Refused, refused.Outcome);
        Assert.Contains("SSL", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ConsumeOutcome.Accepted, accepted.Outcome);
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("http")]
    public async Task Mutual_tls_presents_the_client_certificate_from_pem_files(string protocol)
    {
        await using var server = await StartTlsServerAsync(protocol, requireClientCertificate: true);
        await using var withCertificate = await StartExporterAsync(protocol, server, $"ca_file: {_certificates.CaFile}\n  server_name_override: collector.test\n  cert_file: {_certificates.ClientCertFile}\n  key_file: {_certificates.ClientKeyFile}");
        await using var without = await StartExporterAsync(protocol, server, $"ca_file: {_certificates.CaFile}\n  server_name_override: collector.test");

        var accepted = await withCertificate.ConsumeAsync(Request());
        var refused = await without.ConsumeAsync(Request());

        Assert.Equal(ConsumeOutcome.Accepted, accepted.Outcome);
        Assert.Equal("CN=exporter-client", server.LastClientSubject);
        Assert.NotEqual(ConsumeOutcome.Accepted, refused.Outcome);
    }

    private static TelemetryRequest Request()
    {
        var request = new ExportTraceServiceRequest { ResourceSpans = { new MiniCollector.Otlp.Trace.ResourceSpans { ScopeSpans = { new MiniCollector.Otlp.Trace.ScopeSpans { Spans = { new MiniCollector.Otlp.Trace.Span { Name = "tls", TraceId = ByteString.CopyFrom(new byte[16]), SpanId = ByteString.CopyFrom(new byte[8]) } } } } } } };
        return TracesKind.Instance.FromModel(request);
    }

    private static Task<ExporterUnderTest> StartExporterAsync(string protocol, TlsServer server, string tls)
    {
        // No queue: each ConsumeAsync answers with the outcome of its own send. No retries: one attempt each.
        var common = $"  tls:\n  {tls}\nsending_queue:\n  enabled: false\nretry_on_failure:\n  enabled: false\n";
        return protocol == "grpc"
            ? ExporterUnderTest.GrpcAsync($"endpoint: https://127.0.0.1:{server.Port}\n" + common.TrimStart())
            : ExporterUnderTest.HttpAsync($"endpoint: https://127.0.0.1:{server.Port}\n" + common.TrimStart());
    }

    // The TLS server is a plain ASP.NET Core app: only the exporters' client side is under test here.
    private async Task<TlsServer> StartTlsServerAsync(string protocol, bool requireClientCertificate)
    {
        var state = new TlsServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocol == "grpc" ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = _certificates.Server,
                ClientCertificateMode = requireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
                ClientCertificateValidation = (certificate, _, _) => certificate.Issuer == _certificates.Ca.Subject,
            });
        }));
        var app = builder.Build();
        app.Run(async context =>
        {
            Interlocked.Increment(ref state.CallCount);
            state.LastClientSubject = context.Connection.ClientCertificate?.Subject;
            if (protocol == "grpc")
            {
                context.Response.ContentType = "application/grpc";
                await context.Response.Body.WriteAsync(new byte[5]);
                context.Response.AppendTrailer("grpc-status", "0");
            }
            else
            {
                context.Response.ContentType = "application/x-protobuf";
            }
        });
        await app.StartAsync();
        state.App = app;
        return state;
    }

    /// <summary>A TLS endpoint and what it saw.</summary>
    private sealed class TlsServer : IAsyncDisposable
    {
        public int CallCount;

        public WebApplication? App { get; set; }

        public string? LastClientSubject { get; set; }

        public int Calls => Volatile.Read(ref CallCount);

        public int Port => new Uri(App!.Urls.First()).Port;

        public async ValueTask DisposeAsync() => await App!.DisposeAsync();
    }
}
