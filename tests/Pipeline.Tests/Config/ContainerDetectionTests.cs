using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Tests.Config;

/// <summary>Each usual sign of a container is enough; none means a host.</summary>
public sealed class ContainerDetectionTests
{
    [Theory]
    [InlineData("/.dockerenv", null, null, true)]
    [InlineData("/run/.containerenv", null, null, true)]
    [InlineData(null, "podman", null, true)]
    [InlineData(null, null, "0::/kubepods/besteffort/pod1/abc\n", true)]
    [InlineData(null, null, "12:pids:/docker/0123abcd\n", true)]
    [InlineData(null, null, "0::/init.scope\n", false)]
    [InlineData(null, null, null, false)]
    public void Detects_a_container_by_file_variable_or_cgroup(string? file, string? variable, string? cgroup, bool expected)
    {
        var detection = new ContainerDetection(
            path => path == file,
            name => name == "container" ? variable : null,
            path => path == "/proc/1/cgroup" ? cgroup : null);

        Assert.Equal(expected, detection.IsContainer());
    }
}
