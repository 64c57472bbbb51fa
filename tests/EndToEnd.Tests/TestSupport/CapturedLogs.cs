using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MiniCollector.EndToEnd.Tests.TestSupport;

/// <summary>A logger provider that keeps every log line, so tests can read what the debug exporter printed.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries => [.. _entries];

    /// <summary>Everything the given category logged, joined.</summary>
    public string TextOf(string category) => string.Join("\n", _entries.Where(e => e.Category == category).Select(e => e.Message));

    /// <summary>Waits (bounded, as a hang guard) until the category's output satisfies the condition.</summary>
    public async Task<string> WaitForAsync(string category, Func<string, bool> condition, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var text = TextOf(category);
            if (condition(text) || DateTime.UtcNow > deadline)
            {
                return text;
            }

            await Task.Delay(20);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner._entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
