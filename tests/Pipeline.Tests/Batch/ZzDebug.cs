using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.TestSupport.Shape;
namespace MiniCollector.Pipeline.Tests.Batch;
public sealed class ZzDebug
{
    [Fact]
    public void Show()
    {
        var req = TracesCase.Instance.Build(R("checkout", S("scope", 3)), R("payments", S("scope", 4)), R("shipping", S("scope", 5)));
        var parts = TracesKind.Instance.Split(req, 5);
        Assert.Fail(string.Join("\n", parts.Select(p => string.Join(" | ", p.ResourceSpans.Select(r => r.Resource.Attributes[0].Value.StringValue + ":" + string.Join(",", r.ScopeSpans.SelectMany(s => s.Spans).Select(s => s.Name)))))));
    }
}
