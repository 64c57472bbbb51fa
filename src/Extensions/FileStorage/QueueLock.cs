using Microsoft.Win32.SafeHandles;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.FileStorage;

/// <summary>
/// Keeps one process at a time in a queue directory: an exclusive lock on its <c>lock</c> file (an advisory
/// <c>flock</c> on Unix), held while the queue is open. The file itself is never removed, so there is nothing to race on.
/// </summary>
internal sealed class QueueLock : IDisposable
{
    public const string FileName = "lock";

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(25);

    private readonly SafeFileHandle _handle;

    private QueueLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>
    /// Takes the lock, retrying while another holder has it for up to <paramref name="timeout"/> (the reference's
    /// <c>timeout</c>) on <paramref name="time"/>; then throws <see cref="ComponentStartException"/> naming the directory.
    /// </summary>
    public static QueueLock Acquire(string directory, TimeSpan timeout, TimeProvider time)
    {
        var path = Path.Combine(directory, FileName);
        var started = time.GetTimestamp();
        while (true)
        {
            try
            {
                return new QueueLock(QueueFiles.Open(path, FileMode.OpenOrCreate, FileShare.None));
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new ComponentStartException($"cannot open the queue directory {directory}: {ex.Message}", ex);
            }
            catch (IOException) when (time.GetElapsedTime(started) < timeout)
            {
                // Held by another process (or, briefly, by a collector still shutting down): wait as the reference does.
                // The timeout is the component's clock's; the pause between tries polls the other process, so it is real.
                Thread.Sleep(RetryInterval);
            }
            catch (IOException ex)
            {
                throw new ComponentStartException(
                    $"cannot lock the queue directory {directory} within {GoDuration.Format(timeout)}: another collector is using it " +
                    $"(two collectors must not share a file_storage directory; give each its own, or raise timeout) ({ex.Message})",
                    ex);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}
