using Microsoft.Win32.SafeHandles;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>Opens the files of a queue directory; files it creates are readable by their owner only, as the reference's are.</summary>
internal static class QueueFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Opens a file for reading and writing, creating it when <paramref name="mode"/> allows.</summary>
    public static SafeFileHandle Open(string path, FileMode mode, FileShare share)
    {
        bool mayCreate = mode is FileMode.CreateNew or FileMode.Create or FileMode.OpenOrCreate;
        bool existed = mayCreate && mode != FileMode.CreateNew && File.Exists(path);
        var handle = File.OpenHandle(path, mode, FileAccess.ReadWrite, share);
        if (mayCreate && !existed && !OperatingSystem.IsWindows())
        {
            try
            {
                File.SetUnixFileMode(handle, OwnerOnly);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }

        return handle;
    }
}
