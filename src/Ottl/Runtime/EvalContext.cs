using Google.Protobuf;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Ottl;

/// <summary>
/// The item a compiled statement or condition runs on, with every level above it. Passed by reference: building
/// one costs nothing, and the <c>cache</c> map is made only when a statement uses it.
/// </summary>
internal struct EvalContext
{
    public OtlpResource? Resource;
    public InstrumentationScope? Scope;
    public Span? Span;
    public Span.Types.Event? Event;
    public Metric? Metric;
    public IMessage? DataPoint;
    public LogRecord? Log;
    public RepeatedField<KeyValue>? Cache;
}
