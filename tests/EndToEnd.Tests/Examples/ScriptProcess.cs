using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// A script under scripts/ run with bash as a child process, its standard output and error collected as one output.
/// The acceptance scripts run with <c>--hold</c> print a ready line, keep what they started running until their
/// standard input is closed (<see cref="StopAsync"/>, <see cref="Dispose"/>), then stop it and report. What differs
/// between them (arguments, what a script needs, how long its release may take) is given by
/// <see cref="ContainerScript"/> and <see cref="ImageScript"/>.
/// </summary>
internal sealed class ScriptProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _script;
    private readonly string? _needs;
    private readonly TimeSpan _release;
    private readonly StringBuilder _output = new();

    // Guarded by _output. Each is completed from the output handler by the first line starting with its prefix, so a
    // wait ends when that line arrives rather than at the next look.
    private readonly List<(string Prefix, TaskCompletionSource<string> Line)> _awaited = [];

    private ScriptProcess(Process process, string script, string? needs, TimeSpan release)
    {
        _process = process;
        _script = script;
        _needs = needs;
        _release = release;
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

    /// <summary>
    /// Starts scripts/<paramref name="script"/> with <paramref name="args"/> from the repository's root.
    /// <paramref name="needs"/> says what the script needs from the machine, for the failure when it exits before the
    /// awaited line; <paramref name="release"/> bounds each step of <see cref="Dispose"/>.
    /// </summary>
    public static ScriptProcess Start(string script, IEnumerable<string> args, string? needs, TimeSpan release)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ExampleFiles.RepoRoot,
        };
        info.ArgumentList.Add(Path.Combine(ExampleFiles.RepoRoot, "scripts", script));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The test host inherits MSBuild's variables from `dotnet test`; a `dotnet publish` the script runs must not.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        var process = new Process { StartInfo = info };
        var result = new ScriptProcess(process, script, needs, release);
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>
    /// Waits (bounded: a script may install packages or publish first, minutes on a clean machine) for a line starting
    /// with <paramref name="prefix"/> and returns it; when the script ends first, fails with its output, which says why.
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
                throw new TimeoutException($"\"{prefix}\" did not appear within {limit} (scripts/{_script} still running); output:\n" + Output);
            }

            throw new InvalidOperationException(
                $"scripts/{_script} exited {_process.ExitCode} before \"{prefix}\"{(_needs is null ? "" : $" ({_needs})")}; its output:\n" + Output);
        }
        finally
        {
            lock (_output)
            {
                _awaited.RemoveAll(a => a.Line == line);
            }
        }
    }

    /// <summary>Closes the script's standard input, its release, and waits (bounded) for it to finish.</summary>
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
            throw new TimeoutException($"{_script} did not finish; output:\n" + Output);
        }

        // Make sure the asynchronous output readers have drained.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // Closing standard input releases what the script holds; a script that does not finish gets SIGTERM (which
            // container-acceptance.sh also takes as the release), so that its EXIT trap removes what it created, which
            // killing the tree would leave behind; only what is left after that is killed.
            _process.StandardInput.Close();
            if (!_process.WaitForExit(_release))
            {
                using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    kill.WaitForExit();
                }

                if (!_process.WaitForExit(_release))
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
