using MiniCollector.Otlp.Common;

namespace MiniCollector.Processors.Shared.Matching;

/// <summary>
/// One entry of <c>libraries</c>: the instrumentation scope's name must match, and its version too when one is given
/// (an empty <c>version</c> matches only an empty version).
/// </summary>
internal sealed class LibraryMatcher(StringMatcher name, StringMatcher? version)
{
    /// <summary>True when the scope matches.</summary>
    public bool Matches(InstrumentationScope? scope)
        => name.Matches(scope?.Name ?? string.Empty) && (version is null || version.Matches(scope?.Version ?? string.Empty));
}
