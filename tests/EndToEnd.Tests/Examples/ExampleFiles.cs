using YamlDotNet.RepresentationModel;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// The repository's <c>examples/</c> tree, found from the test's output directory, and every YAML file in it by kind:
/// tests enumerate these so that a new example is covered without being listed anywhere.
/// </summary>
internal static class ExampleFiles
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ExamplesDir => Path.Combine(RepoRoot, "examples");

    public static IEnumerable<string> AllYaml() =>
        Directory.EnumerateFiles(ExamplesDir, "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public static IEnumerable<string> OfKind(ExampleKind kind) => AllYaml().Where(p => KindOf(p) == kind);

    /// <summary>Paths relative to examples/, as xunit theory data (readable test names).</summary>
    public static TheoryData<string> RelativeOfKind(ExampleKind kind)
    {
        var data = new TheoryData<string>();
        foreach (var path in RelativeOf(OfKind(kind)))
        {
            data.Add(path);
        }

        return data;
    }

    /// <summary>Paths relative to examples/.</summary>
    public static IEnumerable<string> RelativeOf(IEnumerable<string> paths) => paths.Select(p => Path.GetRelativePath(ExamplesDir, p));

    public static string Full(string relative) => Path.Combine(ExamplesDir, relative);

    public static ExampleKind KindOf(string path)
    {
        var root = LoadMapping(path);
        bool Has(string key) => root.Children.ContainsKey(new YamlScalarNode(key));

        if (Has("service") && (Has("receivers") || Has("exporters")))
        {
            return ExampleKind.CollectorConfig;
        }

        if (Has("services"))
        {
            return ComposeFile.BaseOf(path) is null ? ExampleKind.Compose : ExampleKind.ComposeOverride;
        }

        if (Has("scrape_configs"))
        {
            return ExampleKind.PrometheusConfig;
        }

        if (Has("apiVersion") && (Has("datasources") || Has("providers")))
        {
            return ExampleKind.GrafanaProvisioning;
        }

        if (Has("apiVersion") && Has("kind"))
        {
            return ExampleKind.Kubernetes;
        }

        return ExampleKind.Unknown;
    }

    /// <summary>The document's top-level mapping (an empty one for an empty file).</summary>
    public static YamlMappingNode LoadMapping(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return stream.Documents.Count == 0 ? new YamlMappingNode() : (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>Every document's top-level mapping (a Kubernetes manifest holds several, separated by <c>---</c>).</summary>
    public static IReadOnlyList<YamlMappingNode> LoadDocuments(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MiniCollector.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("the repository root (MiniCollector.sln) was not found above " + AppContext.BaseDirectory);
    }
}
