namespace MiniCollector.Exporters.Otlp;

/// <summary>Describes a failed HTTP request with its underlying cause (TLS, DNS, connection refused), not just "see inner exception".</summary>
internal static class HttpFailure
{
    public static string Describe(HttpRequestException ex)
    {
        var text = ex.Message;
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            text += ": " + inner.Message;
        }

        return text;
    }
}
