using Google.Protobuf;

namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>A span kept as an exemplar of the data point it fell in: its ids and its duration in the histogram's unit.</summary>
internal readonly record struct SpanExemplar(ByteString TraceId, ByteString SpanId, double Value);
