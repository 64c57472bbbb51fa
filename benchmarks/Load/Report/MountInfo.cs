namespace MiniCollector.Benchmarks.Load.Report;

/// <summary>Which file system a path lives on (from /proc/self/mounts): fsync costs differ by orders of magnitude.</summary>
public static class MountInfo
{
    /// <summary>E.g. <c>ext4 on /dev/vda (mounted at /)</c>; <c>unknown file system</c> when /proc cannot tell.</summary>
    public static string Describe(string path)
    {
        var full = Path.GetFullPath(path);
        string? best = null;
        string[]? bestFields = null;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/mounts"))
            {
                // device mountpoint type options dump pass; spaces in mount points are written as \040.
                var fields = line.Split(' ');
                if (fields.Length < 3)
                {
                    continue;
                }

                var mountPoint = fields[1].Replace("\\040", " ", StringComparison.Ordinal);
                bool contains = mountPoint == "/" || full == mountPoint || full.StartsWith(mountPoint + "/", StringComparison.Ordinal);
                if (contains && (best is null || mountPoint.Length >= best.Length))
                {
                    best = mountPoint;
                    bestFields = fields;
                }
            }
        }
        catch (IOException)
        {
        }

        return bestFields is null ? "unknown file system" : $"{bestFields[2]} on {bestFields[0]} (mounted at {best})";
    }
}
