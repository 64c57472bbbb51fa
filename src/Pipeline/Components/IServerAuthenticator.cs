using Microsoft.Extensions.Primitives;

namespace MiniCollector.Pipeline.Components;

/// <summary>
/// An extension that checks the credentials of incoming requests (<c>auth: {authenticator: id}</c> on a receiver
/// protocol). Receivers call it before reading the body; a failure becomes 401 / UNAUTHENTICATED.
/// </summary>
public interface IServerAuthenticator
{
    /// <summary>
    /// Checks the request's headers (HTTP headers or gRPC metadata; names compare case-insensitively). The web
    /// server's header dictionary is passed as it is, so the core needs no reference to the web server.
    /// </summary>
    ValueTask<AuthenticationResult> AuthenticateAsync(IDictionary<string, StringValues> headers, CancellationToken cancellationToken);
}

/// <summary>The outcome of an authentication: who, or why not (the reason is logged, never sent to the client).</summary>
public readonly record struct AuthenticationResult(bool Succeeded, string? Principal, string? Failure)
{
    public static AuthenticationResult Success(string principal) => new(true, principal, null);

    public static AuthenticationResult Fail(string reason) => new(false, null, reason);
}
