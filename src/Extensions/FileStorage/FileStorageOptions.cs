using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// Options of the <c>file_storage</c> extension, with the reference extension's keys and defaults. The
/// <see cref="Compaction"/> keys are accepted and validated but have no effect (see <see cref="FileStorageCompactionOptions"/>).
/// </summary>
public sealed record FileStorageOptions
{
    /// <summary>The reference's default, <c>/var/lib/otelcol/file_storage</c> (<c>%ProgramData%\Otelcol\FileStorage</c> on Windows).</summary>
    public static string DefaultDirectory { get; } = OperatingSystem.IsWindows()
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "Otelcol", "FileStorage")
        : "/var/lib/otelcol/file_storage";

    /// <summary>Where each component's queue gets its own subdirectory.</summary>
    public string Directory { get; init; } = DefaultDirectory;

    /// <summary>Create <see cref="Directory"/> (and its parents) at start; otherwise it must exist.</summary>
    public bool CreateDirectory { get; init; }

    /// <summary>Permissions of directories created here (from <c>directory_permissions</c>, octal, default <c>0750</c>).</summary>
    public UnixFileMode DirectoryPermissions { get; init; } = (UnixFileMode)0b111_101_000;

    /// <summary>How long to wait for another process's lock on a queue before failing.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether an append waits for fsync (survives power loss), not only for the write (survives a crash).</summary>
    public bool Fsync { get; init; }

    /// <summary>Accepted for compatibility; no effect.</summary>
    public FileStorageCompactionOptions Compaction { get; init; } = new();

    /// <summary>Binds <c>extensions::file_storage</c>, reporting every problem.</summary>
    public static FileStorageOptions Bind(ConfigSection section)
    {
        var d = new FileStorageOptions();
        var directory = section.String("directory", d.Directory);
        bool createDirectory = section.Bool("create_directory", d.CreateDirectory);
        var permissionsText = section.StringOrNull("directory_permissions");
        var options = new FileStorageOptions
        {
            Directory = directory,
            CreateDirectory = createDirectory,
            Timeout = section.Duration("timeout", d.Timeout),
            Fsync = section.Bool("fsync", d.Fsync),
            Compaction = FileStorageCompactionOptions.Bind(section.Section("compaction")),
        };
        section.ReportUnknownKeys();

        if (directory.Length == 0)
        {
            section.Invalid("directory", "directory must not be empty (it defaults to " + DefaultDirectory + ")");
        }

        // As in the reference, the permissions are only read (and checked) when the directory is to be created.
        var permissions = d.DirectoryPermissions;
        if (createDirectory && permissionsText is not null && !TryParsePermissions(permissionsText, out permissions, out var error))
        {
            section.Invalid("directory_permissions", error);
            permissions = d.DirectoryPermissions;
        }

        return options with { DirectoryPermissions = permissions };
    }

    /// <summary>Parses octal permissions such as <c>0750</c>; only the permission bits (<c>0777</c>) are allowed.</summary>
    internal static bool TryParsePermissions(string text, out UnixFileMode permissions, out string error)
    {
        permissions = default;
        error = string.Empty;
        int value = 0;
        foreach (char c in text)
        {
            if (c is < '0' or > '7' || value > 0xFFFF)
            {
                error = $"directory_permissions value must be a valid octal representation, found \"{text}\"";
                return false;
            }

            value = (value * 8) + (c - '0');
        }

        if (text.Length == 0)
        {
            error = "directory_permissions value must be a valid octal representation, found an empty value";
            return false;
        }

        if ((value & ~0x1FF) != 0)
        {
            error = $"directory_permissions contains invalid bits for file access: {text} (only 0 to 0777)";
            return false;
        }

        permissions = (UnixFileMode)value;
        return true;
    }

    /// <summary>The permissions as octal text, as written in configs.</summary>
    internal static string FormatPermissions(UnixFileMode permissions) => "0" + Convert.ToString((int)permissions, 8).PadLeft(3, '0');
}
