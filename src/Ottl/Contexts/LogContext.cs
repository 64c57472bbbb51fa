using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Ottl;

/// <summary>A log record with its scope and resource, for the <c>log</c> context.</summary>
public readonly struct LogContext(OtlpResource? resource, InstrumentationScope? scope, LogRecord log)
{
    /// <summary>The resource.</summary>
    public OtlpResource? Resource { get; } = resource;

    /// <summary>The instrumentation scope.</summary>
    public InstrumentationScope? Scope { get; } = scope;

    /// <summary>The log record.</summary>
    public LogRecord Log { get; } = log;

    internal EvalContext ToEval() => new() { Resource = Resource, Scope = Scope, Log = Log };
}
