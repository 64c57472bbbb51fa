using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using MiniCollector.Exporters.Otlp;
using MiniCollector.Exporters.Sending;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>
/// The <c>loadbalancing</c> exporter: each request is split by its routing key over a consistent-hash ring of backends
/// and each part goes to its backend's own sending queue and retry (an OTLP/gRPC client per backend). The caller's
/// answer combines the parts' answers; a retry re-sends only the part that failed, to its backend. When a backend
/// leaves, what it has not delivered (queued, or waiting for a retry) is routed again by the new ring.
/// </summary>
public sealed class LoadBalancingExporter : ICountingExporter, IHandsOverOnReload
{
    private static readonly TimeSpan FullQueueWait = TimeSpan.FromSeconds(1);

    private readonly ComponentContext _context;
    private readonly LoadBalancingOptions _options;
    private readonly IBackendResolver _resolver;
    private readonly Func<string, IRequestSender> _clients;
    private readonly IRequestRouter[] _routers;
    private readonly SemaphoreSlim _membershipLock = new(1, 1);
    private readonly ConcurrentDictionary<string, BackendStats> _stats = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _rerouting = [];
    private readonly List<UnsentRequest> _parked = [];
    private readonly CancellationTokenSource _stopRerouting = new();
    private volatile Membership _membership = Membership.Empty;
    private volatile bool _stopping;
    private LoadBalancingExporter? _successor;

    /// <summary>Builds the exporter; tests give fake protocol clients and DNS answers.</summary>
    internal LoadBalancingExporter(ComponentContext context, LoadBalancingOptions options, Func<string, IRequestSender>? clients = null, HostLookup? lookup = null)
    {
        _context = context;
        _options = options;
        _clients = clients ?? (endpoint => new OtlpGrpcSender(OtlpGrpcSender.BaseAddress(endpoint, options.Backend.Tls.Insecure), options.Backend, context.Time));
        _resolver = options.Dns is { } dns
            ? new DnsResolver(dns, lookup ?? DnsResolver.System, context.Time, context.Logger)
            : new StaticResolver(options.Static ?? new StaticResolverOptions());
        _routers = new IRequestRouter[SignalKind.All.Count];
        foreach (var kind in SignalKind.All)
        {
            var key = options.KeyFor(kind.Signal);
            _routers[(int)kind.Signal] = kind.Signal switch
            {
                Signal.Traces => new TracesRouter(key, options.RoutingAttributes),
                Signal.Logs => new LogsRouter(key, options.RoutingAttributes),
                _ => new MetricsRouter(key, options.RoutingAttributes),
            };
        }

        RegisterMetrics(context.Meter);
    }

    /// <summary>Items delivered and given up on, over every backend.</summary>
    public SenderCounters Counters { get; } = new();

    /// <summary>The backends' endpoints now, sorted.</summary>
    public IReadOnlyList<string> Endpoints => _membership.Ring.Endpoints;

    /// <summary>Each endpoint's attempts (also of backends that left).</summary>
    public IReadOnlyDictionary<string, BackendStats> EndpointStats => _stats;

    /// <inheritdoc />
    public bool MutatesData => false;

    /// <inheritdoc />
    /// <remarks>
    /// The new build starts after this one stopped (it takes over the id's place in the graph) and holds what it is
    /// handed until then, routing it by its own ring.
    /// </remarks>
    public void SucceededBy(IComponent successor) => _successor = successor as LoadBalancingExporter;

