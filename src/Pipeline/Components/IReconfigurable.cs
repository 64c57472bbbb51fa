namespace MiniCollector.Pipeline.Components;

/// <summary>
/// A running component that can take a changed config without being replaced, so the parts of it whose config did not
/// change keep running through a reload: the OTLP receiver keeps the listener (and the connections) of a protocol
/// whose settings are unchanged while its other protocol moves or changes.
/// </summary>
public interface IReconfigurable
{
    /// <summary>True when <paramref name="change"/> can be applied in place; otherwise the reload replaces the component.</summary>
    bool CanReconfigure(ConfigChange change);

    /// <summary>Applies <paramref name="change"/>: restarts only what it changes. Called once the new graph's new components run.</summary>
    Task ReconfigureAsync(ConfigChange change, CancellationToken cancellationToken);
}
