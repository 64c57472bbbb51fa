using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Ottl;

/// <summary>The map a field lives in, or null when the item has none (a request without a resource).</summary>
internal delegate RepeatedField<KeyValue>? MapOwner(ref EvalContext c);

/// <summary>Reads a typed field.</summary>
internal delegate T Read<T>(ref EvalContext c);

/// <summary>Writes a typed field.</summary>
internal delegate void Write<T>(ref EvalContext c, T value);

/// <summary>Builders for the field shapes every context repeats.</summary>
internal static class FieldKit
{
    /// <summary>A string field; writing the value it already has changes nothing.</summary>
    public static Field String(string name, string path, Read<string> read, Write<string>? write) => new(
        name,
        "string",
        (ref EvalContext c) => OttlValue.Of(read(ref c)),
        write is null ? null : (ref EvalContext c, in OttlValue v) =>
        {
            var value = FieldValues.String(v, path);
            if (string.Equals(read(ref c), value, StringComparison.Ordinal))
            {
                return false;
            }

            write(ref c, value);
            return true;
        });

    /// <summary>An integer field (OTTL reads every integer as int64: enums, counts, timestamps).</summary>
    public static Field Int(string name, string path, Read<long> read, Write<long>? write, Func<long, string?>? check = null) => new(
        name,
        "int",
        (ref EvalContext c) => OttlValue.Of(read(ref c)),
        write is null ? null : (ref EvalContext c, in OttlValue v) =>
        {
            long value = FieldValues.Int(v, path);
            if (check?.Invoke(value) is { } problem)
            {
                throw new OttlRuntimeException($"{path}: {problem}");
            }

            if (read(ref c) == value)
            {
                return false;
            }

            write(ref c, value);
            return true;
        });

    /// <summary>A uint32 field (dropped counts, flags) as an int that must fit.</summary>
    public static Field UInt32(string name, string path, Read<uint> read, Write<uint> write)
        => Int(name, path, (ref EvalContext c) => read(ref c), (ref EvalContext c, long v) => write(ref c, (uint)v), v => v is >= 0 and <= uint.MaxValue ? null : $"must be between 0 and {uint.MaxValue}, got {v}");

    /// <summary>A uint64 field (timestamps, counts) as an int64.</summary>
    public static Field UInt64(string name, string path, Read<ulong> read, Write<ulong>? write)
        => Int(name, path, (ref EvalContext c) => (long)read(ref c), write is null ? null : (ref EvalContext c, long v) => write(ref c, (ulong)v));

    /// <summary>An attribute map (<c>attributes</c>): read as a map, written whole from a map, indexed by key.</summary>
    public static Field Attributes(string path, MapOwner owner) => new(
        "attributes",
        "map",
        (ref EvalContext c) => owner(ref c) is { } map ? OttlValue.Of(map) : OttlValue.Nil,
        (ref EvalContext c, in OttlValue v) => MapOps.ReplaceAll(owner(ref c) ?? throw Missing(path), FieldValues.Map(v, path)),
        takesKeys: true);

    /// <summary>The error when a statement writes to a level the item does not have.</summary>
    public static OttlRuntimeException Missing(string path) => new($"cannot set {path}: the item has no such level (no resource or scope in the request)");

    /// <summary>A table from its fields, by name.</summary>
    public static Dictionary<string, Field> Table(params Field[] fields)
    {
        var table = new Dictionary<string, Field>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            table.Add(field.Name, field);
        }

        return table;
    }
}
