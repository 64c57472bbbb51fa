using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace MiniCollector.EndToEnd.Tests.TestSupport;

/// <summary>A real Prometheus server (Debian package <c>prometheus</c>) on loopback, scraping given targets every second.</summary>
internal sealed class PrometheusServer : IDisposable
{
    private const string Binary = "/usr/bin/prometheus";
    private readonly Process _process;
    private readonly string _dir;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public static async Task<PrometheusServer> StartAsync(string target, bool nativeHistograms)
    {
        Assert.True(File.Exists(Binary), "prometheus is missing: install the Debian package `prometheus` (.ci/run does)");
        var dir = Directory.CreateTempSubdirectory("minicollector-prometheus-").FullName;
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: minicollector
                honor_labels: true
                static_configs:
                  - targets: ['{target}']
            """);
        int port = FreePort();
        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        info.ArgumentList.Add("--config.file=" + config);
        info.ArgumentList.Add("--storage.tsdb.path=" + Path.Combine(dir, "data"));
        info.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        if (nativeHistograms)
        {
            info.ArgumentList.Add("--enable-feature=native-histograms");
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, dir, port);
        await server.WaitReadyAsync();
        return server;
    }

    /// <summary>Runs an instant query until it returns at least one series (bounded), and returns the result array.</summary>
    public async Task<JsonElement> QueryUntilAsync(string promql, Func<JsonElement, bool>? accept = null, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            var json = await _http.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(promql));
            using var doc = JsonDocument.Parse(json);
            last = doc.RootElement.GetProperty("data").GetProperty("result").Clone();
            if (last.GetArrayLength() > 0 && (accept is null || accept(last)))
            {
                return last;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"query {promql} returned nothing acceptable; last result: {last}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        _http.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var response = await _http.GetAsync("/-/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException("prometheus exited during start-up");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("prometheus did not become ready");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
