using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Otlp.Metrics;

/// <summary>
/// What every OTLP data point type carries (number, histogram, exponential histogram, summary). The generated classes
/// share no base type; each is declared here to have this one, so code reading these fields needs no switch on the type.
/// </summary>
public interface IDataPoint
{
    RepeatedField<KeyValue> Attributes { get; }

    ulong StartTimeUnixNano { get; set; }

    ulong TimeUnixNano { get; set; }

    uint Flags { get; set; }
}

public sealed partial class NumberDataPoint : IDataPoint
{
}

public sealed partial class HistogramDataPoint : IDataPoint
{
}

public sealed partial class ExponentialHistogramDataPoint : IDataPoint
{
}

public sealed partial class SummaryDataPoint : IDataPoint
{
}
