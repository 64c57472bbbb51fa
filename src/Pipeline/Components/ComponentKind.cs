namespace MiniCollector.Pipeline.Components;

/// <summary>The kinds of component a config defines.</summary>
public enum ComponentKind
{
    Receiver,
    Processor,
    Exporter,
    Extension,

    /// <summary>An exporter in one pipeline and a receiver in another (spanmetrics, count, routing, forward).</summary>
    Connector,
}

/// <summary>Config section names of the component kinds.</summary>
public static class ComponentKindNames
{
    /// <summary>The top-level config section of the kind (<c>receivers</c>, ...).</summary>
    public static string Section(this ComponentKind kind) => kind switch
    {
        ComponentKind.Receiver => "receivers",
        ComponentKind.Processor => "processors",
        ComponentKind.Exporter => "exporters",
        ComponentKind.Connector => "connectors",
        _ => "extensions",
    };

    /// <summary>The singular name used in messages (<c>receiver</c>, ...).</summary>
    public static string Singular(this ComponentKind kind) => kind switch
    {
        ComponentKind.Receiver => "receiver",
        ComponentKind.Processor => "processor",
        ComponentKind.Exporter => "exporter",
        ComponentKind.Connector => "connector",
        _ => "extension",
    };
}
