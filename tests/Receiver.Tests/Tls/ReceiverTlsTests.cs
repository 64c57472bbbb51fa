using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Receiver.Tests.TestSupport;
using MiniCollector.Receivers.Otlp;

namespace MiniCollector.Receiver.Tests.Tls;

/// <summary>
/// The otlp receiver over TLS with certificates made in the test: HTTP/1.1 and HTTP/2 (ALPN) on the HTTP port, gRPC
/// negotiating h2 by ALPN, mutual TLS requiring a client certificate from client_ca_file, and clear start errors.
/// </summary>
public sealed class ReceiverTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Otlp_http_is_served_over_tls(string version)
    {
        var consumer = new RecordingConsumer();
        var receiver = await StartAsync($"http:\n    endpoint: 127.0.0.1:0\n    tls:\n      cert_file: {_certificates.ServerCertFile}\n      key_file: {_certificates.ServerKeyFile}", consumer);
        try
        {
            var endpoint = receiver.Endpoints.Single();
            Assert.True(endpoint.Tls);
            using var client = Client(withCertificate: false);
            var response = await Send(client, endpoint.Url + "/v1/traces", Payloads.Traces(2).ToByteArray(), "application/x-protobuf", Version.Parse(version));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Version.Parse(version), response.Version);
            Assert.Equal(2, Assert.Single(consumer.Received).ItemCount);
        }
        finally
        {
            await receiver.ShutdownAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Otlp_grpc_negotiates_h2_over_tls()
    {
        var consumer = new RecordingConsumer();
        var receiver = await StartAsync($"grpc:\n    endpoint: 127.0.0.1:0\n    tls:\n      cert_file: {_certificates.ServerCertFile}\n      key_file: {_certificates.ServerKeyFile}", consumer);
        try
        {
            using var client = Client(withCertificate: false);
            var response = await Send(client, receiver.Endpoints.Single().Url + GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Traces(3).ToByteArray()), "application/grpc", HttpVersion.Version20);
            await response.Content.ReadAsByteArrayAsync();

            Assert.Equal(HttpVersion.Version20, response.Version);
            Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
            Assert.Equal(3, Assert.Single(consumer.Received).ItemCount);
        }
        finally
        {
            await receiver.ShutdownAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Mutual_tls_requires_a_client_certificate_signed_by_the_client_ca()
    {
        var consumer = new RecordingConsumer();
        var receiver = await StartAsync($"http:\n    endpoint: 127.0.0.1:0\n    tls:\n      cert_file: {_certificates.ServerCertFile}\n      key_file: {_certificates.ServerKeyFile}\n      client_ca_file: {_certificates.CaFile}", consumer);
        try
        {
            var url = receiver.Endpoints.Single().Url + "/v1/logs";
            using var withCertificate = Client(withCertificate: true);
            using var without = Client(withCertificate: false);

            var accepted = await Send(withCertificate, url, Payloads.Logs().ToByteArray(), "application/x-protobuf", HttpVersion.Version11);
            await Assert.ThrowsAsync<HttpRequestException>(() => Send(without, url, Payloads.Logs().ToByteArray(), "application/x-protobuf", HttpVersion.Version11));

            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            Assert.Single(consumer.Received);
        }
        finally
        {
            await receiver.ShutdownAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_missing_certificate_file_is_a_clear_start_error()
    {
        var error = await Assert.ThrowsAsync<ComponentStartException>(() => StartAsync("http:\n    endpoint: 127.0.0.1:0\n    tls:\n      cert_file: /nonexistent/server.pem\n      key_file: /nonexistent/server.key", new RecordingConsumer()));

        Assert.Contains("receivers::otlp::protocols::http::tls: cannot load the certificate (/nonexistent/server.pem", error.Message);
    }

    [Fact]
    public void Tls_without_a_key_is_a_config_error()
    {
        var errors = new ConfigErrors();
        var node = YamlConfigReader.Read("protocols:\n  http:\n    tls:\n      cert_file: a.pem", "t.yaml", EnvExpander.Process, errors);
        OtlpReceiverOptions.Bind(new ConfigSection(node, "receivers::otlp", errors));

        Assert.Contains(errors.Items, e => e.Message.Contains("cert_file and key_file are required", StringComparison.Ordinal));
    }

    private static async Task<OtlpReceiver> StartAsync(string protocolsYaml, RecordingConsumer consumer)
    {
        var errors = new ConfigErrors();
        var node = YamlConfigReader.Read("protocols:\n  " + protocolsYaml, "test.yaml", EnvExpander.Process, errors);
        var options = OtlpReceiverOptions.Bind(new ConfigSection(node, "receivers::otlp", errors));
        Assert.Empty(errors.Items);
        var receiver = new OtlpReceiver(new ComponentContext(new ComponentId("otlp", string.Empty), ComponentKind.Receiver, NullLoggerFactory.Instance), options, SignalConsumers.AllTo(consumer));
        await receiver.StartAsync(CancellationToken.None);
        return receiver;
    }

    private HttpClient Client(bool withCertificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => _certificates.IsIssuedByCa(certificate as X509Certificate2);
        if (withCertificate)
        {
            handler.SslOptions.ClientCertificates = [_certificates.Client];
        }

        return new HttpClient(handler);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string url, byte[] body, string contentType, Version version)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body), Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return client.SendAsync(request);
    }
}
