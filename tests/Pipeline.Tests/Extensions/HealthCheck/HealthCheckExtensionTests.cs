using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiniCollector.Extensions.HealthCheck;
using MiniCollector.Pipeline.Components;

namespace MiniCollector.Pipeline.Tests.Extensions.HealthCheck;

/// <summary>A started <c>health_check</c> extension answering over real HTTP as its state changes.</summary>
public sealed class HealthCheckExtensionTests : IAsyncLifetime
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(10);

    private readonly HttpClient _client = new() { Timeout = HangGuard };
    private readonly List<HealthCheckExtension> _started = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var extension in _started)
        {
            await extension.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
        }

        _client.Dispose();
    }

    private async Task<(HealthCheckExtension Extension, string Url)> Start(HealthCheckOptions? options = null, TimeProvider? time = null)
    {
        options = (options ?? new HealthCheckOptions()) with { Endpoint = "127.0.0.1:0" };
        var context = new ComponentContext(new ComponentId("health_check", string.Empty), ComponentKind.Extension, NullLoggerFactory.Instance);
        var extension = new HealthCheckExtension(context, options, time);
        await extension.StartAsync(CancellationToken.None).WaitAsync(HangGuard);
        _started.Add(extension);
        var endpoint = Assert.Single(extension.Endpoints);
        Assert.Equal("http", endpoint.Protocol);
        Assert.NotEqual(0, endpoint.Port);
        return (extension, endpoint.Url);
    }

    private async Task<(HttpStatusCode Status, string? ContentType, string Body)> Get(string url, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, url);
        using var response = await _client.SendAsync(request).WaitAsync(HangGuard);
        var body = await response.Content.ReadAsStringAsync().WaitAsync(HangGuard);
        return (response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
    }

    private static (string Status, string UpSince, string Uptime) ParseStatus(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Object, root.ValueKind);
        Assert.Equal(["status", "upSince", "uptime"], root.EnumerateObject().Select(p => p.Name));
        return (root.GetProperty("status").GetString()!, root.GetProperty("upSince").GetString()!, root.GetProperty("uptime").GetString()!);
    }

    [Fact]
    public async Task Answers_503_before_the_service_is_ready()
    {
        var (extension, url) = await Start();

        var (status, contentType, body) = await Get(url + "/");

        Assert.False(extension.IsReady);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("application/json", contentType);
        Assert.Equal("""{"status":"Server not available","upSince":"0001-01-01T00:00:00Z","uptime":""}""", body);
    }

    [Fact]
    public async Task Answers_200_with_status_upSince_and_uptime_once_ready()
    {
        var before = DateTimeOffset.UtcNow;
        var (extension, url) = await Start();

        extension.OnServiceReady();
        var (status, contentType, body) = await Get(url + "/");

        Assert.True(extension.IsReady);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", contentType);
        var (text, upSinceText, uptime) = ParseStatus(body);
        Assert.Equal("Server available", text);
        Assert.EndsWith("Z", upSinceText, StringComparison.Ordinal);
        var upSince = DateTimeOffset.Parse(upSinceText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(TimeSpan.Zero, upSince.Offset);
        Assert.True(upSince >= before.AddSeconds(-1), $"{upSince:O} is before the test started ({before:O})");
        Assert.EndsWith("s", uptime, StringComparison.Ordinal);
        Assert.Matches(@"^([0-9]+h)?([0-9]+m)?[0-9]+(\.[0-9]+)?(s|ms|µs|ns)$", uptime);
    }

    [Fact]
    public async Task UpSince_is_when_the_service_became_ready_and_uptime_is_written_like_go()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1_234_500));
        var (extension, url) = await Start(time: time);

        time.Advance(TimeSpan.FromHours(1));
        extension.OnServiceReady();
        time.Advance(TimeSpan.FromSeconds(63.2));
        var (_, _, body) = await Get(url + "/");

        Assert.Equal("""{"status":"Server available","upSince":"2024-05-06T08:08:09.12345Z","uptime":"1m3.2s"}""", body);
    }

    [Fact]
    public async Task A_sub_millisecond_uptime_is_written_in_microseconds_unescaped()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var (extension, url) = await Start(time: time);

        extension.OnServiceReady();
        time.Advance(TimeSpan.FromTicks(3_505));
        var (_, _, body) = await Get(url + "/");

        Assert.Equal("""{"status":"Server available","upSince":"2024-01-01T00:00:00Z","uptime":"350.5µs"}""", body);
    }

    [Fact]
    public async Task A_second_ready_call_keeps_the_first_upSince()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var (extension, url) = await Start(time: time);

        extension.OnServiceReady();
        time.Advance(TimeSpan.FromSeconds(5));
        extension.OnServiceReady();
        var (_, _, body) = await Get(url + "/");

        Assert.Equal(("Server available", "2024-01-01T00:00:00Z", "5s"), ParseStatus(body));
    }

    [Fact]
    public async Task Answers_503_again_once_shutdown_begins_and_stays_so()
    {
        var (extension, url) = await Start();
        extension.OnServiceReady();
        Assert.Equal(HttpStatusCode.OK, (await Get(url + "/")).Status);

        extension.OnShutdownBegins();
        var (status, _, body) = await Get(url + "/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(("Server not available", "0001-01-01T00:00:00Z", string.Empty), ParseStatus(body));

        // Shutdown is one-way.
        extension.OnServiceReady();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Get(url + "/")).Status);
        Assert.False(extension.IsReady);
    }

    [Fact]
    public async Task Stops_listening_on_shutdown()
    {
        var (extension, url) = await Start();

        await extension.ShutdownAsync(CancellationToken.None).WaitAsync(HangGuard);
        _started.Remove(extension);

        Assert.Empty(extension.Endpoints);
        await Assert.ThrowsAsync<HttpRequestException>(() => Get(url + "/"));
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/metrics")]
    [InlineData("/favicon.ico")]
    public async Task Other_paths_get_404(string path)
    {
        var (extension, url) = await Start();
        extension.OnServiceReady();

        var (status, _, _) = await Get(url + path);

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Head_answers_the_status_without_a_body()
    {
        var (extension, url) = await Start();

        var (before, _, beforeBody) = await Get(url + "/", HttpMethod.Head);
        extension.OnServiceReady();
        var (after, contentType, afterBody) = await Get(url + "/", HttpMethod.Head);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before);
        Assert.Equal(HttpStatusCode.OK, after);
        Assert.Equal("application/json", contentType);
        Assert.Empty(beforeBody);
        Assert.Empty(afterBody);
    }

    [Fact]
    public async Task Other_methods_get_405()
    {
        var (extension, url) = await Start();
        extension.OnServiceReady();

        using var response = await _client.PostAsync(url + "/", new StringContent("x")).WaitAsync(HangGuard);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_custom_path_is_served_and_root_is_not()
    {
        var (extension, url) = await Start(new HealthCheckOptions { Path = "/health/status" });
        extension.OnServiceReady();

        Assert.Equal(HttpStatusCode.OK, (await Get(url + "/health/status")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Get(url + "/health/status?verbose=1")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(url + "/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Get(url + "/health")).Status);
    }

    [Fact]
    public async Task Configured_response_bodies_replace_the_json()
    {
        var (extension, url) = await Start(new HealthCheckOptions { ResponseBody = new HealthCheckResponseBody("I'm OK", "I'm not well") });

        var (notReady, notReadyType, notReadyBody) = await Get(url + "/");
        extension.OnServiceReady();
        var (ready, readyType, readyBody) = await Get(url + "/");
        extension.OnShutdownBegins();
        var (stopping, _, stoppingBody) = await Get(url + "/");

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "I'm not well"), (notReady, notReadyBody));
        Assert.Equal((HttpStatusCode.OK, "I'm OK"), (ready, readyBody));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "I'm not well"), (stopping, stoppingBody));
        Assert.Equal("text/plain; charset=utf-8", notReadyType);
        Assert.Equal("text/plain; charset=utf-8", readyType);
    }

    [Fact]
    public async Task An_empty_configured_body_is_sent_empty()
    {
        var (extension, url) = await Start(new HealthCheckOptions { ResponseBody = new HealthCheckResponseBody("up", string.Empty) });

        var (status, _, body) = await Get(url + "/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Empty(body);
        Assert.False(extension.IsReady);
    }

    [Fact]
    public async Task A_port_in_use_is_a_start_error_naming_the_extension()
    {
        var (_, url) = await Start();
        var port = new Uri(url).Port;
        var context = new ComponentContext(new ComponentId("health_check", "second"), ComponentKind.Extension, NullLoggerFactory.Instance);
        var second = new HealthCheckExtension(context, new HealthCheckOptions { Endpoint = $"127.0.0.1:{port}" });

        var error = await Assert.ThrowsAsync<ComponentStartException>(() => second.StartAsync(CancellationToken.None).WaitAsync(HangGuard));

        Assert.Contains("extensions::health_check/second", error.Message, StringComparison.Ordinal);
        Assert.Contains(port.ToString(CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }
}
