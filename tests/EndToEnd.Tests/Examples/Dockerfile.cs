namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>The repository's Dockerfile as instructions per stage: continuation lines joined, comments dropped.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<IReadOnlyList<(string Instruction, string Arguments)>> stages, IReadOnlyDictionary<string, string> globalArgs)
    {
        Stages = stages;
        GlobalArgs = globalArgs;
    }

    public IReadOnlyList<IReadOnlyList<(string Instruction, string Arguments)>> Stages { get; }

    /// <summary>The ARGs before the first FROM with their defaults, earlier ones substituted into later ones.</summary>
    public IReadOnlyDictionary<string, string> GlobalArgs { get; }

    public IReadOnlyList<(string Instruction, string Arguments)> Final => Stages[^1];

    public static Dockerfile Load(string path)
    {
        var stages = new List<List<(string, string)>>();
        var globalArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        var logical = new List<string>();
        var current = string.Empty;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1].TrimEnd() + " ";
                continue;
            }

            logical.Add(current + line);
            current = string.Empty;
        }

        foreach (var line in logical.Where(l => l.Length > 0))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var instruction = line[..space].ToUpperInvariant();
            var arguments = line[(space + 1)..].Trim();
            if (instruction == "FROM")
            {
                stages.Add([]);
            }

            // ARGs before the first FROM belong to no stage: they are what FROM lines may use.
            if (stages.Count > 0)
            {
                stages[^1].Add((instruction, arguments));
            }
            else if (instruction == "ARG")
            {
                var equals = arguments.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? arguments : arguments[..equals];
                globalArgs[name] = equals < 0 ? string.Empty : Substitute(arguments[(equals + 1)..], globalArgs);
            }
        }

        return new Dockerfile(stages, globalArgs);
    }

    /// <summary>The stage whose FROM line ends in <c>AS name</c>.</summary>
    public IReadOnlyList<(string Instruction, string Arguments)> Stage(string name) =>
        Stages.Single(s => All("FROM", s).Single().EndsWith(" AS " + name, StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="text"/> with <c>${NAME}</c> replaced by the global ARGs' defaults, as a build without --build-arg sees it.</summary>
    public string Resolve(string text) => Substitute(text, GlobalArgs);

    private static string Substitute(string text, IReadOnlyDictionary<string, string> args)
    {
        foreach (var (name, value) in args)
        {
            text = text.Replace("${" + name + "}", value, StringComparison.Ordinal);
        }

        return text;
    }

    public static IEnumerable<string> All(string instruction, IReadOnlyList<(string Instruction, string Arguments)> stage) =>
        stage.Where(i => i.Instruction == instruction).Select(i => i.Arguments);
}
