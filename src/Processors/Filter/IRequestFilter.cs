using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Processors.Filter;

/// <summary>The filter of one signal: removes the matching items from a request's model in place.</summary>
internal interface IRequestFilter
{
    /// <summary>Filters the request; what it dropped (items the signal counts) and whether the model changed at all.</summary>
    (long Dropped, bool Changed) Apply(TelemetryRequest request);

    /// <summary>True when the filtered request holds nothing (no resource left).</summary>
    bool IsEmpty(TelemetryRequest request);
}
