namespace MiniCollector.Benchmarks.Load.Drivers;

/// <summary>Sends one fixed export request per call; safe to call from many callers at once.</summary>
public interface IExportDriver : IDisposable
{
    /// <summary>Sends the request once and reports whether the collector accepted it.</summary>
    Task<CallOutcome> SendAsync(CancellationToken cancellationToken);
}