    /// <summary>The dns resolver, when it uses one (tests wait for its resolutions).</summary>
    internal DnsResolver? Dns => _resolver as DnsResolver;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _resolver.StartAsync(ApplyAsync, cancellationToken).ConfigureAwait(false);
        _context.Logger.LogInformation("Load balancing ({Keys}) over {Count} backends ({Resolver} resolver): {Endpoints}", DescribeKeys(), Endpoints.Count, _resolver.Name, string.Join(", ", Endpoints));
    }

    /// <inheritdoc />
    public async ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        if (_stopping)
        {
            return ConsumeResult.Refuse($"exporter {_context.Id} is shutting down", reason: DropReason.Shutdown);
        }

        return await RouteAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ShutdownAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        await _resolver.StopAsync().ConfigureAwait(false);
        var successor = _successor is { _stopping: false } next ? next : null;

        // Backends that left earlier finish handing over (cut off at the deadline, which hands back their attempts too).
        using (cancellationToken.Register(() => _stopRerouting.Cancel()))
        {
            await WhenReroutedAsync().ConfigureAwait(false);
        }

        await _membershipLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        var backends = _membership.Backends;
        List<UnsentRequest> parked;
        lock (_parked)
        {
            parked = [.. _parked];
            _parked.Clear();
        }

        if (successor is not null)
        {
            // A reload built the exporter anew: the new build routes what this one has not delivered by its own ring (once it
            // started: it starts after this one stopped, and holds what it is handed until then).
            _context.Logger.LogInformation("Handing what is not yet delivered to the new build of {Id}", _context.Id);
            var handovers = backends.Select(async backend =>
            {
                var unsent = await backend.RetireAsync(cancellationToken).ConfigureAwait(false);
                backend.Close();
                await Task.WhenAll(unsent.Select(successor.RerouteAsync)).ConfigureAwait(false);
            }).ToList();
            handovers.AddRange(parked.Select(successor.RerouteAsync));
            await Task.WhenAll(handovers).ConfigureAwait(false);
            _membershipLock.Release();
            return;
        }

        foreach (var unsent in parked)
        {
            Counters.SendFailed.Add(unsent.Request.Signal, DropReason.Shutdown, unsent.Request.ItemCount);
            unsent.Answer(ConsumeResult.Refuse($"exporter {_context.Id} is shutting down", reason: DropReason.Shutdown));
            _context.Logger.LogError("Dropping {Items} {Noun} at shutdown: no backend was left to send them to", unsent.Request.ItemCount, unsent.Request.Signal.ItemNoun());
        }

        await Task.WhenAll(backends.Select(async backend =>
        {
            await backend.Queue.ShutdownAsync(cancellationToken).ConfigureAwait(false);
            backend.Close();
        })).ConfigureAwait(false);
        _membershipLock.Release();
    }

    /// <summary>Splits a request over the ring and hands each part to its backend; the answer combines theirs.</summary>
    internal async Task<ConsumeResult> RouteAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        var membership = _membership;
        if (membership.Ring.IsEmpty)
        {
            return ConsumeResult.Refuse($"exporter {_context.Id} has no backends yet (the {_resolver.Name} resolver found none)", TimeSpan.FromSeconds(5));
        }

        var parts = _routers[(int)request.Signal].Split(request, membership.Ring);
        if (parts.Count == 1)
        {
            return await SubmitAsync(membership.Backends[parts[0].Backend], parts[0].Request, cancellationToken).ConfigureAwait(false);
        }

        // All parts or none: were one refused for a full queue after others were queued, the client's retry of the
        // whole request would send those again.
        var reserved = new long?[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            var backend = membership.Backends[parts[i].Backend];
            if (!backend.Queue.TryReserve(parts[i].Request, out reserved[i]))
            {
                for (int j = 0; j < i; j++)
                {
                    membership.Backends[parts[j].Backend].Queue.CancelReservation(reserved[j]);
                }

                Counters.EnqueueFailed.Add(request.Signal, request.ItemCount);
                return ConsumeResult.Refuse($"sending_queue of exporter {_context.Id} for backend {backend.Endpoint} is full; no part of the request was queued", TimeSpan.FromSeconds(1), DropReason.QueueFull);
            }
        }

        var answers = new Task<ConsumeResult>[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            answers[i] = SubmitAsync(membership.Backends[parts[i].Backend], parts[i].Request, cancellationToken, reserved[i]);
        }

        var result = ConsumeResult.Success;
        foreach (var answer in answers)
        {
            result = result.CombineWith(await answer.ConfigureAwait(false));
        }

        return result;
    }

    /// <summary>
    /// Routes a request another backend (or an earlier build) handed back; its callers, if any wait, get the outcome.
    /// With no backend it waits for one; a full queue is waited out rather than refused, as nobody could retry it.
    /// </summary>
    internal Task RerouteAsync(UnsentRequest unsent)
    {
        var task = RerouteCoreAsync(unsent);
        Track(task);
        return task;
    }

    private async Task RerouteCoreAsync(UnsentRequest unsent)
    {
        while (true)
        {
            if (_membership.Ring.IsEmpty)
            {
                lock (_parked)
                {
                    _parked.Add(unsent);
                }

                _context.Logger.LogDebug("No backend to send {Items} {Noun} to yet: they wait for one", unsent.Request.ItemCount, unsent.Request.Signal.ItemNoun());
                return;
            }

            var result = await RouteAsync(unsent.Request, CancellationToken.None).ConfigureAwait(false);
            if (result.Reason != DropReason.QueueFull)
            {
                unsent.Answer(result);
                return;
            }

            try
            {
                await Task.Delay(FullQueueWait, _context.Time, _stopRerouting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Counters.SendFailed.Add(unsent.Request.Signal, DropReason.QueueFull, unsent.Request.ItemCount);
                _context.Logger.LogError("Dropping {Items} {Noun} at shutdown: they were re-routed from a backend that left, but the queues stayed full", unsent.Request.ItemCount, unsent.Request.Signal.ItemNoun());
                unsent.Answer(result);
                return;
            }
        }
    }

    // A backend that left the ring while this part was on its way refuses it: the part takes the new ring instead.
    private async Task<ConsumeResult> SubmitAsync(Backend backend, TelemetryRequest part, CancellationToken cancellationToken, long? reserved = null)
    {
        var result = await backend.SubmitAsync(part, cancellationToken, reserved).ConfigureAwait(false);
        if (backend.Retired && !_stopping && result.Outcome == ConsumeOutcome.Refused && result.Reason == DropReason.Shutdown)
        {
            return await RouteAsync(part, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    // The resolver's new list: the new ring takes new data at once; backends that left hand back what they hold.
    private async Task ApplyAsync(IReadOnlyList<string> endpoints)
    {
        await _membershipLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopping)
            {
                return;
            }

            var old = _membership;
            var kept = old.Backends.ToDictionary(b => b.Endpoint, StringComparer.Ordinal);
            var ring = new HashRing(endpoints);
            var backends = new Backend[ring.Endpoints.Count];
            for (int i = 0; i < backends.Length; i++)
            {
                backends[i] = kept.Remove(ring.Endpoints[i], out var existing) ? existing : CreateBackend(ring.Endpoints[i]);
            }

            _membership = new Membership(ring, backends);
            if (old.Backends.Length > 0)
            {
                _context.Logger.LogInformation("Backends changed to {Count}: {Endpoints}", backends.Length, string.Join(", ", ring.Endpoints));
            }

            foreach (var gone in kept.Values)
            {
                Track(RetireAsync(gone));
            }

            if (!ring.IsEmpty)
            {
                List<UnsentRequest> parked;
                lock (_parked)
                {
                    parked = [.. _parked];
                    _parked.Clear();
                }

                foreach (var unsent in parked)
                {
                    _ = RerouteAsync(unsent);
                }
            }
        }
        finally
        {
            _membershipLock.Release();
        }
    }

    private async Task RetireAsync(Backend backend)
    {
        var unsent = await backend.RetireAsync(_stopRerouting.Token).ConfigureAwait(false);
        backend.Close();
        long items = unsent.Sum(u => (long)u.Request.ItemCount);
        _context.Logger.LogInformation("Backend {Endpoint} left; {Items} items it had not delivered are routed again", backend.Endpoint, items);
        await Task.WhenAll(unsent.Select(RerouteAsync)).ConfigureAwait(false);
    }

    private Backend CreateBackend(string endpoint)
    {
        var stats = _stats.GetOrAdd(endpoint, static _ => new BackendStats());
        var client = new MeasuredSender(_clients(endpoint), stats, _context.Time);
        var queue = new QueuedRetrySender(_context, _options.Backend.Queue, _options.Backend.Retry, client, counters: Counters);
        queue.Start();
        return new Backend(endpoint, queue, client);
    }

    private void Track(Task task)
    {
        lock (_rerouting)
        {
            _rerouting.Add(task);
        }

        _ = task.ContinueWith(
            static (t, state) =>
            {
                var set = (HashSet<Task>)state!;
                lock (set)
                {
                    set.Remove(t);
                }
            },
            _rerouting,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task WhenReroutedAsync()
    {
        while (true)
        {
            Task[] pending;
            lock (_rerouting)
            {
                pending = [.. _rerouting];
            }

            if (pending.Length == 0)
            {
                return;
            }

            await Task.WhenAll(pending).ConfigureAwait(false);
        }
    }

    private string DescribeKeys()
        => string.Join(", ", SignalKind.All.Select(k => $"{k.Name}: {_options.KeyFor(k.Signal).Name()}"));

    private void RegisterMetrics(CollectorMeter meter)
    {
        var exporter = Label.Of("exporter", _context.Id.ToString());
        ExporterMetrics.Register(meter, _context.Id, Counters.Sent, Counters.SendFailed);
        Counters.EnqueueFailed.Register(meter, "otelcol_exporter_enqueue_failed", "Items refused because the sending queue was full", exporter);
        meter.Gauge("otelcol_exporter_queue_size", string.Empty, "What waits in the sending queue, in the queue's sizer unit (requests, items or bytes)", () => _membership.Backends.Sum(b => b.Queue.QueueSize), exporter);
        meter.Gauge("otelcol_exporter_queue_capacity", string.Empty, "Capacity of the sending queue, in the queue's sizer unit", () => _membership.Backends.Sum(b => b.Queue.QueueCapacity), exporter);
        LoadBalancerTelemetry.Register(meter, _resolver, () => _membership.Backends.Length, () => _stats);
    }
}
