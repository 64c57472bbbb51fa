using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Storage;

namespace MiniCollector.Exporters.Sending;

/// <summary>How <c>sending_queue</c> (and its <c>batch</c>) measures requests: <c>requests</c>, <c>items</c> or <c>bytes</c>.</summary>
public enum QueueSizer
{
    Requests,
    Items,
    Bytes,
}

/// <summary>The size of a request in each sizer's unit.</summary>
public static class QueueSizes
{
    /// <summary>The config names, in the order the reference lists them.</summary>
    public static readonly string[] Names = ["requests", "items", "bytes"];

    /// <summary>Parses a config name (already checked against <see cref="Names"/>).</summary>
    public static QueueSizer Parse(string name) => name switch
    {
        "items" => QueueSizer.Items,
        "bytes" => QueueSizer.Bytes,
        _ => QueueSizer.Requests,
    };

    /// <summary>A request's size: 1, its item count, or its serialized length.</summary>
    public static long SizeOf(this QueueSizer sizer, TelemetryRequest request) => sizer switch
    {
        QueueSizer.Items => request.ItemCount,
        QueueSizer.Bytes => request.ByteLength,
        _ => 1,
    };

    /// <summary>A stored request's size, known without reading it back.</summary>
    public static long SizeOf(this QueueSizer sizer, StoredRecord record) => sizer switch
    {
        QueueSizer.Items => record.ItemCount,
        QueueSizer.Bytes => record.Length,
        _ => 1,
    };
}
