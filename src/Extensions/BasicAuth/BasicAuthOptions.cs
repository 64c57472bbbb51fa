using MiniCollector.Pipeline.Config;

namespace MiniCollector.Extensions.BasicAuth;

/// <summary>Options of the <c>basicauth</c> extension; only the server side (htpasswd) is supported.</summary>
public sealed record BasicAuthOptions
{
    /// <summary>Where the users and their password hashes come from.</summary>
    public HtpasswdOptions Htpasswd { get; init; } = new();

    /// <summary>Binds <c>extensions::basicauth</c>, reporting every problem (including bad inline htpasswd lines).</summary>
    public static BasicAuthOptions Bind(ConfigSection section)
    {
        var htpasswd = section.Section("htpasswd");
        var options = new BasicAuthOptions
        {
            Htpasswd = new HtpasswdOptions
            {
                File = htpasswd.StringOrNull("file") is { Length: > 0 } file ? file : null,
                Inline = htpasswd.StringOrNull("inline") is { Length: > 0 } inline ? inline : null,
            },
        };
        htpasswd.ReportUnknownKeys();

        bool clientAuth = section.Has("client_auth");
        if (clientAuth)
        {
            section.Invalid("client_auth", "basicauth client_auth is not supported (server side only)");
        }

        section.ReportUnknownKeys();

        if (options.Htpasswd.File is null && options.Htpasswd.Inline is null && !clientAuth)
        {
            section.Invalid("no credential source provided: set htpasswd.file and/or htpasswd.inline");
        }

        // Inline lines are part of the config, so their mistakes are config errors that validate reports.
        if (options.Htpasswd.Inline is { } text)
        {
            var problems = new List<string>();
            HtpasswdTable.Parse(text, "htpasswd.inline", new Dictionary<string, PasswordHash>(StringComparer.Ordinal), problems);
            foreach (var problem in problems)
            {
                htpasswd.Invalid("inline", problem);
            }
        }

        return options;
    }
}

/// <summary>The <c>htpasswd</c> section: a file and/or inline lines; inline entries win for a user in both.</summary>
public sealed record HtpasswdOptions
{
    /// <summary>Path of an htpasswd file, read when the extension starts; null when not written.</summary>
    public string? File { get; init; }

    /// <summary>htpasswd lines written in the config; null when not written.</summary>
    public string? Inline { get; init; }
}
