namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Which config values are secrets, in one table: what the reference collector types as <c>configopaque</c> (and
/// prints as <c>[REDACTED]</c>) and every credential-named key. A value is secret when the path of keys leading to it
/// matches a rule; a secret map or list is secret all the way down. Names of files (<c>key_file</c>,
/// <c>password_file</c>, <c>htpasswd::file</c>, <c>filename</c>) are not secrets: the secret is in the file.
/// </summary>
public static class ConfigSecrets
{
    /// <summary>What a secret value is shown as, as the reference's print-config shows an opaque value.</summary>
    public const string Redacted = "[REDACTED]";

    /// <summary>The rules; every one is tested (ConfigSecretsTests).</summary>
    public static IReadOnlyList<SecretRule> Rules { get; } =
    [
        new(SecretMatch.Key, "password", "basicauth client_auth::password; any component's password"),
        new(SecretMatch.Key, "token", "bearertokenauth::token (configopaque)"),
        new(SecretMatch.Key, "tokens", "bearertokenauth::tokens, every item (configopaque)"),
        new(SecretMatch.Key, "key_pem", "tls::key_pem, a private key inline (configopaque)"),
        new(SecretMatch.Key, "client_secret", "oauth2client::client_secret (configopaque)"),
        new(SecretMatch.Key, "secret", "any component's secret"),
        new(SecretMatch.Key, "api_key", "vendor exporters' api_key (configopaque)"),
        new(SecretMatch.Key, "apikey", "vendor exporters' apikey"),
        new(SecretMatch.Key, "bearer_token", "bearer_token of scrape and client settings"),
        new(SecretMatch.KeyUnder, "headers", "every exporter header value (configopaque: often Authorization or an API key)"),
        new(SecretMatch.Path, "htpasswd::inline", "basicauth's inline htpasswd lines (configopaque)"),
        new(SecretMatch.KeyContains, "password", "any key naming a password (db_password, ...), not a file name"),
        new(SecretMatch.KeyContains, "secret", "any key naming a secret (secret_key, ...), not a file name"),
        new(SecretMatch.KeyContains, "token", "any key naming a token (access_token, ...), not a file name"),
        new(SecretMatch.KeyContains, "api_key", "any key naming an API key (x_api_key, ...), not a file name"),
    ];

    /// <summary>True when the value at <paramref name="path"/> (the keys from the root; list items add none) is secret.</summary>
    public static bool IsSecret(IReadOnlyList<string> path)
    {
        foreach (var rule in Rules)
        {
            if (rule.Matches(path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A key that names a file (or path) holding the secret rather than the secret itself.</summary>
    internal static bool NamesAFile(string key) =>
        key.EndsWith("_file", StringComparison.OrdinalIgnoreCase)
        || key.EndsWith("_path", StringComparison.OrdinalIgnoreCase)
        || key.Equals("filename", StringComparison.OrdinalIgnoreCase)
        || key.Equals("file", StringComparison.OrdinalIgnoreCase);
}
