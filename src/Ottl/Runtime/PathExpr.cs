using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Ottl;

/// <summary>A path: a context field, optionally indexed (<c>attributes["a"]["b"]</c>). Editors write through it.</summary>
internal sealed class PathExpr(Field field, PathKey[] keys) : Expr
{
    /// <summary>The field the path starts at.</summary>
    public Field Field { get; } = field;

    /// <summary>True when the path can be written (<see cref="Set"/>).</summary>
    public bool CanSet => Field.Set is not null || (keys.Length > 0 && Field.TakesKeys);

    public override OttlValue Eval(ref EvalContext c)
    {
        var value = Field.Get(ref c);
        return keys.Length == 0 ? value : Indexing.Get(value, keys, Text);
    }

    /// <summary>Writes the value; true when it changed something. A nil value writes nothing (the reference's <c>set</c>).</summary>
    public bool Set(ref EvalContext c, in OttlValue value)
    {
        if (keys.Length == 0)
        {
            return Field.Set!(ref c, value);
        }

        var container = Field.Get(ref c);
        if (container.IsNil && Field.Set is not null)
        {
            // A value that holds nothing yet (an empty body) becomes a map or list for the keys to go in.
            Field.Set(ref c, keys[0].Name is null ? OttlValue.Of(new RepeatedField<AnyValue>()) : OttlValue.Of(new RepeatedField<KeyValue>()));
            container = Field.Get(ref c);
        }

        for (int i = 0; i < keys.Length - 1; i++)
        {
            container = Step(container, keys[i]);
        }

        var last = keys[^1];
        switch (container.Kind)
        {
            case OttlValueKind.Map when last.Name is not null:
                return MapOps.Put(container.Map, last.Name, value);
            case OttlValueKind.List when last.Name is null:
                var list = container.List;
                if (last.Index < 0 || last.Index >= list.Count)
                {
                    throw new OttlRuntimeException($"{Text}: index {last.Index} out of range (the list has {list.Count} items)");
                }

                if (value.SameAs(list[(int)last.Index]))
                {
                    return false;
                }

                list[(int)last.Index] = value.ToAnyValue();
                return true;
            default:
                throw new OttlRuntimeException($"{Text}: cannot index {OttlValue.TypeName(container.Kind)} with {last}");
        }
    }

    /// <summary>The map the path holds, for editors that change maps; an error for any other value.</summary>
    public RepeatedField<KeyValue> Map(ref EvalContext c, string function)
    {
        var value = Eval(ref c);
        return value.Kind == OttlValueKind.Map
            ? value.Map
            : throw new OttlRuntimeException($"{function}: {Text} is {OttlValue.TypeName(value.Kind)}, not a map");
    }

    // One step down while writing: a missing map key becomes a new map, as the reference does.
    private OttlValue Step(OttlValue container, PathKey key)
    {
        switch (container.Kind)
        {
            case OttlValueKind.Map when key.Name is not null:
                var map = container.Map;
                int index = MapOps.IndexOf(map, key.Name);
                if (index < 0)
                {
                    var created = new AnyValue { KvlistValue = new KeyValueList() };
                    map.Add(new KeyValue { Key = key.Name, Value = created });
                    return OttlValue.From(created);
                }

                var entry = map[index];
                if (entry.Value is null || entry.Value.ValueCase == AnyValue.ValueOneofCase.None)
                {
                    entry.Value = new AnyValue { KvlistValue = new KeyValueList() };
                }

                return OttlValue.From(entry.Value);
            case OttlValueKind.List when key.Name is null:
                var list = container.List;
                if (key.Index < 0 || key.Index >= list.Count)
                {
                    throw new OttlRuntimeException($"{Text}: index {key.Index} out of range (the list has {list.Count} items)");
                }

                return OttlValue.From(list[(int)key.Index]);
            default:
                throw new OttlRuntimeException($"{Text}: cannot index {OttlValue.TypeName(container.Kind)} with {key}");
        }
    }
}
