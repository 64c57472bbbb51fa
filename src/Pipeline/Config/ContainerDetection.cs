namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Whether this process runs in a container, detected the usual ways: <c>/.dockerenv</c> (Docker),
/// <c>/run/.containerenv</c> (Podman), the <c>container</c> variable (systemd-nspawn, Podman, LXC) and container
/// runtimes named in <c>/proc/1/cgroup</c>. In a container binding 0.0.0.0 is what users need; on a host it exposes
/// the port to the network, so validate warns there only. The probes are injectable so tests choose the answer.
/// </summary>
public sealed record ContainerDetection(Func<string, bool> FileExists, Func<string, string?> Variable, Func<string, string?> ReadFile)
{
    private static readonly string[] CgroupMarkers = ["docker", "kubepods", "containerd", "libpod", "lxc", "crio"];

    /// <summary>Probes the real machine.</summary>
    public static ContainerDetection System { get; } = new(File.Exists, Environment.GetEnvironmentVariable, ReadOrNull);

    /// <summary>Always answers the given value (tests).</summary>
    public static ContainerDetection Fixed(bool inContainer) => new(_ => false, name => inContainer && name == "container" ? "test" : null, _ => null);

    /// <summary>True when any of the usual signs of a container is present.</summary>
    public bool IsContainer()
    {
        if (FileExists("/.dockerenv") || FileExists("/run/.containerenv") || !string.IsNullOrEmpty(Variable("container")))
        {
            return true;
        }

        var cgroup = ReadFile("/proc/1/cgroup");
        return cgroup is not null && CgroupMarkers.Any(m => cgroup.Contains(m, StringComparison.Ordinal));
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
