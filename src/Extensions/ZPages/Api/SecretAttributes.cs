namespace MiniCollector.Extensions.ZPages.Api;

/// <summary>
/// Attribute keys whose values the pages never show: credentials that instrumentation sometimes records (request
/// headers, connection strings). A key is secret when one of its words (split at <c>.</c>, <c>_</c>, <c>-</c>, <c>/</c>)
/// is a credential word, or it contains a credential of two words, so <c>http.request.header.authorization</c>,
/// <c>db.password</c> and <c>x-api-key</c> are hidden but <c>gen_ai.usage.input_tokens</c> is not.
/// </summary>
internal static class SecretAttributes
{
    /// <summary>What is shown instead of a secret value.</summary>
    public const string Redacted = "[redacted]";

    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "password", "passwd", "pwd", "secret", "token", "apikey", "cookie", "credential",
        "credentials", "privatekey", "connectionstring",
    };

    private static readonly string[] TwoWordForms = ["api_key", "api-key", "private_key", "private-key", "connection_string", "connection-string"];

    private static readonly char[] Separators = ['.', '_', '-', '/'];

    /// <summary>True when the value of an attribute with this key must not be shown.</summary>
    public static bool IsSecret(string key)
    {
        foreach (var word in key.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (Words.Contains(word))
            {
                return true;
            }
        }

        foreach (var form in TwoWordForms)
        {
            if (key.Contains(form, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
