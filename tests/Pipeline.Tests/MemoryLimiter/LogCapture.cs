using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MiniCollector.Pipeline.Tests.MemoryLimiter;

/// <summary>A logger factory that keeps every line written through it, with its category and level.</summary>
internal sealed class LogCapture : ILoggerFactory
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries => [.. _entries];

    /// <summary>Lines whose text contains <paramref name="fragment"/>.</summary>
    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Containing(string fragment)
        => [.. _entries.Where(e => e.Message.Contains(fragment, StringComparison.Ordinal))];

    public int Count(string fragment) => Containing(fragment).Count;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner._entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
