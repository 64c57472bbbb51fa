using MiniCollector.Pipeline.Components;

namespace MiniCollector.Pipeline.Config;

/// <summary>Options that name extensions (e.g. <c>auth: {authenticator: basicauth/server}</c>), checked by the config parser.</summary>
public interface IReferencesExtensions
{
    /// <summary>Each referenced extension with the config path that names it.</summary>
    IEnumerable<(string Path, ComponentId Id)> ExtensionReferences { get; }
}
