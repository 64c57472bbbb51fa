using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace MiniCollector.Receivers.Otlp.Grpc;

/// <summary>
/// <c>keepalive::server_parameters::max_connection_age</c>: asks each connection to close gracefully (HTTP/2
/// GOAWAY) once it is this old, with ±10% jitter as grpc-go does so reconnects spread out, and cuts it after
/// <c>max_connection_age_grace</c> if streams are still open.
/// </summary>
internal static class ConnectionAgeLimit
{
    /// <summary>The connection middleware, for <c>ListenOptions.Use</c>.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware(TimeSpan maxAge, TimeSpan? grace) => next => async connection =>
    {
        var age = maxAge * (0.9 + (Random.Shared.NextDouble() * 0.2));
        var lifetime = connection.Features.Get<IConnectionLifetimeNotificationFeature>();
        using var ask = new Timer(_ => lifetime?.RequestClose(), null, age, Timeout.InfiniteTimeSpan);
        using var cut = grace is { } g
            ? new Timer(_ => connection.Abort(new ConnectionAbortedException("max_connection_age_grace elapsed")), null, age + g, Timeout.InfiniteTimeSpan)
            : null;
        await next(connection).ConfigureAwait(false);
    };
}
