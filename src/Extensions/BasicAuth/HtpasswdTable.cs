namespace MiniCollector.Extensions.BasicAuth;

/// <summary>Users and their stored passwords, read from htpasswd text (<c>user:hash</c> per line).</summary>
internal sealed class HtpasswdTable
{
    private readonly Dictionary<string, PasswordHash> _users;

    private HtpasswdTable(Dictionary<string, PasswordHash> users)
    {
        _users = users;
        foreach (var hash in users.Values)
        {
            if (MostExpensive is null || hash.Work > MostExpensive.Work)
            {
                MostExpensive = hash;
            }
        }
    }

    /// <summary>How many users there are.</summary>
    public int Count => _users.Count;

    /// <summary>The entry whose verification costs most; requests for unknown users are checked against it.</summary>
    public PasswordHash? MostExpensive { get; }

    /// <summary>The stored password of a user.</summary>
    public bool TryGet(string user, out PasswordHash hash) => _users.TryGetValue(user, out hash!);

    /// <summary>
    /// Builds the table from sources read in order; a user written again replaces the earlier line, so a source read
    /// later (the inline text, after the file) wins, as in the reference.
    /// </summary>
    public static HtpasswdTable Build(IEnumerable<(string Text, string Source)> sources, List<string> problems)
    {
        var users = new Dictionary<string, PasswordHash>(StringComparer.Ordinal);
        foreach (var (text, source) in sources)
        {
            Parse(text, source, users, problems);
        }

        return new HtpasswdTable(users);
    }

    /// <summary>
    /// Parses one htpasswd text into <paramref name="users"/>. Blank lines and <c>#</c> comments are skipped (Apache
    /// skips them too); every other line must be <c>user:hash</c>. Problems name the source and line, never the hash.
    /// </summary>
    public static void Parse(string text, string source, Dictionary<string, PasswordHash> users, List<string> problems)
    {
        int lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            int colon = line.IndexOf(':');
            if (colon < 0)
            {
                problems.Add($"{source} line {lineNumber}: expected user:hash, found no colon");
                continue;
            }

            if (colon == 0)
            {
                problems.Add($"{source} line {lineNumber}: the user name is empty");
                continue;
            }

            string user = line[..colon].ToString();
            if (!PasswordHash.TryParse(line[(colon + 1)..].ToString(), out var hash, out var error))
            {
                problems.Add($"{source} line {lineNumber} (user \"{user}\"): {error}");
                continue;
            }

            users[user] = hash!;
        }
    }
}
