using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace MiniCollector.Tests.Support;

/// <summary>
/// A real Prometheus server (Debian package <c>prometheus</c>) run for one test: scrapes the given jobs every second
/// into a temporary TSDB and answers API queries. Disposing stops the process it started and removes the TSDB.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, Uri api)
    {
        _process = process;
        _directory = directory;
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The last lines Prometheus logged, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                var text = _log.ToString();
                return text.Length > 4000 ? text[^4000..] : text;
            }
        }
    }

    /// <summary>Starts Prometheus scraping each (job, target host:port, metrics path) every second.</summary>
    /// <remarks>With <paramref name="honorLabels"/>, a scraped <c>job</c>/<c>instance</c> label wins over the job name, as collectors' users configure it.</remarks>
    public static PrometheusServer Start(IEnumerable<(string Job, string Target, string Path)> jobs, bool honorLabels, params string[] features)
    {
        var binary = Find();
        var directory = Directory.CreateTempSubdirectory("minicollector-prometheus-").FullName;
        var config = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n");
        foreach (var (job, target, path) in jobs)
        {
            config.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"  - job_name: {job}\n    metrics_path: {path}\n    honor_labels: {(honorLabels ? "true" : "false")}\n    static_configs:\n      - targets: ['{target}']\n");
        }

        var configPath = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(configPath, config.ToString());

        var port = FreePort();
        var arguments = new List<string>
        {
            "--config.file=" + configPath,
            "--storage.tsdb.path=" + Path.Combine(directory, "data"),
            "--web.listen-address=127.0.0.1:" + port,
        };
        if (features.Length > 0)
        {
            arguments.Add("--enable-feature=" + string.Join(',', features));
        }

        var start = new ProcessStartInfo(binary, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>
    /// Waits until every job's target has been scraped successfully; fails with Prometheus's own error as soon as a
    /// target is reported down.
    /// </summary>
    public async Task WaitForHealthyTargetsAsync(int expectedTargets)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"prometheus exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var targets = await GetJsonAsync("api/v1/targets");
                var active = targets.RootElement.GetProperty("data").GetProperty("activeTargets");
                var up = 0;
                foreach (var target in active.EnumerateArray())
                {
                    var health = target.GetProperty("health").GetString();
                    var error = target.GetProperty("lastError").GetString();
                    if (health == "down")
                    {
                        Assert.Fail($"Prometheus could not ingest job {target.GetProperty("labels").GetProperty("job")}: {error}");
                    }

                    up += health == "up" ? 1 : 0;
                }

                if (up == expectedTargets)
                {
                    return;
                }

                last = active.ToString();
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Prometheus targets were not all up within two minutes: {last}\n{Log}");
    }

    /// <summary>Runs an instant PromQL query and returns its result array.</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        using var document = await GetJsonAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        return document.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    /// <summary>Repeats an instant query (bounded) until it returns at least one series, and returns the result array.</summary>
    public async Task<JsonElement> QueryUntilAsync(string promql)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement result;
        do
        {
            result = await QueryAsync(promql);
            if (result.GetArrayLength() > 0)
            {
                return result;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"query {promql} returned nothing within 30 s\n{Log}");
        return result;
    }

    /// <summary>Returns the exemplars stored for a selector.</summary>
    public async Task<JsonElement> QueryExemplarsAsync(string promql)
    {
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60;
        using var document = await GetJsonAsync($"api/v1/query_exemplars?query={Uri.EscapeDataString(promql)}&start=0&end={end}");
        return document.RootElement.GetProperty("data").Clone();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
            if (_log.Length > 64_000)
            {
                _log.Remove(0, _log.Length - 16_000);
            }
        }
    }

    private static string Find()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin"))
        {
            var candidate = Path.Combine(directory, "prometheus");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail(
            "The prometheus server was not found on PATH or in /usr/bin. The exposition tests scrape with a real Prometheus: "
            + "install the Debian `prometheus` package (apt-get install -y prometheus).");
        return "";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
