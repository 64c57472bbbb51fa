using MiniCollector.Otlp.Common;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Processors.Transform;

/// <summary>
/// A request's resource and scope for statements that may write to them: an absent one is made for the statements
/// and taken away again when they left it empty, so an unchanged request's model is as received.
/// </summary>
internal static class Levels
{
    public static OtlpResource Resource(OtlpResource? resource) => resource ?? new OtlpResource();

    public static InstrumentationScope Scope(InstrumentationScope? scope) => scope ?? new InstrumentationScope();

    /// <summary>The level to keep: null when it was absent and is still empty.</summary>
    public static T? Keep<T>(T? before, T used)
        where T : class, Google.Protobuf.IMessage
        => before is null && used.CalculateSize() == 0 ? null : used;
}
