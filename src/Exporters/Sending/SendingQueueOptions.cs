using MiniCollector.Pipeline.Config;

namespace MiniCollector.Exporters.Sending;

/// <summary><c>sending_queue</c>: a bounded in-memory queue of requests drained by several consumers.</summary>
public sealed record SendingQueueOptions
{
    public bool Enabled { get; init; } = true;

    public int NumConsumers { get; init; } = 10;

    /// <summary>Capacity in requests.</summary>
    public int QueueSize { get; init; } = 1000;

    /// <summary>When full: wait for room (true) or refuse the request with a retryable error (false).</summary>
    public bool BlockOnOverflow { get; init; }

    /// <summary>Binds <c>sending_queue</c>, reporting every problem.</summary>
    public static SendingQueueOptions Bind(ConfigSection section)
    {
        var d = new SendingQueueOptions();
        var options = new SendingQueueOptions
        {
            Enabled = section.Bool("enabled", d.Enabled),
            NumConsumers = section.Int("num_consumers", d.NumConsumers, min: 1),
            QueueSize = section.Int("queue_size", d.QueueSize, min: 1),
            BlockOnOverflow = section.Bool("block_on_overflow", d.BlockOnOverflow),
        };
        if (section.Choice("sizer", "requests", "requests", "items", "bytes") != "requests")
        {
            section.Invalid("sizer", "only the requests sizer is supported by MiniCollector (queue_size counts requests)");
        }

        // The reference's default; answering only after delivery is not supported.
        if (section.Bool("wait_for_result", false))
        {
            section.Invalid("wait_for_result", "wait_for_result: true is not supported by MiniCollector (disable the queue with enabled: false to answer after delivery)");
        }

        if (section.Has("storage"))
        {
            section.Invalid("storage", "persistent queues (storage) are not supported by MiniCollector; the queue is in memory");
        }

        section.ReportUnknownKeys();
        return options;
    }
}
