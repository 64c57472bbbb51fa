namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>
/// The collector's managed allocation over a stretch of operations, from its self-telemetry's cumulative counter
/// (<see cref="PrometheusScraper.AllocatedBytesMetric"/>). Reading the counter makes the collector allocate too (the
/// self-telemetry request and its answer), so the bracket first reads it twice back to back and takes that difference
/// as the cost of one read, subtracted from the stretch.
/// </summary>
public sealed class AllocationBracket
{
    private readonly Uri _telemetry;
    private readonly double _start;
    private readonly double _readCost;

    private AllocationBracket(Uri telemetry, double start, double readCost)
    {
        _telemetry = telemetry;
        _start = start;
        _readCost = readCost;
    }

    /// <summary>Reads the counter twice; the stretch starts at the second reading.</summary>
    public static async Task<AllocationBracket> OpenAsync(Uri telemetry, CancellationToken cancellationToken)
    {
        double before = await ReadAsync(telemetry, cancellationToken).ConfigureAwait(false);
        double start = await ReadAsync(telemetry, cancellationToken).ConfigureAwait(false);
        return new AllocationBracket(telemetry, start, start - before);
    }

    /// <summary>Bytes allocated per operation since the bracket opened; NaN when the collector has no such counter.</summary>
    public async Task<double> PerOperationAsync(int operations, CancellationToken cancellationToken)
    {
        double end = await ReadAsync(_telemetry, cancellationToken).ConfigureAwait(false);
        return (end - _start - _readCost) / operations;
    }

    private static async Task<double> ReadAsync(Uri telemetry, CancellationToken cancellationToken)
    {
        var totals = await SelfTelemetry.ReadAsync(telemetry, cancellationToken).ConfigureAwait(false);
        return totals.TryGetValue(PrometheusScraper.AllocatedBytesMetric, out var bytes) ? bytes : double.NaN;
    }
}
