namespace MiniCollector.Benchmarks.Load.Collector;

/// <summary>The <c>file_storage</c> extension behind a persistent sending queue.</summary>
/// <param name="Directory">Where the queue's files go: a fresh directory per scenario, deleted afterwards.</param>
/// <param name="Fsync">Whether every write is flushed to the disk before the client is answered.</param>
public sealed record FileStorageSettings(string Directory, bool Fsync);
