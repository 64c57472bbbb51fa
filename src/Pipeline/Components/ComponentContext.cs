using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Pipeline.Components;

/// <summary>What a factory gives a component it builds: its id and a logger that names it.</summary>
public sealed class ComponentContext(ComponentId id, ComponentKind kind, ILoggerFactory loggerFactory, IReadOnlyDictionary<ComponentId, IComponent>? extensions = null)
{
    private static readonly Dictionary<ComponentId, IComponent> NoExtensions = [];

    /// <summary>The component's id.</summary>
    public ComponentId Id { get; } = id;

    /// <summary>The component's kind.</summary>
    public ComponentKind Kind { get; } = kind;

    /// <summary>For components that build helpers needing their own loggers.</summary>
    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    /// <summary>The extensions the service runs, by id (receivers find their authenticator here).</summary>
    public IReadOnlyDictionary<ComponentId, IComponent> Extensions { get; } = extensions ?? NoExtensions;

    /// <summary>The clock components use for timers and delays; tests give a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The running collector's meter, where the component registers its self-metrics; outside a collector (unit
    /// tests, benchmarks) none unless the test gives one.
    /// </summary>
    public CollectorMeter Meter { get; init; } = CollectorMeter.None;

    /// <summary>The component's logger; its category is <c>kind/id</c>, so each line names the component.</summary>
    public ILogger Logger { get; } = loggerFactory.CreateLogger($"{kind.Singular()}/{id}");
}
