using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Exporters.Sending;

/// <summary>
/// <c>retry_on_failure</c> around one protocol client: retryable failures are tried again with exponential backoff
/// and jitter (a server's RetryInfo / Retry-After is a minimum) until <c>max_elapsed_time</c>; what is finally
/// delivered or given up on is counted.
/// </summary>
internal sealed class RetryingSender(ComponentContext context, RetryOptions retry, IRequestSender sender, SenderCounters counters, TimeProvider time)
{
    /// <summary>
    /// Sends until delivered, refused for good, or out of retries; the answer says which. When <paramref name="withdraw"/>
    /// fires it stops before the next retry (throwing <see cref="OperationCanceledException"/>), never during an attempt.
    /// </summary>
    public async Task<ConsumeResult> SendAsync(TelemetryRequest request, CancellationToken cancellationToken, CancellationToken withdraw = default)
    {
        var started = time.GetTimestamp();
        var interval = retry.InitialInterval;
        while (true)
        {
            var attempt = await sender.SendAsync(request, cancellationToken).ConfigureAwait(false);
            switch (attempt.Outcome)
            {
                case ExportAttemptOutcome.Success:
                    // A server cannot reject more items than it was sent (nor fewer than none).
                    long rejected = Math.Clamp(attempt.Rejected, 0, request.ItemCount);
                    counters.Sent.Add(request.Signal, request.ItemCount - rejected);
                    if (rejected > 0)
                    {
                        counters.SendFailed.Add(request.Signal, DropReason.PartialSuccess, rejected);
                        context.Logger.LogWarning("Partial success response: {Rejected} {Noun} rejected by the destination: {Message}", rejected, request.Signal.ItemNoun(), attempt.Message);
                        return ConsumeResult.Partial(rejected, attempt.Message ?? "rejected by the destination");
                    }

                    return ConsumeResult.Success;
                case ExportAttemptOutcome.Permanent:
                    counters.SendFailed.Add(request.Signal, DropReason.DownstreamRejected, request.ItemCount);
                    context.Logger.LogError("Exporting failed. Dropping data: {Message} (permanent error, {Items} {Noun})", attempt.Message, request.ItemCount, request.Signal.ItemNoun());
                    return ConsumeResult.Fail($"exporter {context.Id}: {attempt.Message}", DropReason.DownstreamRejected);
            }

            // The server's delay is a minimum: a zero or past Retry-After must not turn the backoff off.
            var backoff = Jitter(interval);
            var wait = attempt.RetryAfter is { } after && after > backoff ? after : backoff;
            var elapsed = time.GetElapsedTime(started);
            if (!retry.Enabled || (retry.MaxElapsedTime > TimeSpan.Zero && elapsed + wait > retry.MaxElapsedTime))
            {
                counters.SendFailed.Add(request.Signal, DropReason.RetriesExhausted, request.ItemCount);
                var why = retry.Enabled ? $"no more retries left after {elapsed.TotalSeconds:0.#}s" : "retry_on_failure is disabled";
                context.Logger.LogError("Exporting failed. Dropping data: {Message} ({Why}, {Items} {Noun})", attempt.Message, why, request.ItemCount, request.Signal.ItemNoun());
                return ConsumeResult.Refuse($"exporter {context.Id}: {attempt.Message}", reason: DropReason.RetriesExhausted);
            }

            withdraw.ThrowIfCancellationRequested();
            context.Logger.LogInformation("Exporting failed, will retry in {Delay}: {Message}", wait, attempt.Message);
            if (withdraw.CanBeCanceled)
            {
                using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, withdraw);
                await Task.Delay(wait, time, either.Token).ConfigureAwait(false);
            }
            else
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            interval = TimeSpan.FromTicks(Math.Min((long)(interval.Ticks * retry.Multiplier), retry.MaxInterval.Ticks));
        }
    }

    // Randomised around the interval by ±randomization_factor, as the reference's backoff does.
    private TimeSpan Jitter(TimeSpan interval)
    {
        var delta = retry.RandomizationFactor * interval.Ticks;
        var low = interval.Ticks - delta;
        return TimeSpan.FromTicks((long)(low + (Random.Shared.NextDouble() * ((2 * delta) + 1))));
    }
}
