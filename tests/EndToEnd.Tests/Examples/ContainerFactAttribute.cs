using Xunit.Sdk;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// A fact that exists only in the run that asks for the container: <c>MINICOLLECTOR_CONTAINER_ACCEPTANCE=1</c>, set by
/// .ci/run's container step. The container needs root and a Docker engine the run installs and starts, so, like the
/// script it drives, it is CI's own step and not part of the README's <c>dotnet test</c>; it is not discovered
/// elsewhere (not a skip: where it is asked for and the engine cannot be had, it fails and says why).
/// </summary>
[XunitTestCaseDiscoverer("MiniCollector.EndToEnd.Tests.Examples.ContainerFactDiscoverer", "MiniCollector.EndToEnd.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ContainerFactAttribute : FactAttribute
{
    /// <summary>The environment variable that asks for the container tests.</summary>
    public const string Variable = "MINICOLLECTOR_CONTAINER_ACCEPTANCE";

    /// <summary>Whether this run asked for the container tests.</summary>
    public static bool Asked => Environment.GetEnvironmentVariable(Variable) == "1";
}
