using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Storage;

/// <summary>
/// One request in a persistent queue: its place (a sequence number, unique and increasing within the queue, and where
/// its payload lies) and what it holds.
/// </summary>
public readonly record struct StoredRecord(long Sequence, Signal Signal, int ItemCount, int Length, long Segment, long Offset);
