namespace MiniCollector.CommandLine;

/// <summary>
/// <c>minicollector healthcheck</c>: asks a running collector's <c>health_check</c> extension on 127.0.0.1 and exits 0
/// only on 200. The container image's HEALTHCHECK runs it, because the chiseled base has no shell, curl or wget.
/// </summary>
public static class HealthProbe
{
    /// <summary>The port asked when <see cref="PortVariable"/> is not set: the extension's default, and the image config's.</summary>
    public const int DefaultPort = 13133;

    /// <summary>Environment variable with the port to ask.</summary>
    public const string PortVariable = "MINICOLLECTOR_HEALTH_PORT";

    /// <summary>Environment variable with the path to ask (default <c>/</c>).</summary>
    public const string PathVariable = "MINICOLLECTOR_HEALTH_PATH";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Asks once; returns the exit code (0 healthy, 1 not) and writes the reason for 1 to stderr.</summary>
    public static async Task<int> RunAsync()
    {
        var port = Environment.GetEnvironmentVariable(PortVariable) is { Length: > 0 } p ? p : DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } q ? q : "/";
        if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            await Console.Error.WriteLineAsync($"minicollector healthcheck: {PortVariable}=\"{port}\" is not a port number");
            return 1;
        }

        var url = $"http://127.0.0.1:{number}{(path.StartsWith('/') ? path : "/" + path)}";
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);

            // 503 while starting and from the start of a shutdown: only 200 is healthy.
            if ((int)response.StatusCode == 200)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"minicollector healthcheck: {url} answered {(int)response.StatusCode}");
            return 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"minicollector healthcheck: {url}: {ex.Message}");
            return 1;
        }
    }
}
