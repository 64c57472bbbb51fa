using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Ottl;

/// <summary>A resource, for statements and conditions of the <c>resource</c> context.</summary>
/// <remarks>A null resource reads as empty; statements that write to it need the real object.</remarks>
public readonly struct ResourceContext(OtlpResource? resource)
{
    /// <summary>The resource.</summary>
    public OtlpResource? Resource { get; } = resource;

    internal EvalContext ToEval() => new() { Resource = Resource };
}
