using System.Globalization;
using System.Runtime;

namespace MiniCollector.Hosting;

/// <summary>
/// The garbage collector settings this process runs with, as the runtime resolved them (the shipped defaults from
/// the project file, or what <c>DOTNET_GC*</c> variables override), so an operator sees what governs its memory.
/// </summary>
internal static class GcSettings
{
    /// <summary>For example "workstation, non-concurrent, gen0 budget ≤ 8 MiB".</summary>
    public static string Describe()
    {
        var variables = GC.GetConfigurationVariables();
        var kind = GCSettings.IsServerGC ? "server" : "workstation";
        var concurrent = variables.TryGetValue("ConcurrentGC", out var c) && c is true ? "concurrent" : "non-concurrent";
        long gen0 = Number(variables, "GCGen0MaxBudget");
        long hardLimit = Number(variables, "GCHeapHardLimit");
        long conserve = Number(variables, "GCConserveMem");
        return $"{kind}, {concurrent}, "
            + (gen0 > 0 ? $"gen0 budget ≤ {Mib(gen0)}" : "gen0 budget sized by the runtime")
            + (hardLimit > 0 ? $", heap hard limit {Mib(hardLimit)}" : string.Empty)
            + (conserve > 0 ? $", conserve memory {conserve}" : string.Empty);
    }

    private static long Number(IReadOnlyDictionary<string, object> variables, string key)
        => variables.TryGetValue(key, out var value) && value is IConvertible ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;

    private static string Mib(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes >> 20} MiB" : $"{bytes / (1024.0 * 1024):F1} MiB";
}
