using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Sending;

/// <summary>
/// A request a sending queue handed back undelivered (<see cref="QueuedRetrySender.WithdrawAsync"/>), and how to answer
/// the callers still waiting for it (<c>wait_for_result</c>) once it was sent elsewhere; a no-op when none waits.
/// </summary>
public sealed record UnsentRequest(TelemetryRequest Request, Action<ConsumeResult> Answer);
