using System.Globalization;
using MiniCollector.Benchmarks.Load.Collector;
using MiniCollector.Benchmarks.Load.Measurement;

namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>
/// Cross-checks the collector's own counters after a scenario, so a run that "went fast" by refusing or losing
/// data says so in the report.
/// </summary>
public static class TelemetryChecks
{
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(10);

    /// <summary>Notes receiver refusals and failures of one signal (<c>spans</c>, <c>metric_points</c>).</summary>
    public static async Task NoteReceiverAsync(ScenarioContext context, string scenario, ServicePorts service, string items, CancellationToken cancellationToken)
    {
        var totals = await TryReadAsync(context, scenario, service, cancellationToken).ConfigureAwait(false);
        if (totals is null)
        {
            return;
        }

        double accepted = totals.GetValueOrDefault("otelcol_receiver_accepted_" + items);
        double refused = totals.GetValueOrDefault("otelcol_receiver_refused_" + items);
        double failed = totals.GetValueOrDefault("otelcol_receiver_failed_" + items);
        context.Report($"  {scenario}: receiver accepted {Format(accepted)}, refused {Format(refused)}, failed {Format(failed)} {items}");
        if (accepted == 0 || refused > 0 || failed > 0)
        {
            context.Results.Notes.Add($"{scenario}: the collector's receiver counted {Format(accepted)} accepted, {Format(refused)} refused, {Format(failed)} failed {items}");
        }
    }

    /// <summary>
    /// Waits (up to <see cref="DrainWait"/>) until the exporters have taken in every <paramref name="items"/> (e.g.
    /// <c>metric_points</c>) the receiver accepted: a receiver answers once the data is buffered, so after the last
    /// answer the pipeline may still be working, and a measurement that must see all of it, or none of its cost, waits
    /// for this. Notes it when the wait runs out.
    /// </summary>
    public static async Task WaitExportedAsync(ScenarioContext context, string scenario, ServicePorts service, string items, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + DrainWait;
        while (true)
        {
            var totals = await TryReadAsync(context, scenario, service, cancellationToken).ConfigureAwait(false);
            if (totals is null)
            {
                return;
            }

            double accepted = totals.GetValueOrDefault("otelcol_receiver_accepted_" + items);
            double done = totals.GetValueOrDefault("otelcol_exporter_sent_" + items) + totals.GetValueOrDefault("otelcol_exporter_send_failed_" + items);
            if (done >= accepted)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                context.Results.Notes.Add($"{scenario}: {DrainWait.TotalSeconds:0} s after the last push the exporter had taken in {Format(done)} of the {Format(accepted)} {items} accepted; measured anyway");
                return;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After a forwarding scenario: waits (up to <see cref="DrainWait"/>) until the exporter queue is empty and
    /// everything the upstream accepted was sent or given up on, then compares what the upstream sent with what the
    /// downstream accepted.
    /// </summary>
    public static Task NoteForwardingAsync(ScenarioContext context, string scenario, ServicePorts upstream, ServicePorts downstream, CancellationToken cancellationToken) =>
        NoteForwardingAsync(context, scenario, upstream, [downstream], cancellationToken);

    /// <summary>
    /// As above with several downstreams (a load-balancing scenario): what they accepted is summed, and how it spread
    /// over them is reported.
    /// </summary>
    public static async Task NoteForwardingAsync(ScenarioContext context, string scenario, ServicePorts upstream, IReadOnlyList<ServicePorts> downstreams, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var deadline = started + DrainWait;
        IReadOnlyDictionary<string, double>? sent;
        while (true)
        {
            sent = await TryReadAsync(context, scenario, upstream, cancellationToken).ConfigureAwait(false);
            if (sent is null || Drained(sent) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        var arrivedEach = new List<double>(downstreams.Count);
        for (int i = 0; i < downstreams.Count; i++)
        {
            var sink = downstreams.Count == 1 ? scenario + "-sink" : $"{scenario}-sink-{i + 1}";
            var received = await TryReadAsync(context, sink, downstreams[i], cancellationToken).ConfigureAwait(false);
            if (received is null)
            {
                return;
            }

            arrivedEach.Add(received.GetValueOrDefault("otelcol_receiver_accepted_spans"));
        }

        if (sent is null)
        {
            return;
        }

        double accepted = sent.GetValueOrDefault("otelcol_receiver_accepted_spans");
        double exported = sent.GetValueOrDefault("otelcol_exporter_sent_spans");
        double sendFailed = sent.GetValueOrDefault("otelcol_exporter_send_failed_spans");
        double enqueueFailed = sent.GetValueOrDefault("otelcol_exporter_enqueue_failed_spans");
        double queued = sent.GetValueOrDefault("otelcol_exporter_queue_size");
        double arrived = arrivedEach.Sum();
        var waited = (DateTime.UtcNow - started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var spread = arrivedEach.Count == 1 ? "the downstream accepted" : $"the {arrivedEach.Count} downstreams accepted {string.Join(" + ", arrivedEach.Select(Format))} =";
        var line = $"upstream accepted {Format(accepted)} spans, exported {Format(exported)} (send failed {Format(sendFailed)}, enqueue failed {Format(enqueueFailed)}, still queued {Format(queued)}); {spread} {Format(arrived)}; read {waited} s after the load stopped";
        context.Report($"  {scenario}: {line}");
        if (arrived != exported || accepted != exported || sendFailed > 0 || enqueueFailed > 0 || arrivedEach.Count > 1)
        {
            // With several downstreams the line is always kept: how the spans spread over them is a result too.
            context.Results.Notes.Add($"{scenario}: {line}");
        }
    }

    // The queue-size gauge alone is not enough: a request a consumer has taken off the queue and is still sending is
    // no longer counted in it.
    private static bool Drained(IReadOnlyDictionary<string, double> sent) =>
        sent.GetValueOrDefault("otelcol_exporter_queue_size") == 0
        && sent.GetValueOrDefault("otelcol_exporter_sent_spans") + sent.GetValueOrDefault("otelcol_exporter_send_failed_spans") >= sent.GetValueOrDefault("otelcol_receiver_accepted_spans");

    private static async Task<IReadOnlyDictionary<string, double>?> TryReadAsync(ScenarioContext context, string scenario, ServicePorts service, CancellationToken cancellationToken)
    {
        try
        {
            return await SelfTelemetry.ReadAsync(service.TelemetryUri, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            context.Results.Notes.Add($"{scenario}: could not read the collector's self-telemetry: {ex.Message}");
            return null;
        }
    }

    private static string Format(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
