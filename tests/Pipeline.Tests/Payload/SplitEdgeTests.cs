using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Pipeline.Tests.Payload;

public sealed class SplitEdgeTests
{
    [Fact]
    public void Trailing_empty_resources_do_not_become_parts_of_their_own()
    {
        var request = new ExportTraceServiceRequest();
        var full = new ResourceSpans();
        var scope = new ScopeSpans();
        for (int i = 0; i < 4; i++)
        {
            scope.Spans.Add(new Span { Name = "s" + i });
        }

        full.ScopeSpans.Add(scope);
        request.ResourceSpans.Add(full);
        request.ResourceSpans.Add(new ResourceSpans());
        request.ResourceSpans.Add(new ResourceSpans { ScopeSpans = { new ScopeSpans() } });

        var parts = TracesKind.Instance.Split(request, 2);

        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.Equal(2, TracesKind.Instance.CountItems(p)));
    }
}
