using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Ottl;

/// <summary>
/// Applies the error mode to a failing statement or condition: propagate rethrows; ignore logs (one line per ten
/// seconds with a count, so a statement failing on every item does not flood the log); silent says nothing.
/// </summary>
internal sealed class ErrorReporter(OttlErrorMode mode, ILogger? logger)
{
    private readonly LogThrottle _throttle = new(TimeProvider.System, TimeSpan.FromSeconds(10));
    private long _suppressed;

    public OttlErrorMode Mode { get; } = mode;

    /// <summary>Handles one failure of <paramref name="text"/>; returns only when the mode goes on.</summary>
    public void Failed(string text, OttlRuntimeException error)
    {
        if (Mode == OttlErrorMode.Propagate)
        {
            throw new OttlRuntimeException($"failed to run \"{text}\": {error.Message}");
        }

        if (Mode == OttlErrorMode.Silent || logger is null)
        {
            return;
        }

        if (_throttle.Allow())
        {
            long more = Interlocked.Exchange(ref _suppressed, 0);
            logger.LogWarning("OTTL \"{Statement}\" failed and was skipped (error_mode: ignore): {Error}{More}", text, error.Message, more > 0 ? $" ({more} more failures not logged)" : string.Empty);
        }
        else
        {
            Interlocked.Increment(ref _suppressed);
        }
    }
}
