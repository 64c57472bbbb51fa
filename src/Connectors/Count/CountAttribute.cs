using MiniCollector.Otlp.Common;

namespace MiniCollector.Connectors.Count;

/// <summary>
/// One <c>attributes</c> entry of a count metric: items are counted per value of <paramref name="Key"/>; those without
/// it are counted under <paramref name="DefaultValue"/>, or not at all when there is none.
/// </summary>
public sealed record CountAttribute(string Key, AnyValue? DefaultValue);
