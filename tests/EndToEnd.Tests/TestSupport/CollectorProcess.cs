using System.Diagnostics;
using System.Text;

namespace MiniCollector.EndToEnd.Tests.TestSupport;

/// <summary>The real <c>minicollector</c> executable run as a child process, its output captured.</summary>
internal sealed class CollectorProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private CollectorProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Names the executable the process tests run instead of the JIT build (CI sets it to the NativeAOT publish).</summary>
    public const string ExecutableVariable = "MINICOLLECTOR_EXECUTABLE";

    /// <summary>The collector's dll, copied next to the tests by the project reference: run with <c>dotnet</c> when
    /// <see cref="ExecutableVariable"/> is not set.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "minicollector.dll");

    /// <summary>The full path of the executable named by <see cref="ExecutableVariable"/>, or null for the JIT build.</summary>
    public static string? Executable => Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public string Output => Stdout + Stderr;

    public int Id => _process.Id;

    public static CollectorProcess Start(string workingDirectory, params string[] args) => Start(workingDirectory, environment: null, args);

    /// <summary>Starts it with <paramref name="environment"/> added to the test host's environment.</summary>
    public static CollectorProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var executable = Executable;
        var info = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
        };
        if (executable is null)
        {
            info.ArgumentList.Add(Dll);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Collectors run side by side in the tests: their own metrics go on a port the OS picks, not 8888.
        info.ArgumentList.Add("--set");
        info.ArgumentList.Add("service.telemetry.metrics.address=127.0.0.1:0");

        var process = new Process { StartInfo = info };
        var result = new CollectorProcess(process);
        process.OutputDataReceived += (_, e) => Append(result._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(result._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Runs to completion (bounded) and returns the exit code.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, environment: null, args);

    /// <summary>Runs to completion (bounded) with <paramref name="environment"/> added, and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (code, process.Output);
    }

    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException("minicollector did not exit; output:\n" + Output);
        }

        // Make sure the asynchronous output readers have drained.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Waits (bounded) until the output contains the text.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"\"{text}\" did not appear; output:\n" + Output);
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Sends SIGTERM, as an orchestrator stopping the container would.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Sends SIGHUP: the collector reloads its config.</summary>
    public void Hangup()
    {
        using var kill = Process.Start("kill", ["-HUP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sb)
        {
            sb.AppendLine(line);
        }
    }
}
