namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>
/// The collector's stdout and stderr, drained continuously (a full pipe would stall the collector's logging and
/// so its hot path): the last lines for error reports, and the warnings and errors it logged.
/// </summary>
public sealed class CollectorLog
{
    private const int TailLines = 60;
    private const int MaxProblems = 20;

    private readonly Queue<string> _tail = new();
    private readonly List<string> _problems = [];
    private readonly List<string> _errors = [];
    private readonly Lock _lock = new();
    private int _problemCount;

    /// <summary>Warning, error and critical lines (the simple console logger's <c>warn:</c>, <c>fail:</c>, <c>crit:</c>).</summary>
    public int ProblemCount
    {
        get
        {
            lock (_lock)
            {
                return _problemCount;
            }
        }
    }

    /// <summary>Adds a line of output; null (end of stream) is ignored.</summary>
    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }

            if (line.Contains(" warn: ", StringComparison.Ordinal) || line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal)
                || line.StartsWith("Unhandled exception", StringComparison.Ordinal))
            {
                _problemCount++;
                if (_problems.Count < MaxProblems)
                {
                    _problems.Add(line);
                }

                // Errors kept apart: a flood of warnings (refusals under overload) would otherwise hide them.
                if (!line.Contains(" warn: ", StringComparison.Ordinal) && _errors.Count < MaxProblems)
                {
                    _errors.Add(line);
                }
            }
        }
    }

    /// <summary>The first warning and error lines.</summary>
    public IReadOnlyList<string> Problems()
    {
        lock (_lock)
        {
            return [.. _problems];
        }
    }

    /// <summary>The first error and critical lines (and unhandled exceptions), without the warnings.</summary>
    public IReadOnlyList<string> Errors()
    {
        lock (_lock)
        {
            return [.. _errors];
        }
    }

    /// <summary>The last lines of output.</summary>
    public string Tail()
    {
        lock (_lock)
        {
            return string.Join(Environment.NewLine, _tail);
        }
    }
}
