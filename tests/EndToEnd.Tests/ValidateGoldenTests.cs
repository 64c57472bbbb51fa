using System.Runtime.CompilerServices;
using MiniCollector.CommandLine;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.EndToEnd.Tests;

/// <summary>
/// <c>validate</c> on realistic mistakes, compared with the whole expected output: each <c>ValidateGolden/NAME.yaml</c>
/// has its <c>NAME.expected</c> (the exit code, then what is printed, the config's path written as <c>{config}</c>).
/// Run in process with container detection fixed to "not a container", so the output is the same on every machine.
/// Set <c>MINICOLLECTOR_UPDATE_GOLDEN=1</c> to rewrite the expected files after a deliberate change, and read the diff.
/// </summary>
public sealed class ValidateGoldenTests
{
    private const string Folder = "ValidateGolden";

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, Folder), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_output_matches_the_golden_file(string name)
    {
        var config = Path.Combine(AppContext.BaseDirectory, Folder, name + ".yaml");

        var actual = Run(config, ContainerDetection.Fixed(false));

        var expectedPath = Path.Combine(AppContext.BaseDirectory, Folder, name + ".expected");
        if (Environment.GetEnvironmentVariable("MINICOLLECTOR_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceFolder(), name + ".expected"), actual);
            return;
        }

        Assert.True(File.Exists(expectedPath), $"missing {name}.expected; the output was:\n{actual}");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    [Fact]
    public void There_are_golden_cases_for_every_kind_of_mistake()
    {
        Assert.True(Cases().Count >= 12);
    }

    [Fact]
    public void In_a_container_endpoints_on_every_interface_are_not_warned_about()
    {
        var config = Path.Combine(AppContext.BaseDirectory, Folder, "11-warnings-all-interfaces.yaml");

        var output = Run(config, ContainerDetection.Fixed(true));

        Assert.StartsWith("exit 0\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", output, StringComparison.Ordinal);
    }

    private static string Run(string config, ContainerDetection container)
    {
        var args = CommandLineArgs.Parse(["validate", "--config", config], out var error) ?? throw new InvalidOperationException(error);
        var output = new StringWriter { NewLine = "\n" };
        var errors = new StringWriter { NewLine = "\n" };
        int code = ConfigCommands.Validate(args, output, errors, container);

        // Errors go to stderr and a valid config's report to stdout; a golden file shows them in that order.
        var text = $"exit {code}\n" + errors + output;
        return text.Replace(config, "{config}", StringComparison.Ordinal).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static string SourceFolder([CallerFilePath] string path = "") => Path.Combine(Path.GetDirectoryName(path)!, Folder);
}
