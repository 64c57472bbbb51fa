using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Ottl;

/// <summary>A literal (or an enum, read at parse time).</summary>
internal sealed class ConstExpr(OttlValue value) : Expr
{
    public override OttlValue Eval(ref EvalContext c) => value;

    public override OttlValue? Constant => value;
}

/// <summary>A list literal (<c>[a, b]</c>); evaluates to a new list.</summary>
internal sealed class ListExpr(Expr[] items) : Expr
{
    /// <summary>The items, for functions that take a list argument item by item.</summary>
    public Expr[] Items { get; } = items;

    public override OttlValue Eval(ref EvalContext c)
    {
        var list = new RepeatedField<AnyValue>();
        foreach (var item in Items)
        {
            list.Add(item.Eval(ref c).ToAnyValue());
        }

        return OttlValue.Of(list);
    }
}

/// <summary>A map literal (<c>{"k": v}</c>); evaluates to a new map.</summary>
internal sealed class MapExpr((string Key, Expr Value)[] entries) : Expr
{
    public override OttlValue Eval(ref EvalContext c)
    {
        var map = new RepeatedField<KeyValue>();
        foreach (var (key, value) in entries)
        {
            MapOps.Put(map, key, value.Eval(ref c));
        }

        return OttlValue.Of(map);
    }
}

/// <summary>Arithmetic on ints or doubles; mixing the two is an error, as in the reference.</summary>
internal sealed class MathExpr(char op, Expr left, Expr right) : Expr
{
    public override OttlValue Eval(ref EvalContext c)
    {
        var l = left.Eval(ref c);
        var r = right.Eval(ref c);
        if (l.Kind == OttlValueKind.Int && r.Kind == OttlValueKind.Int)
        {
            long a = l.Int, b = r.Int;
            return op switch
            {
                '+' => OttlValue.Of(unchecked(a + b)),
                '-' => OttlValue.Of(unchecked(a - b)),
                '*' => OttlValue.Of(unchecked(a * b)),
                _ => b == 0 ? throw new OttlRuntimeException($"division by zero in \"{Text}\"") : OttlValue.Of(a / b),
            };
        }

        if (l.Kind == OttlValueKind.Double && r.Kind == OttlValueKind.Double)
        {
            double a = l.Double, b = r.Double;
            return op switch
            {
                '+' => OttlValue.Of(a + b),
                '-' => OttlValue.Of(a - b),
                '*' => OttlValue.Of(a * b),
                _ => b == 0 ? throw new OttlRuntimeException($"division by zero in \"{Text}\"") : OttlValue.Of(a / b),
            };
        }

        throw new OttlRuntimeException($"\"{Text}\": {op} needs two ints or two doubles, got {OttlValue.TypeName(l.Kind)} and {OttlValue.TypeName(r.Kind)}");
    }
}

/// <summary>One key of a path or converter result: <c>["k"]</c> or <c>[0]</c>.</summary>
internal readonly record struct PathKey(string? Name, long Index)
{
    public override string ToString() => Name is null ? $"[{Index}]" : $"[\"{Name}\"]";
}

/// <summary>Indexes a value by keys (<c>Split(x, ",")[1]</c>, <c>attributes["a"]["b"]</c> when reading).</summary>
internal static class Indexing
{
    /// <summary>The value at the keys; nil when a map lacks a key.</summary>
    public static OttlValue Get(OttlValue value, PathKey[] keys, string text)
    {
        foreach (var key in keys)
        {
            switch (value.Kind)
            {
                case OttlValueKind.Nil:
                    return OttlValue.Nil;
                case OttlValueKind.Map when key.Name is not null:
                    value = MapOps.Get(value.Map, key.Name);
                    break;
                case OttlValueKind.List when key.Name is null:
                    var list = value.List;
                    if (key.Index < 0 || key.Index >= list.Count)
                    {
                        throw new OttlRuntimeException($"{text}: index {key.Index} out of range (the list has {list.Count} items)");
                    }

                    value = OttlValue.From(list[(int)key.Index]);
                    break;
                default:
                    throw new OttlRuntimeException($"{text}: cannot index {OttlValue.TypeName(value.Kind)} with {key}");
            }
        }

        return value;
    }
}

/// <summary>A converter's result indexed by keys.</summary>
internal sealed class IndexExpr(Expr inner, PathKey[] keys) : Expr
{
    public override OttlValue Eval(ref EvalContext c) => Indexing.Get(inner.Eval(ref c), keys, Text);
}
