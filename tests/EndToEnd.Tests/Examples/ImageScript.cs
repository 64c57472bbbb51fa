using MiniCollector.EndToEnd.Tests.TestSupport;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// scripts/image-acceptance.sh run with <c>--hold</c>: it publishes and starts the collector as the image would, and
/// keeps it running until its standard input is closed, then stops it with SIGTERM and reports the exit code. When
/// <c>MINICOLLECTOR_EXECUTABLE</c> names the executable CI already published with scripts/publish.sh, the script uses
/// it (<c>--publish-dir</c>) instead of publishing a second time.
/// </summary>
internal static class ImageScript
{
    /// <summary>Starts it with <paramref name="collectorArgs"/> appended to the image's command; 60 s for each step of the release.</summary>
    public static ScriptProcess Start(params string[] collectorArgs)
    {
        List<string> args = ["--hold"];
        if (CollectorProcess.Executable is { } executable)
        {
            // The script takes the directory scripts/publish.sh wrote, with the executable under its published name.
            Assert.True(Path.GetFileName(executable) == "minicollector", $"{CollectorProcess.ExecutableVariable} must name a file called minicollector (scripts/publish.sh's output): {executable}");
            args.AddRange(["--publish-dir", Path.GetDirectoryName(executable)!]);
        }

        args.Add("--");
        args.AddRange(collectorArgs);
        return ScriptProcess.Start("image-acceptance.sh", args, needs: null, TimeSpan.FromSeconds(60));
    }
}
