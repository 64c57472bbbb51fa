using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Storage;

namespace MiniCollector.Exporters.Otlp;

/// <summary>
/// What the options of both OTLP exporters have: the shared client settings, whose sending queue is what makes the
/// exporter persistent and what references a storage extension.
/// </summary>
public abstract record OtlpExporterOptions : IReferencesExtensions, IPersistentQueueOptions
{
    /// <inheritdoc />
    public bool HasPersistentQueue => Client.Queue.Enabled && Client.Queue.Storage is not null;

    /// <inheritdoc />
    public IEnumerable<(string Path, ComponentId Id)> ExtensionReferences => Client.Queue.Storage is { } storage ? [(Client.Queue.StoragePath, storage)] : [];

    public OtlpClientOptions Client { get; init; } = new();
}
