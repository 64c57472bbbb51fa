using Microsoft.AspNetCore.Http;

namespace MiniCollector.Endpoints;

/// <summary>The answer of a read-only endpoint (metrics, health, pages) to anything but GET and HEAD.</summary>
public static class ReadOnlyMethods
{
    /// <summary>
    /// True for GET and HEAD; otherwise answers 405 with <c>Allow: GET, HEAD</c> and returns false, so the caller
    /// only has to return.
    /// </summary>
    public static bool Allow(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = "GET, HEAD";
        return false;
    }
}
