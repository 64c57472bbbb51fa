namespace MiniCollector.Pipeline.Graph;

/// <summary>
/// What a config reload did: the graph now running, and by component (<c>kind/id</c>, processors with their
/// pipeline) what kept running, what started, what stopped, what was replaced by a new build, and what failed.
/// </summary>
public sealed record ReloadOutcome(PipelineGraph Graph, bool Succeeded)
{
    /// <summary>Kept running as they were (same instance; receivers kept their listeners and connections).</summary>
    public IReadOnlyList<string> Kept { get; init; } = [];

    /// <summary>Kept with a changed config applied in place (a receiver restarted only the protocol that changed).</summary>
    public IReadOnlyList<string> Reconfigured { get; init; } = [];

    /// <summary>New in this config, started.</summary>
    public IReadOnlyList<string> Started { get; init; } = [];

    /// <summary>Gone from this config: drained and stopped.</summary>
    public IReadOnlyList<string> Stopped { get; init; } = [];

    /// <summary>In both configs with a different config: the old one drained and stopped, the new one started.</summary>
    public IReadOnlyList<string> Replaced { get; init; } = [];

    /// <summary>Why the reload failed (the new config was refused or a component could not start); empty on success.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>One line for the log and the zpages service view.</summary>
    public string Summary => Succeeded
        ? $"kept [{string.Join(", ", Kept)}]; reconfigured [{string.Join(", ", Reconfigured)}]; started [{string.Join(", ", Started)}]; stopped [{string.Join(", ", Stopped)}]; replaced [{string.Join(", ", Replaced)}]"
        : string.Join("; ", Problems);
}
