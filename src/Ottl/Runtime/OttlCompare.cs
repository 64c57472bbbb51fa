using MiniCollector.Otlp.Common;

namespace MiniCollector.Ottl;

/// <summary>
/// OTTL's comparison rules: numbers compare as numbers whatever their type (int with double as double), strings
/// ordinally, false before true, bytes by their bytes; maps and lists are only equal or not; values of different
/// types are never equal and never ordered; nil equals only nil.
/// </summary>
internal static class OttlCompare
{
    /// <summary>The comparison operators.</summary>
    public enum Op
    {
        Eq,
        Ne,
        Lt,
        Le,
        Gt,
        Ge,
    }

    /// <summary>The text of an operator.</summary>
    public static string Text(Op op) => op switch
    {
        Op.Eq => "==",
        Op.Ne => "!=",
        Op.Lt => "<",
        Op.Le => "<=",
        Op.Gt => ">",
        _ => ">=",
    };

    /// <summary>Applies an operator.</summary>
    public static bool Apply(Op op, in OttlValue left, in OttlValue right)
    {
        if (op == Op.Eq)
        {
            return Equal(left, right);
        }

        if (op == Op.Ne)
        {
            return !Equal(left, right);
        }

        if (Order(left, right) is not { } order)
        {
            return false;
        }

        return op switch
        {
            Op.Lt => order < 0,
            Op.Le => order <= 0,
            Op.Gt => order > 0,
            _ => order >= 0,
        };
    }

    /// <summary>OTTL equality.</summary>
    public static bool Equal(in OttlValue left, in OttlValue right)
    {
        switch (left.Kind)
        {
            case OttlValueKind.Nil:
                return right.IsNil;
            case OttlValueKind.Int when right.Kind == OttlValueKind.Int:
                return left.Int == right.Int;
            case OttlValueKind.Int or OttlValueKind.Double when right.Kind is OttlValueKind.Int or OttlValueKind.Double:
                return AsDouble(left) == AsDouble(right);
            case OttlValueKind.String when right.Kind == OttlValueKind.String:
                return string.Equals(left.String, right.String, StringComparison.Ordinal);
            case OttlValueKind.Bool when right.Kind == OttlValueKind.Bool:
                return left.Bool == right.Bool;
            case OttlValueKind.Bytes when right.Kind == OttlValueKind.Bytes:
                return left.Bytes.Span.SequenceEqual(right.Bytes.Span);
            case OttlValueKind.Map when right.Kind == OttlValueKind.Map:
                return MapsEqual(left, right);
            case OttlValueKind.List when right.Kind == OttlValueKind.List:
                var a = left.List;
                var b = right.List;
                if (a.Count != b.Count)
                {
                    return false;
                }

                for (int i = 0; i < a.Count; i++)
                {
                    if (!SameValue(a[i], b[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    // Negative, zero or positive when both values are ordered types of the same family; null otherwise.
    private static int? Order(in OttlValue left, in OttlValue right)
    {
        switch (left.Kind)
        {
            case OttlValueKind.Int when right.Kind == OttlValueKind.Int:
                return left.Int.CompareTo(right.Int);
            case OttlValueKind.Int or OttlValueKind.Double when right.Kind is OttlValueKind.Int or OttlValueKind.Double:
                double l = AsDouble(left);
                double r = AsDouble(right);
                return double.IsNaN(l) || double.IsNaN(r) ? null : l.CompareTo(r);
            case OttlValueKind.String when right.Kind == OttlValueKind.String:
                return string.CompareOrdinal(left.String, right.String);
            case OttlValueKind.Bool when right.Kind == OttlValueKind.Bool:
                return left.Bool.CompareTo(right.Bool);
            case OttlValueKind.Bytes when right.Kind == OttlValueKind.Bytes:
                return left.Bytes.Span.SequenceCompareTo(right.Bytes.Span);
            default:
                return null;
        }
    }

    private static double AsDouble(in OttlValue v) => v.Kind == OttlValueKind.Int ? v.Int : v.Double;

    private static bool SameValue(AnyValue? a, AnyValue? b)
    {
        var x = OttlValue.From(a);
        var y = OttlValue.From(b);
        return x.Kind == y.Kind && Equal(x, y);
    }

    // Maps are equal when they hold the same keys with equal values, whatever the order.
    private static bool MapsEqual(in OttlValue left, in OttlValue right)
    {
        var a = left.Map;
        var b = right.Map;
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var entry in a)
        {
            int index = MapOps.IndexOf(b, entry.Key);
            if (index < 0 || !SameValue(entry.Value, b[index].Value))
            {
                return false;
            }
        }

        return true;
    }
}
