using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Ottl;

/// <summary>
/// The paths of the data point context. A field the point's type does not have reads as nil (<c>count</c> of a gauge
/// point) and writing it changes nothing, as in the reference.
/// </summary>
internal static class DataPointPaths
{
    public static readonly Dictionary<string, Field> Table = FieldKit.Table(
        FieldKit.Attributes("datapoint.attributes", (ref EvalContext c) => AttributesOf(c.DataPoint)),
        FieldKit.UInt64(
            "start_time_unix_nano",
            "datapoint.start_time_unix_nano",
            (ref EvalContext c) => c.DataPoint is IDataPoint p ? p.StartTimeUnixNano : 0,
            (ref EvalContext c, ulong v) =>
            {
                if (c.DataPoint is IDataPoint p)
                {
                    p.StartTimeUnixNano = v;
                }
            }),
        FieldKit.UInt64(
            "time_unix_nano",
            "datapoint.time_unix_nano",
            (ref EvalContext c) => c.DataPoint is IDataPoint p ? p.TimeUnixNano : 0,
            (ref EvalContext c, ulong v) =>
            {
                if (c.DataPoint is IDataPoint p)
                {
                    p.TimeUnixNano = v;
                }
            }),
        FieldKit.UInt32(
            "flags",
            "datapoint.flags",
            (ref EvalContext c) => c.DataPoint is IDataPoint p ? p.Flags : 0,
            (ref EvalContext c, uint v) =>
            {
                if (c.DataPoint is IDataPoint p)
                {
                    p.Flags = v;
                }
            }),
        new Field(
            "value_double",
            "double",
            (ref EvalContext c) => c.DataPoint is NumberDataPoint p ? OttlValue.Of(p.ValueCase == NumberDataPoint.ValueOneofCase.AsDouble ? p.AsDouble : 0d) : OttlValue.Nil,
            (ref EvalContext c, in OttlValue v) =>
            {
                double value = FieldValues.Double(v, "datapoint.value_double");
                if (c.DataPoint is not NumberDataPoint p || (p.ValueCase == NumberDataPoint.ValueOneofCase.AsDouble && p.AsDouble.Equals(value)))
                {
                    return false;
                }

                p.AsDouble = value;
                return true;
            }),
        new Field(
            "value_int",
            "int",
            (ref EvalContext c) => c.DataPoint is NumberDataPoint p ? OttlValue.Of(p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : 0L) : OttlValue.Nil,
            (ref EvalContext c, in OttlValue v) =>
            {
                long value = FieldValues.Int(v, "datapoint.value_int");
                if (c.DataPoint is not NumberDataPoint p || (p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt && p.AsInt == value))
                {
                    return false;
                }

                p.AsInt = value;
                return true;
            }),
        new Field(
            "count",
            "int",
            (ref EvalContext c) => c.DataPoint switch
            {
                HistogramDataPoint p => OttlValue.Of((long)p.Count),
                ExponentialHistogramDataPoint p => OttlValue.Of((long)p.Count),
                SummaryDataPoint p => OttlValue.Of((long)p.Count),
                _ => OttlValue.Nil,
            },
            (ref EvalContext c, in OttlValue v) =>
            {
                ulong value = (ulong)FieldValues.Int(v, "datapoint.count");
                switch (c.DataPoint)
                {
                    case HistogramDataPoint p when p.Count != value: p.Count = value; return true;
                    case ExponentialHistogramDataPoint p when p.Count != value: p.Count = value; return true;
                    case SummaryDataPoint p when p.Count != value: p.Count = value; return true;
                    default: return false;
                }
            }),
        new Field(
            "sum",
            "double",
            (ref EvalContext c) => c.DataPoint switch
            {
                HistogramDataPoint p => OttlValue.Of(p.Sum),
                ExponentialHistogramDataPoint p => OttlValue.Of(p.Sum),
                SummaryDataPoint p => OttlValue.Of(p.Sum),
                _ => OttlValue.Nil,
            },
            (ref EvalContext c, in OttlValue v) =>
            {
                double value = FieldValues.Double(v, "datapoint.sum");
                switch (c.DataPoint)
                {
                    case HistogramDataPoint p when !(p.HasSum && p.Sum.Equals(value)): p.Sum = value; return true;
                    case ExponentialHistogramDataPoint p when !(p.HasSum && p.Sum.Equals(value)): p.Sum = value; return true;
                    case SummaryDataPoint p when !p.Sum.Equals(value): p.Sum = value; return true;
                    default: return false;
                }
            }),
        new Field(
            "scale",
            "int",
            (ref EvalContext c) => c.DataPoint is ExponentialHistogramDataPoint p ? OttlValue.Of((long)p.Scale) : OttlValue.Nil,
            (ref EvalContext c, in OttlValue v) =>
            {
                long value = FieldValues.Int(v, "datapoint.scale");
                if (c.DataPoint is not ExponentialHistogramDataPoint p || p.Scale == value)
                {
                    return false;
                }

                p.Scale = value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new OttlRuntimeException($"datapoint.scale out of range: {value}");
                return true;
            }),
        new Field(
            "zero_count",
            "int",
            (ref EvalContext c) => c.DataPoint is ExponentialHistogramDataPoint p ? OttlValue.Of((long)p.ZeroCount) : OttlValue.Nil,
            (ref EvalContext c, in OttlValue v) =>
            {
                ulong value = (ulong)FieldValues.Int(v, "datapoint.zero_count");
                if (c.DataPoint is not ExponentialHistogramDataPoint p || p.ZeroCount == value)
                {
                    return false;
                }

                p.ZeroCount = value;
                return true;
            }));

    /// <summary>The attributes of a point of any type.</summary>
    public static RepeatedField<KeyValue>? AttributesOf(Google.Protobuf.IMessage? point) => (point as IDataPoint)?.Attributes;
}
