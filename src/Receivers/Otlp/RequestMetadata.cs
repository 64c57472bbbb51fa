using Microsoft.AspNetCore.Http;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Receivers.Otlp;

/// <summary>Turns request headers into the client metadata passed on when <c>include_metadata</c> is on.</summary>
public static class RequestMetadata
{
    /// <summary>Every header except HTTP/2 pseudo-headers, keyed case-insensitively.</summary>
    public static ClientMetadata From(HttpRequest request)
    {
        var values = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers)
        {
            if (!name.StartsWith(':'))
            {
                values[name] = value.ToArray()!;
            }
        }

        return new ClientMetadata(values);
    }
}
