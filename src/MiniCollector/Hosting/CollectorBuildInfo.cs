using System.Reflection;
using System.Runtime.CompilerServices;
using MiniCollector.Pipeline.Service;

namespace MiniCollector.Hosting;

/// <summary>This executable's <see cref="BuildInfo"/>: <c>--version</c>, the start log line and zpages all read it.</summary>
public static class CollectorBuildInfo
{
    /// <summary>The executable's name, version and runtime.</summary>
    public static BuildInfo Current { get; } = new("minicollector", Version(), RuntimeKind());

    // The informational version carries "+<commit>" when built from git; the product version is what precedes it.
    private static string Version() =>
        typeof(CollectorBuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    // Compiled ahead of time (what ships), or on the JIT (dotnet run, tests).
    private static string RuntimeKind() => RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "NativeAOT";
}
