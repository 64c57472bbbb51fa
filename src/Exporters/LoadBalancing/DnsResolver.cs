using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace MiniCollector.Exporters.LoadBalancing;

/// <summary>Looks a hostname up (the system's resolver by default; tests give fake answers).</summary>
public delegate Task<IPAddress[]> HostLookup(string hostname, CancellationToken cancellationToken);

/// <summary>
/// The dns resolver: every address <c>hostname</c> resolves to, with <c>port</c>, is a backend; resolved at start and then
/// every <c>interval</c> on the component's clock, each lookup bounded by <c>timeout</c>. A failed lookup keeps the
/// backends as they were.
/// </summary>
internal sealed class DnsResolver(DnsResolverOptions options, HostLookup lookup, TimeProvider time, ILogger logger) : IBackendResolver
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private IReadOnlyList<string> _current = [];
    private Func<IReadOnlyList<string>, Task>? _onChange;
    private ITimer? _timer;
    private Task _running = Task.CompletedTask;
    private TaskCompletionSource _resolved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _resolutions;

    /// <summary>The system's lookup.</summary>
    public static HostLookup System { get; } = static (host, cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);

    /// <inheritdoc />
    public string Name => "dns";

    /// <inheritdoc />
    public ResolverStats Stats { get; } = new();

    /// <inheritdoc />
    public async Task StartAsync(Func<IReadOnlyList<string>, Task> onChange, CancellationToken cancellationToken)
    {
        _onChange = onChange;
        await ResolveAsync().ConfigureAwait(false);
        _timer = time.CreateTimer(_ => Tick(), null, options.Interval, options.Interval);
        logger.LogInformation("Resolving {Hostname} every {Interval} for the backends (port {Port})", options.Hostname, options.Interval, options.Port);
    }

    /// <inheritdoc />
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        Task running;
        lock (_lock)
        {
            running = _running;
        }

        await running.ConfigureAwait(false);
    }

    /// <summary>Completes once <paramref name="count"/> resolutions (of any outcome) have finished, the first at start included.</summary>
    internal async Task WhenResolvedAsync(long count)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (_resolutions >= count)
                {
                    return;
                }

                next = _resolved.Task;
            }

            await next.ConfigureAwait(false);
        }
    }

    // One resolution at a time: a tick that comes while one runs is skipped.
    private void Tick()
    {
        lock (_lock)
        {
            if (!_running.IsCompleted || _stop.IsCancellationRequested)
            {
                return;
            }

            _running = ResolveAsync();
        }
    }

    private async Task ResolveAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(options.Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stop.Token);
            IPAddress[] addresses;
            try
            {
                addresses = await lookup(options.Hostname, linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ArgumentException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                Stats.Resolved(success: false);
                var why = ex is OperationCanceledException ? $"no answer within {options.Timeout.TotalSeconds:0.###}s" : ex.Message;
                logger.LogWarning("Could not resolve {Hostname} ({Reason}); the backends stay as they were ({Count})", options.Hostname, why, _current.Count);
                return;
            }

            Stats.Resolved(success: true);
            var endpoints = addresses.Select(Endpoint).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (endpoints.SequenceEqual(_current, StringComparer.Ordinal) || _stop.IsCancellationRequested)
            {
                return;
            }

            _current = endpoints;
            Stats.Updated();
            logger.LogInformation("{Hostname} resolved to {Count} backends: {Endpoints}", options.Hostname, endpoints.Count, string.Join(", ", endpoints));
            await _onChange!(endpoints).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                _resolutions++;
                var done = _resolved;
                _resolved = new(TaskCreationOptions.RunContinuationsAsynchronously);
                done.TrySetResult();
            }
        }
    }

    private string Endpoint(IPAddress address)
    {
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();
        return host + ":" + options.Port.ToString(CultureInfo.InvariantCulture);
    }
}
