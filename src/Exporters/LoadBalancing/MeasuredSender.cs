using MiniCollector.Exporters.Sending;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>A backend's protocol client, timing each attempt and counting its outcome for the endpoint.</summary>
internal sealed class MeasuredSender(IRequestSender inner, BackendStats stats, TimeProvider time) : IRequestSender, IDisposable
{
    /// <inheritdoc />
    public async Task<ExportAttempt> SendAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        long started = time.GetTimestamp();
        var attempt = await inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
        stats.Record(attempt.Outcome == ExportAttemptOutcome.Success, time.GetElapsedTime(started));
        return attempt;
    }

    /// <inheritdoc />
    public void Dispose() => (inner as IDisposable)?.Dispose();
}
