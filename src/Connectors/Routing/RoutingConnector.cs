using Google.Protobuf;
using Microsoft.Extensions.Logging;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Ottl;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Connectors.Routing;

/// <summary>
/// Sends each item to the pipelines of the first route it matches, what matches none to the default pipelines, and
/// answers with the combined answers of the pipelines it sent to. What goes all one way is passed on as received (no
/// re-encoding); a request that splits is rebuilt per destination.
/// </summary>
internal sealed class RoutingConnector : IConnector
{
    private readonly RoutingTable _table;
    private readonly IConsumer? _defaults;
    private readonly SignalKind _kind;
    private readonly ILogger _logger;
    private readonly LogThrottle _dropLog;
    private long _unrouted;

    public RoutingConnector(SignalKind kind, RoutingTable table, IConsumer? defaults, ComponentContext context)
    {
        _kind = kind;
        _table = table;
        _defaults = defaults;
        _logger = context.Logger;
        _dropLog = new LogThrottle(context.Time, TimeSpan.FromSeconds(10));
        if (defaults is null)
        {
            context.Meter.Counter(
                "minicollector_connector_routing_unrouted_" + kind.TelemetrySuffix,
                kind.TelemetryUnit,
                "Items the routing connector dropped because they matched no route and it has no default_pipelines",
                () => Interlocked.Read(ref _unrouted),
                Label.Of("connector", context.Id.ToString()));
        }
    }

    /// <inheritdoc />
    /// <remarks>It never changes the request: what it sends on is the request itself or requests it built.</remarks>
    public bool MutatesData => false;

    /// <summary>Items dropped so far for matching no route with no default pipelines.</summary>
    public long Unrouted => Interlocked.Read(ref _unrouted);

    /// <inheritdoc />
    public async ValueTask<ConsumeResult> ConsumeAsync(TelemetryRequest request, CancellationToken cancellationToken)
    {
        int limit = _table.RequestLimit(request.Metadata);
        if (_table.OnlyRequestRoutes || (limit < _table.Default && !RoutesBefore(limit)))
        {
            // Only the request decides, so the data need not be read.
            return await SendWhole(limit, request, cancellationToken).ConfigureAwait(false);
        }

        (TelemetryRequest?[] Parts, int[] Items, int Single) split;
        try
        {
            split = _kind.Signal switch
            {
                Signal.Traces => Build(TracesKind.Instance, TracesRouter.Split(_table, (ExportTraceServiceRequest)request.Model, limit), request.Metadata),
                Signal.Metrics => Build(MetricsKind.Instance, MetricsRouter.Split(_table, (ExportMetricsServiceRequest)request.Model, limit), request.Metadata),
                _ => Build(LogsKind.Instance, LogsRouter.Split(_table, (ExportLogsServiceRequest)request.Model, limit), request.Metadata),
            };
        }
        catch (OttlRuntimeException ex)
        {
            // error_mode: propagate, as the reference: the request fails and nothing is sent.
            return ConsumeResult.Fail("routing connector: " + ex.Message);
        }

        if (split.Single >= 0)
        {
            return await SendWhole(split.Single, request, cancellationToken).ConfigureAwait(false);
        }

        // Routes to the same pipelines share one consumer; what they take goes in one request.
        var groups = new Dictionary<IConsumer, List<TelemetryRequest>>(ReferenceEqualityComparer.Instance);
        for (int destination = 0; destination < split.Parts.Length; destination++)
        {
            // A part with no items holds only resources or scopes that had none: nothing to deliver.
            if (split.Parts[destination] is not { } built || split.Items[destination] == 0)
            {
                continue;
            }

            if (Target(destination) is not { } target)
            {
                Dropped(split.Items[destination]);
                continue;
            }

            if (!groups.TryGetValue(target, out var parts))
            {
                groups[target] = parts = [];
            }

            parts.Add(built);
        }

        var pending = new List<ValueTask<ConsumeResult>>(groups.Count);
        foreach (var (target, parts) in groups)
        {
            var built = _kind.Concat(parts, request.Metadata);
            // The parts share items with the received request, which other pipelines may read: a pipeline that
            // changes data gets a copy of its own.
            pending.Add(target.ConsumeAsync(target.MutatesData ? built.Clone() : built, cancellationToken));
        }

        return await Combine(pending, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The request of each destination; none when everything goes one way (the received request goes on instead).
    private static (TelemetryRequest?[] Parts, int[] Items, int Single) Build<T>(SignalKind<T> kind, RoutedParts<T> parts, ClientMetadata metadata)
        where T : class, IMessage<T>, new()
    {
        var built = new TelemetryRequest?[parts.Parts.Length];
        if (parts.Single < 0)
        {
            for (int i = 0; i < built.Length; i++)
            {
                if (parts.Parts[i] is { } part)
                {
                    built[i] = TelemetryRequest<T>.FromModel(kind, part, metadata, parts.Items[i]);
                }
            }
        }

        return (built, parts.Items, parts.Single);
    }

    private static async ValueTask<ConsumeResult> Combine(List<ValueTask<ConsumeResult>> pending, CancellationToken cancellationToken)
    {
        var combined = ConsumeResult.Success;
        foreach (var task in pending)
        {
            ConsumeResult result;
            try
            {
                result = await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                result = ConsumeResult.Refuse("the request was cancelled before every routed pipeline took it", reason: DropReason.Cancelled);
            }

            combined = combined.CombineWith(result);
        }

        return combined;
    }

    // True when a route before `limit` reads the data (not the request).
    private bool RoutesBefore(int limit)
    {
        for (int i = 0; i < limit; i++)
        {
            if (_table.Routes[i].Context != RouteContext.Request)
            {
                return true;
            }
        }

        return false;
    }

    private IConsumer? Target(int destination) => destination < _table.Default ? _table.Routes[destination].Target : _defaults;

    private ValueTask<ConsumeResult> SendWhole(int destination, TelemetryRequest request, CancellationToken cancellationToken)
    {
        if (Target(destination) is not { } target)
        {
            Dropped(request.ItemCount);
            return ValueTask.FromResult(ConsumeResult.Success);
        }

        // Upstream shares the request with its other consumers, so a pipeline that changes data gets its own copy.
        return target.ConsumeAsync(target.MutatesData ? request.Clone() : request, cancellationToken);
    }

    // As the reference, what matches no route with no default pipelines is dropped and the request succeeds; it is
    // counted and logged, never silent.
    private void Dropped(int items)
    {
        if (items == 0)
        {
            return;
        }

        long total = Interlocked.Add(ref _unrouted, items);
        if (_dropLog.Allow())
        {
            _logger.LogWarning(
                "Dropped {Items} {Noun} that matched no route: the routing connector has no default_pipelines ({Total} dropped so far)",
                items,
                _kind.ItemNoun,
                total);
        }
    }
}
