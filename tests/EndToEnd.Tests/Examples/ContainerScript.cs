using System.Diagnostics;
using System.Text;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// scripts/container-acceptance.sh run with <c>--hold</c>: it builds the image on a real Docker engine, runs its own
/// checks, then starts the image once more with its ports published on 127.0.0.1 and keeps it running until its
/// standard input is closed (<see cref="StopAsync"/>, <see cref="Dispose"/>), when it `docker stop`s it and prints its
/// log. <c>MINICOLLECTOR_EXECUTABLE</c> (the executable CI published) is inherited, so the script does not publish again.
/// </summary>
internal sealed class ContainerScript : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    // Guarded by _output. Each is completed from the output handler by the first line starting with its prefix, so a
    // wait ends when that line arrives rather than at the next look.
    private readonly List<(string Prefix, TaskCompletionSource<string> Line)> _awaited = [];

    private ContainerScript(Process process)
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

    public static ContainerScript Start()
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ExampleFiles.RepoRoot,
        };
        info.ArgumentList.Add(Path.Combine(ExampleFiles.RepoRoot, "scripts", "container-acceptance.sh"));
        info.ArgumentList.Add("--hold");

        // The test host inherits MSBuild's variables from `dotnet test`; a publish the script may run must not.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        var process = new Process { StartInfo = info };
        var script = new ContainerScript(process);
        process.OutputDataReceived += (_, e) => script.Append(e.Data);
        process.ErrorDataReceived += (_, e) => script.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return script;
    }

    /// <summary>
    /// Waits (bounded: installing the engine, debootstrap and publishing take minutes on a clean machine) for a line
    /// starting with <paramref name="prefix"/>; when the script ends first, fails with its output, which says why
    /// (not root, docker.io not installable, dockerd not starting, a check failing).
    /// </summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan limit)
    {
        var line = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            // Checked and registered under the lock Append takes, so a line cannot slip between the two.
            var seen = _output.ToString().Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (seen is not null)
            {
                return seen.TrimEnd('\r');
            }

            _awaited.Add((prefix, line));
        }

        try
        {
            // The other event is the script's exit, whose task completes once its output is drained: a line printed
            // just before it has completed the wait by then.
            using var guard = new CancellationTokenSource(limit);
            var exited = _process.WaitForExitAsync(guard.Token);
            await Task.WhenAny(line.Task, exited);
            if (line.Task.IsCompleted)
            {
                return await line.Task;
            }

            if (exited.IsCanceled)
            {
                throw new TimeoutException($"\"{prefix}\" did not appear within {limit}; output:\n" + Output);
            }

            throw new InvalidOperationException(
                $"{ContainerFactAttribute.Variable}=1 asks for the container, and scripts/container-acceptance.sh exited {_process.ExitCode} before \"{prefix}\" " +
                "(it needs root, the Debian packages docker.io, debootstrap and docker-compose, and a Docker engine it can start); its output:\n" + Output);
        }
        finally
        {
            lock (_output)
            {
                _awaited.RemoveAll(a => a.Line == line);
            }
        }
    }

    /// <summary>Closes the script's standard input, which makes it stop the container, and waits (bounded) for it to finish.</summary>
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
            throw new TimeoutException("container-acceptance.sh did not finish; output:\n" + Output);
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // Closing standard input makes the script stop its container; a script that does not finish gets SIGTERM,
            // which it also takes as the release, and its EXIT trap removes what it created.
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(90)))
                {
                    _process.Kill(entireProcessTree: true);
                }
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
            foreach (var (_, awaited) in _awaited.Where(a => line.StartsWith(a.Prefix, StringComparison.Ordinal)))
            {
                // Its continuations run asynchronously, not here under the lock on the output reader's thread.
                awaited.TrySetResult(line);
            }
        }
    }
}
