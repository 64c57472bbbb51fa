using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MiniCollector.EndToEnd.Tests.TestSupport;
using MiniCollector.Hosting;
using MiniCollector.Tests.Support;

namespace MiniCollector.EndToEnd.Tests.ZPages;

/// <summary>
/// The zpages service view's JSON on a real collector whose config holds secrets (basicauth's htpasswd, a bearer token
/// set through the environment, otlp exporter headers): version, runtime, components, extensions, pipelines and the
/// effective config with every secret redacted; the reference's /debug/ pages redirect; TLS on the endpoint.
/// </summary>
public sealed class ZPagesServiceTests
{
    private const string HtpasswdSecret = "viewer:htpasswd-s3cret";
    private const string HeaderSecret = "Bearer header-s3cret";
    private const string TenantSecret = "tenant-s3cret";
    private const string TokenSecret = "env-token-s3cret";

    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    /// <summary>A config holding secrets; <c>{token}</c> is replaced by the name of an environment variable.</summary>
    internal static string ConfigWithSecrets(string tokenVariable) => $$"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                auth: {authenticator: bearertokenauth}
        processors:
          batch:
            timeout: 10ms
        exporters:
          nop:
          otlp/backend:
            endpoint: 127.0.0.1:9
            tls: {insecure: true}
            headers:
              Authorization: "{{HeaderSecret}}"
              X-Tenant: {{TenantSecret}}
        extensions:
          basicauth/unused:
            htpasswd:
              inline: "{{HtpasswdSecret}}"
          bearertokenauth:
            token: ${env:{{tokenVariable}}}
          zpages:
            endpoint: 127.0.0.1:0
        service:
          extensions: [bearertokenauth, zpages]
          pipelines:
            traces: {receivers: [otlp], processors: [batch], exporters: [nop, otlp/backend]}
            metrics: {receivers: [otlp], exporters: [nop]}
        """;

    /// <summary>Every secret the config holds, none of which may appear in an answer.</summary>
    internal static readonly string[] Secrets = ["htpasswd-s3cret", "header-s3cret", TenantSecret, TokenSecret];

    /// <summary>Sets a variable of its own (the name is unique to the call) to the token and returns its name.</summary>
    internal static string TokenVariable()
    {
        var name = "MINICOLLECTOR_TEST_TOKEN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, TokenSecret);
        return name;
    }

    [Fact]
    public async Task The_service_is_described_with_its_build_components_and_config_and_no_secret_is_echoed()
    {
        await using var collector = await TestCollector.StartAsync(ConfigWithSecrets(TokenVariable()));
        using var http = Client(ZPagesApiTests.ZPagesUrl(collector));

        using var response = await http.GetAsync("/api/service");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal(CollectorBuildInfo.Current.Version, root.GetProperty("version").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", root.GetProperty("version").GetString());
        Assert.Equal("JIT", root.GetProperty("runtime").GetString());
        Assert.Equal("minicollector", root.GetProperty("command").GetString());
        Assert.True(root.GetProperty("startTimeMs").GetInt64() > 0);
        Assert.True(root.GetProperty("uptimeSeconds").GetInt64() >= 0);

        // The test collector reads one file and sets its self-telemetry address with --set.
        var sources = root.GetProperty("configSources").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Equal(2, sources.Count);
        Assert.EndsWith(".yaml", sources[0], StringComparison.Ordinal);
        Assert.Equal("--set service.telemetry.metrics.address", sources[1]);

        Assert.Equal(
            [("bearertokenauth", "bearertokenauth"), ("zpages", "zpages")],
            root.GetProperty("extensions").EnumerateArray().Select(e => (e.GetProperty("id").GetString(), e.GetProperty("type").GetString())));
        Assert.All(root.GetProperty("extensions").EnumerateArray(), e => Assert.NotEqual(string.Empty, e.GetProperty("stability").GetString()));

        var components = root.GetProperty("components").EnumerateArray()
            .Select(c => (Kind: c.GetProperty("kind").GetString(), Id: c.GetProperty("id").GetString(), Type: c.GetProperty("type").GetString(), Stability: c.GetProperty("stability").GetString()))
            .ToList();
        Assert.Equal(
            [("receiver", "otlp"), ("processor", "batch"), ("exporter", "nop"), ("exporter", "otlp/backend"), ("extension", "basicauth/unused"), ("extension", "bearertokenauth"), ("extension", "zpages")],
            components.Select(c => (c.Kind, c.Id)));
        Assert.Equal("otlp", components.Single(c => c.Id == "otlp/backend").Type);
        Assert.All(components, c => Assert.Contains(c.Stability, new[] { "development", "alpha", "beta", "stable", "deprecated" }));

        var pipelines = root.GetProperty("pipelines").EnumerateArray().ToList();
        Assert.Equal(["traces", "metrics"], pipelines.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(["batch"], pipelines[0].GetProperty("processors").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["nop", "otlp/backend"], pipelines[0].GetProperty("exporters").EnumerateArray().Select(p => p.GetString()));

        // The effective config: the merged document, secrets redacted, everything else as configured.
        var config = root.GetProperty("config").GetString()!;
        Assert.Contains("Authorization: '[REDACTED]'", config, StringComparison.Ordinal);
        Assert.Contains("X-Tenant: '[REDACTED]'", config, StringComparison.Ordinal);
        Assert.Contains("token: '[REDACTED]'", config, StringComparison.Ordinal);
        Assert.Contains("inline: '[REDACTED]'", config, StringComparison.Ordinal);
        Assert.Contains("endpoint: 127.0.0.1:9", config, StringComparison.Ordinal);
        Assert.Contains("address: 127.0.0.1:0", config, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/debug/servicez", "/#/service")]
    [InlineData("/debug/pipelinez", "/#/pipelines")]
    [InlineData("/debug/extensionz", "/#/service")]
    [InlineData("/debug/featurez", "/#/service")]
    [InlineData("/debug/tracez", "/#/traces")]
    [InlineData("/debug/servicez/", "/#/service")]
    public async Task The_reference_zpages_addresses_redirect_to_the_matching_view(string path, string view)
    {
        await using var collector = await TestCollector.StartAsync(ConfigWithSecrets(TokenVariable()));
        using var http = Client(ZPagesApiTests.ZPagesUrl(collector), followRedirects: false);

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal(view, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Other_debug_paths_are_not_found_and_a_redirect_lands_on_the_page()
    {
        await using var collector = await TestCollector.StartAsync(ConfigWithSecrets(TokenVariable()));
        using var http = Client(ZPagesApiTests.ZPagesUrl(collector));

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/debug/rpcz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/debug/")).StatusCode);

        using var followed = await http.GetAsync("/debug/servicez");
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        Assert.Contains("<script src=\"app.js\"", await followed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_tls_the_pages_are_served_over_https_only()
    {
        using var certificates = new TestCertificates();
        var config = ZPagesApiTestsConfig.Replace(
            "    endpoint: 127.0.0.1:0\nservice:",
            $"    endpoint: 127.0.0.1:0\n    tls:\n      cert_file: {certificates.ServerCertFile}\n      key_file: {certificates.ServerKeyFile}\nservice:",
            StringComparison.Ordinal);
        await using var collector = await TestCollector.StartAsync(config);
        var url = ZPagesApiTests.ZPagesUrl(collector);
        Assert.StartsWith("https://", url, StringComparison.Ordinal);
        Assert.Contains("Serving zpages on https://", collector.Logs.TextOf("extension/zpages"), StringComparison.Ordinal);

        using var https = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => certificates.IsIssuedByCa(c as X509Certificate2) } })
        {
            BaseAddress = new Uri(url),
            Timeout = HangGuard,
        };
        using var response = await https.GetAsync("/api/service");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("zpages", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("extensions")[0].GetProperty("id").GetString());

        // Plain HTTP to the TLS port gets no page.
        using var plain = Client(url.Replace("https://", "http://", StringComparison.Ordinal));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync("/api/service"));
    }

    private const string ZPagesApiTestsConfig = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
        exporters:
          nop:
        extensions:
          zpages:
            endpoint: 127.0.0.1:0
        service:
          extensions: [zpages]
          pipelines:
            traces: {receivers: [otlp], exporters: [nop]}
        """;

    private static HttpClient Client(string url, bool followRedirects = true)
        => new(new HttpClientHandler { AllowAutoRedirect = followRedirects }) { BaseAddress = new Uri(url), Timeout = HangGuard };
}
