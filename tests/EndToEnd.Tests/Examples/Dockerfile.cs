namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>The repository's Dockerfile as instructions per stage: continuation lines joined, comments dropped.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<IReadOnlyList<(string Instruction, string Arguments)>> stages)
    {
        Stages = stages;
    }

    public IReadOnlyList<IReadOnlyList<(string Instruction, string Arguments)>> Stages { get; }

    public IReadOnlyList<(string Instruction, string Arguments)> Final => Stages[^1];

    public static Dockerfile Load(string path)
    {
        var stages = new List<List<(string, string)>>();
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

            // ARGs before the first FROM belong to no stage.
            if (stages.Count > 0)
            {
                stages[^1].Add((instruction, arguments));
            }
        }

        return new Dockerfile(stages);
    }

    public static IEnumerable<string> All(string instruction, IReadOnlyList<(string Instruction, string Arguments)> stage) =>
        stage.Where(i => i.Instruction == instruction).Select(i => i.Arguments);
}
