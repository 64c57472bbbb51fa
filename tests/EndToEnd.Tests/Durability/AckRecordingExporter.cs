using OpenTelemetry;

namespace MiniCollector.EndToEnd.Tests.Durability;

/// <summary>
/// Wraps one of the SDK's OTLP exporters and records, per export call, the names of the items it carried and the
/// result the collector's answer produced, so a test knows exactly which items were acknowledged.
/// </summary>
internal sealed class AckRecordingExporter<T> : BaseExporter<T>
    where T : class
{
    private readonly BaseExporter<T> _inner;
    private readonly Func<T, string> _name;
    private readonly List<(string[] Names, ExportResult Result)> _exports = [];

    public AckRecordingExporter(BaseExporter<T> inner, Func<T, string> name)
    {
        _inner = inner;
        _name = name;
    }

    /// <summary>Called with each export's item names and result as soon as its answer came, before the SDK goes on.</summary>
    public Action<string[], ExportResult>? Answered { get; set; }

    /// <summary>Every export so far: the item names it carried and its result.</summary>
    public IReadOnlyList<(string[] Names, ExportResult Result)> Exports
    {
        get
        {
            lock (_exports)
            {
                return [.. _exports];
            }
        }
    }

    /// <summary>Names of items in exports the collector answered with success.</summary>
    public IReadOnlyList<string> Acknowledged => [.. Exports.Where(e => e.Result == ExportResult.Success).SelectMany(e => e.Names)];

    /// <summary>Export calls answered with success.</summary>
    public int SuccessfulExports => Exports.Count(e => e.Result == ExportResult.Success);

    /// <summary>Export calls that failed (the SDK drops their items).</summary>
    public int FailedExports => Exports.Count(e => e.Result != ExportResult.Success);

    public override ExportResult Export(in Batch<T> batch)
    {
        // A batch from the SDK's batch processor can be enumerated once only: copy it, then hand the copy on.
        var items = new List<T>();
        var names = new List<string>();
        foreach (var item in batch)
        {
            items.Add(item);
            names.Add(_name(item));
        }

        ExportResult result;
        try
        {
            result = _inner.Export(new Batch<T>([.. items], items.Count));
        }
        catch (Exception)
        {
            result = ExportResult.Failure;
        }

        string[] carried = [.. names];
        Answered?.Invoke(carried, result);
        lock (_exports)
        {
            _exports.Add((carried, result));
        }

        return result;
    }

    protected override bool OnForceFlush(int timeoutMilliseconds) => _inner.ForceFlush(timeoutMilliseconds);

    protected override bool OnShutdown(int timeoutMilliseconds) => _inner.Shutdown(timeoutMilliseconds);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
