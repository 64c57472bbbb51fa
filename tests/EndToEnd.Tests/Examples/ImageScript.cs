using System.Diagnostics;
using System.Text;
using MiniCollector.EndToEnd.Tests.TestSupport;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// scripts/image-acceptance.sh run with <c>--hold</c>: it publishes and starts the collector as the image would, and
/// keeps it running until its standard input is closed, then stops it with SIGTERM and reports the exit code. When
/// <c>MINICOLLECTOR_EXECUTABLE</c> names the executable CI already published with scripts/publish.sh, the script uses
/// it (<c>--publish-dir</c>) instead of publishing a second time.
/// </summary>
internal sealed class ImageScript : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ImageScript(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ImageScript Start(params string[] collectorArgs)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ExampleFiles.RepoRoot,
        };
        info.ArgumentList.Add(Path.Combine(ExampleFiles.RepoRoot, "scripts", "image-acceptance.sh"));
        info.ArgumentList.Add("--hold");
        if (CollectorProcess.Executable is { } executable)
        {
            // The script takes the directory scripts/publish.sh wrote, with the executable under its published name.
            Assert.True(Path.GetFileName(executable) == "minicollector", $"{CollectorProcess.ExecutableVariable} must name a file called minicollector (scripts/publish.sh's output): {executable}");
            info.ArgumentList.Add("--publish-dir");
            info.ArgumentList.Add(Path.GetDirectoryName(executable)!);
        }

        info.ArgumentList.Add("--");
        foreach (var arg in collectorArgs)
        {
            info.ArgumentList.Add(arg);
        }

        // The test host inherits MSBuild's variables from `dotnet test`; the script's own `dotnet publish` must not.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        var process = new Process { StartInfo = info };
        var script = new ImageScript(process);
        process.OutputDataReceived += (_, e) => script.Append(e.Data);
        process.ErrorDataReceived += (_, e) => script.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return script;
    }

    /// <summary>Waits (bounded: publishing takes minutes) for a line starting with <paramref name="prefix"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var line = Output.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line.TrimEnd('\r');
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"\"{prefix}\" did not appear (script {(_process.HasExited ? "exited " + _process.ExitCode : "still running")}); output:\n" + Output);
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Closes the script's standard input, which makes it stop the collector, and waits (bounded) for it to finish.</summary>
    public async Task<int> StopAsync(TimeSpan limit)
    {
        _process.StandardInput.Close();
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("image-acceptance.sh did not finish; output:\n" + Output);
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // Closing standard input makes the script stop its collector; whatever is left after that is ended.
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
