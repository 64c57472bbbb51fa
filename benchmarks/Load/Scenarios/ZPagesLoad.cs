namespace MiniCollector.Benchmarks.Load.Scenarios;

/// <summary>Whether a trace load scenario's collector has the zpages extension, and whether someone watches it.</summary>
public enum ZPagesLoad
{
    /// <summary>No zpages extension.</summary>
    None,

    /// <summary>zpages configured (capture on_view), no page open: the tap only reads one field per request.</summary>
    Unwatched,

    /// <summary>zpages configured and a page open: the live stream is connected and the trace list is fetched on every update.</summary>
    Watched,
}
