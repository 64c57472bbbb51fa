namespace MiniCollector.Extensions.ZPages;

/// <summary>
/// The reference collector's zpages addresses and the view of this page that shows the same information, so that
/// bookmarks and runbooks written for the reference land in the right place (answered with a redirect).
/// </summary>
internal static class ReferencePaths
{
    private static readonly Dictionary<string, string> Views = new(StringComparer.Ordinal)
    {
        ["/debug/servicez"] = "/#/service",
        ["/debug/pipelinez"] = "/#/pipelines",
        ["/debug/extensionz"] = "/#/service",
        ["/debug/featurez"] = "/#/service",
        ["/debug/tracez"] = "/#/traces",
    };

    /// <summary>Where a reference path is shown here, or null when it is not one of them.</summary>
    public static string? ViewOf(string path) => Views.GetValueOrDefault(path.TrimEnd('/'));
}
