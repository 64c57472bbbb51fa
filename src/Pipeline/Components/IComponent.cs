namespace MiniCollector.Pipeline.Components;

/// <summary>Lifecycle of every built component.</summary>
public interface IComponent
{
    /// <summary>Starts the component; throws <see cref="ComponentStartException"/> with a clear message when it cannot.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops the component, flushing what it holds, within the token's deadline.</summary>
    Task ShutdownAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A component told when shutdown begins, before anything stops. A batch buffer sends what it holds and passes new
/// data on at once, so requests still in flight complete instead of waiting for a flush that would only come after
/// the receivers stopped; a health endpoint starts reporting not serving.
/// </summary>
public interface IShutdownAware : IComponent
{
    /// <summary>Called once, at the start of shutdown.</summary>
    void OnShutdownBegins();
}

/// <summary>A component that listens on network addresses; the addresses are known once it started.</summary>
public interface IListeningComponent : IComponent
{
    /// <summary>Every address actually bound, with the protocol served there (e.g. <c>http</c>).</summary>
    IReadOnlyList<BoundEndpoint> Endpoints { get; }
}

/// <summary>An address a component bound, as <c>host:port</c>, what it serves there, and whether over TLS.</summary>
public sealed record BoundEndpoint(string Protocol, string Address, bool Tls = false)
{
    /// <summary>The port actually bound (useful when the config asked for port 0).</summary>
    public int Port => int.Parse(Address[(Address.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A base URL for the endpoint, e.g. <c>http://127.0.0.1:4318</c>.</summary>
    public string Url => (Tls ? "https://" : "http://") + Address;
}

/// <summary>Raised when a component cannot start, e.g. its port is in use; the message names the component and endpoint.</summary>
public sealed class ComponentStartException(string message, Exception? inner = null) : Exception(message, inner);
