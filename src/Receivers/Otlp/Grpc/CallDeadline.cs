using System.Diagnostics;
using MiniCollector.Pipeline.Otlp;

namespace MiniCollector.Receivers.Otlp.Grpc;

/// <summary>
/// A call's <c>grpc-timeout</c>, fixed when the call arrives: a token that fires at the deadline (or at once when
/// it has already passed), and an exact expiry check that does not wait for the timer to run.
/// </summary>
internal sealed class CallDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly long _expiresAt;

    private CallDeadline(TimeSpan timeout, CancellationToken aborted)
    {
        _expiresAt = Stopwatch.GetTimestamp() + (long)Math.Min(timeout.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 2);
        _source = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        if (timeout <= TimeSpan.Zero)
        {
            _source.Cancel();
        }
        else
        {
            _source.CancelAfter(timeout);
        }
    }

    /// <summary>Fires at the deadline or when the client goes away.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>True once the deadline has passed, whether or not the timer has fired yet.</summary>
    public bool Expired => _source.IsCancellationRequested || Stopwatch.GetTimestamp() >= _expiresAt;

    /// <summary>Reads <c>grpc-timeout</c>: null without one; <paramref name="malformed"/> set when it cannot be parsed.</summary>
    public static CallDeadline? FromHeader(string header, CancellationToken aborted, out string? malformed)
    {
        malformed = null;
        if (header.Length == 0)
        {
            return null;
        }

        if (!GrpcTimeout.TryParse(header, out var timeout))
        {
            malformed = header;
            return null;
        }

        return new CallDeadline(timeout, aborted);
    }

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();
}
