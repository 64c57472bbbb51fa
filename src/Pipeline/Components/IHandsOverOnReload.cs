namespace MiniCollector.Pipeline.Components;

/// <summary>
/// A component that, when a reload replaces it by a new build of the same id, hands what it still holds (data not yet
/// delivered) to that build instead of finishing it itself. The reload names the successor just before it stops this
/// one; a reload that fails before then names none, and the component finishes its work as at any stop.
/// </summary>
public interface IHandsOverOnReload
{
    /// <summary>Called by the reload with the new build of this component's id, right before this one is stopped.</summary>
    void SucceededBy(IComponent successor);
}
