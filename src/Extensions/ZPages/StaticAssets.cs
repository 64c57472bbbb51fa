namespace MiniCollector.Extensions.ZPages;

/// <summary>
/// The page's files, embedded in the executable as resources (no CDN, nothing on disk), read once on first use.
/// </summary>
internal static class StaticAssets
{
    private static readonly Lazy<Dictionary<string, Asset>> Assets = new(Load);

    /// <summary>The asset served at a path (<c>/</c> is the page), or null.</summary>
    public static Asset? Find(string path) => Assets.Value.GetValueOrDefault(path == "/" ? "/index.html" : path);

    private static Dictionary<string, Asset> Load()
    {
        var assembly = typeof(StaticAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var (file, type) in new[]
        {
            ("index.html", "text/html; charset=utf-8"),
            ("app.js", "text/javascript; charset=utf-8"),
            ("app.css", "text/css; charset=utf-8"),
        })
        {
            using var stream = assembly.GetManifestResourceStream("zpages/" + file)
                ?? throw new InvalidOperationException($"the zpages asset {file} is not embedded in {assembly.GetName().Name}");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            assets["/" + file] = new Asset(copy.ToArray(), type);
        }

        return assets;
    }

    /// <summary>An embedded file and its content type.</summary>
    internal sealed record Asset(byte[] Content, string ContentType);
}
