using MiniCollector.Pipeline.Components;

namespace MiniCollector.Pipeline.Config;

/// <summary><c>auth: {authenticator: id}</c> on a server: which extension checks credentials.</summary>
public static class AuthReference
{
    /// <summary>Binds <c>auth</c>; null when absent.</summary>
    public static ComponentId? Bind(ConfigSection section)
    {
        if (!section.IsPresent)
        {
            return null;
        }

        var text = section.String("authenticator", string.Empty);
        section.ReportUnknownKeys();
        if (text.Length == 0)
        {
            section.Invalid("authenticator", "auth needs an authenticator: the id of an auth extension, e.g. basicauth/server");
            return null;
        }

        if (!ComponentId.TryParse(text, out var id, out var error))
        {
            section.Invalid("authenticator", error!);
            return null;
        }

        return id;
    }
}
