namespace MiniCollector.Pipeline.Service;

/// <summary>
/// What runs: the command, its version and how it was compiled. One value serves <c>--version</c>, the start log
/// line and the zpages service view (the reference's servicez), so they never disagree.
/// </summary>
/// <param name="Command">The executable's name.</param>
/// <param name="Version">The product version (without the source revision).</param>
/// <param name="Runtime"><c>NativeAOT</c> (what ships) or <c>JIT</c> (<c>dotnet run</c>, tests).</param>
public sealed record BuildInfo(string Command, string Version, string Runtime)
{
    /// <summary>Used where no build is known (a graph built by a unit test).</summary>
    public static BuildInfo Unknown { get; } = new("minicollector", "unknown", "unknown");
}
