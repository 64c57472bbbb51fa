using System.Net;
using MiniCollector.Receiver.Tests.TestSupport;

namespace MiniCollector.Receiver.Tests.Http;

public sealed class CorsTests
{
    private const string Settings = "cors:\n  allowed_origins: [\"https://*.example.com\", \"http://localhost:3000\"]\n  allowed_headers: [\"X-Custom\"]\n  max_age: 7200";

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_answered_with_cors_headers()
    {
        await using var harness = await ReceiverHarness.StartAsync(Settings);

        var response = await harness.Client.SendAsync(Preflight("https://app.example.com", "Content-Type, X-Custom"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://app.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("Content-Type, X-Custom", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("7200", response.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
    }

    [Theory]
    [InlineData("https://evil.com", "Content-Type")]
    [InlineData("http://app.example.com", "Content-Type")]
    [InlineData("https://app.example.com", "X-Not-Allowed")]
    public async Task A_preflight_that_is_not_allowed_gets_no_cors_headers(string origin, string headers)
    {
        await using var harness = await ReceiverHarness.StartAsync(Settings);

        var response = await harness.Client.SendAsync(Preflight(origin, headers));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_cross_origin_post_from_an_allowed_origin_carries_the_allow_origin_header()
    {
        await using var harness = await ReceiverHarness.StartAsync(Settings);

        var allowed = await harness.Client.PostAsync("/v1/traces", Google.Protobuf.MessageExtensions.ToByteArray(Payloads.Traces(1)), "application/x-protobuf", configure: r => r.Headers.Add("Origin", "http://localhost:3000"));
        var other = await harness.Client.PostAsync("/v1/traces", Google.Protobuf.MessageExtensions.ToByteArray(Payloads.Traces(1)), "application/x-protobuf", configure: r => r.Headers.Add("Origin", "http://localhost:4000"));

        Assert.Equal("http://localhost:3000", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Without_cors_settings_a_preflight_is_not_allowed()
    {
        await using var harness = await ReceiverHarness.StartAsync();

        var response = await harness.Client.SendAsync(Preflight("https://app.example.com", "Content-Type"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private static HttpRequestMessage Preflight(string origin, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/traces");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }
}
