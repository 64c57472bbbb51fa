namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>How the collector under test runs.</summary>
public enum CollectorKind
{
    /// <summary>A NativeAOT native executable: no runtime host, no JIT.</summary>
    NativeAot,

    /// <summary><c>minicollector.dll</c> started with <c>dotnet</c>: the shared runtime and the JIT.</summary>
    JitDll,

    /// <summary>An executable that hosts the .NET runtime (apphost or single-file bundle): JIT as well.</summary>
    JitExecutable,
}

/// <summary>The collector a run measures: where it is, what kind of build it is, and where it came from.</summary>
/// <param name="Path">The file started (a <c>.dll</c> runs under <c>dotnet</c>).</param>
/// <param name="Kind">NativeAOT or JIT.</param>
/// <param name="SizeBytes">The size of <paramref name="Path"/>.</param>
/// <param name="SizeText">What it takes on disk, in words: for a <c>.dll</c> its build directory and the shared runtimes too.</param>
/// <param name="Origin">How it was obtained, for the report (e.g. published now, or a cached publish reused).</param>
/// <param name="Commit">The commit it was built from when the benchmark knows it (it published it), else null.</param>
/// <param name="Warning">Something a reader must know (e.g. a build older than its sources), else null.</param>
public sealed record CollectorUnderTest(string Path, CollectorKind Kind, long SizeBytes, string SizeText, string Origin, string? Commit, string? Warning)
{
    /// <summary>The kind in words, for the report header.</summary>
    public string KindText => Kind switch
    {
        CollectorKind.NativeAot => "NativeAOT native executable",
        CollectorKind.JitDll => "JIT: .dll run by `dotnet` on the shared runtime",
        _ => "JIT: executable hosting the .NET runtime (apphost or single-file bundle)",
    };

    /// <summary>Short kind, for table columns.</summary>
    public string ShortKind => Kind == CollectorKind.NativeAot ? "NativeAOT" : "JIT";

    /// <summary>
    /// Tells the kind of <paramref name="path"/>: a <c>.dll</c> is JIT; an executable that names <c>libhostfxr.so</c>
    /// (every apphost and single-file bundle does, to find or carry the runtime) is JIT as well; any other
    /// executable is taken as NativeAOT.
    /// </summary>
    public static CollectorKind KindOf(string path)
    {
        if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return CollectorKind.JitDll;
        }

        return Contains(path, "libhostfxr.so"u8) ? CollectorKind.JitExecutable : CollectorKind.NativeAot;
    }

    private static bool Contains(string path, ReadOnlySpan<byte> needle)
    {
        using var file = File.OpenRead(path);
        var buffer = new byte[1 << 20];
        int kept = 0;
        int read;
        while ((read = file.Read(buffer, kept, buffer.Length - kept)) > 0)
        {
            int filled = kept + read;
            if (buffer.AsSpan(0, filled).IndexOf(needle) >= 0)
            {
                return true;
            }

            // Keep the tail so a match across two reads is found.
            kept = Math.Min(needle.Length - 1, filled);
            Array.Copy(buffer, filled - kept, buffer, 0, kept);
        }

        return false;
    }
}
