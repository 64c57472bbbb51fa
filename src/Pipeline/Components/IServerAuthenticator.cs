using Microsoft.AspNetCore.Http;

namespace MiniCollector.Pipeline.Components;

/// <summary>
/// An extension that checks the credentials of incoming requests (<c>auth: {authenticator: id}</c> on a receiver
/// protocol). Receivers call it before reading the body; a failure becomes 401 / UNAUTHENTICATED.
/// </summary>
public interface IServerAuthenticator
{
    /// <summary>Checks the request's headers (HTTP headers or gRPC metadata).</summary>
    ValueTask<AuthenticationResult> AuthenticateAsync(IHeaderDictionary headers, CancellationToken cancellationToken);
}

/// <summary>The outcome of an authentication: who, or why not (the reason is logged, never sent to the client).</summary>
public readonly record struct AuthenticationResult(bool Succeeded, string? Principal, string? Failure)
{
    public static AuthenticationResult Success(string principal) => new(true, principal, null);

    public static AuthenticationResult Fail(string reason) => new(false, null, reason);
}
