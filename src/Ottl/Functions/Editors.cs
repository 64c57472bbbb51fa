using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Ottl.Syntax;

namespace MiniCollector.Ottl.Functions;

/// <summary>The editors: functions a statement runs to change the item.</summary>
internal static class Editors
{
    private static readonly Param Target = new("target", ParamKind.Path);
    private static readonly Param Fn = new("function", ParamKind.Function, Optional: true);
    private static readonly Param Format = new("replacementFormat", ParamKind.String, Optional: true);

    public static IEnumerable<FunctionDef> All() =>
    [
        FunctionDef.Editor("set", [Target, new("value", ParamKind.Value)], Set),
        FunctionDef.Editor("delete_key", [Target, new("key", ParamKind.String)], DeleteKey),
        FunctionDef.Editor("delete_matching_keys", [Target, new("pattern", ParamKind.String)], (a, _) => MatchingKeys(a, "delete_matching_keys", keep: false)),
        FunctionDef.Editor("keep_keys", [Target, new("keys", ParamKind.StringList)], KeepKeys),
        FunctionDef.Editor("keep_matching_keys", [Target, new("pattern", ParamKind.String)], (a, _) => MatchingKeys(a, "keep_matching_keys", keep: true)),
        FunctionDef.Editor("replace_pattern", [Target, new("regex", ParamKind.String), new("replacement", ParamKind.Value), Fn, Format], ReplacePattern),
        FunctionDef.Editor("replace_all_patterns", [Target, new("mode", ParamKind.String), new("regex", ParamKind.String), new("replacement", ParamKind.Value), Fn, Format], ReplaceAllPatterns),
        FunctionDef.Editor("replace_match", [Target, new("pattern", ParamKind.String), new("replacement", ParamKind.Value), Fn, Format], ReplaceMatch),
        FunctionDef.Editor("replace_all_matches", [Target, new("pattern", ParamKind.String), new("replacement", ParamKind.Value), Fn, Format], ReplaceAllMatches),
        FunctionDef.Editor("truncate_all", [Target, new("limit", ParamKind.Int), new("utf8_safe", ParamKind.Bool, Optional: true), new("truncation_marker", ParamKind.String, Optional: true)], TruncateAll),
        FunctionDef.Editor("limit", [Target, new("limit", ParamKind.Int), new("priority_keys", ParamKind.StringList)], Limit),
        FunctionDef.Editor("merge_maps", [Target, new("source", ParamKind.Value), new("strategy", ParamKind.String)], MergeMaps),
        FunctionDef.Editor("append", [Target, new("value", ParamKind.Value, Optional: true), new("values", ParamKind.ValueList, Optional: true)], Append),
    ];

    private static Editor Set(BoundArgs a, OttlContextKind _)
    {
        var target = a.Path(0);
        var value = a.Value(1);
        return new Editor((ref EvalContext c) =>
        {
            var v = value.Eval(ref c);
            return !v.IsNil && target.Set(ref c, v);
        });
    }

    private static Editor DeleteKey(BoundArgs a, OttlContextKind _)
    {
        var target = a.Path(0);
        var key = a.String(1);
        return new Editor((ref EvalContext c) => MapOps.Remove(target.Map(ref c, "delete_key"), key));
    }

    private static Editor KeepKeys(BoundArgs a, OttlContextKind _)
    {
        var target = a.Path(0);
        var keys = new HashSet<string>(a.StringList(1), StringComparer.Ordinal);
        return new Editor((ref EvalContext c) => MapOps.RemoveWhere(target.Map(ref c, "keep_keys"), keys, static (k, e) => !k.Contains(e.Key)) > 0);
    }

    private static Editor MatchingKeys(BoundArgs a, string name, bool keep)
    {
        var target = a.Path(0);
        var regex = Regex(a, 1);
        return new Editor((ref EvalContext c) => MapOps.RemoveWhere(target.Map(ref c, name), (regex, keep), static (s, e) => s.regex.IsMatch(e.Key) != s.keep) > 0);
    }

    private static Editor ReplacePattern(BoundArgs a, OttlContextKind _)
    {
        var target = a.Path(0);
        var regex = Regex(a, 1);
        var replacement = a.Value(2);
        var transform = Replacement(a, 3, 4);
        return new Editor((ref EvalContext c) =>
        {
            var current = target.Eval(ref c);
            if (current.Kind != OttlValueKind.String)
            {
                return false;
            }

            var template = StringArg(replacement.Eval(ref c), "replace_pattern", "replacement");
            var updated = Replace(regex, current.String, template, transform);
            return !string.Equals(updated, current.String, StringComparison.Ordinal) && target.Set(ref c, OttlValue.Of(updated));
        });
    }

    private static Editor ReplaceAllPatterns(BoundArgs a, OttlContextKind _)
    {
        var target = a.Path(0);
        var mode = a.String(1);
        if (mode is not ("key" or "value"))
        {
            throw a.Error(1, $"must be \"key\" or \"value\", found \"{mode}\"");
        }

        var regex = Regex(a, 2);
        var replacement = a.Value(3);
        var transform = Replacement(a, 4, 5);
        return new Editor((ref EvalContext c) =>
        {
            var map = target.Map(ref c, "replace_all_patterns");
            var template = StringArg(replacement.Eval(ref c), "replace_all_patterns", "replacement");
            bool changed = false;
            foreach (var entry in map)
            {
                if (mode == "key")
                {
                    var key = Replace(regex, entry.Key, template, transform);
                    if (!string.Equals(key, entry.Key, StringComparison.Ordinal))
                    {
                        entry.Key = key;
                        changed = true;
                    }
                }
                else if (entry.Value?.ValueCase == AnyValue.ValueOneofCase.StringValue)
                {
                    var text = Replace(regex, entry.Value.StringValue, template, transform);
                    if (!string.Equals(text, entry.Value.StringValue, StringComparison.Ordinal))
                    {
                        entry.Value = new AnyValue { StringValue = text };
                        changed = true;
                    }
                }
            }

            return changed;
        });
    }

    private static Editor ReplaceMatch(BoundArgs a, OttlContextKind _)
    {
        var target = a.Path(0);
        var glob = Glob(a, 1);
        var replacement = a.Value(2);
        var transform = Replacement(a, 3, 4);
        return new Editor((ref EvalContext c) =>
        {
            var current = target.Eval(ref c);
            if (current.Kind != OttlValueKind.String || !glob.IsMatch(current.String))
            {
                return false;
            }

            var text = transform(StringArg(replacement.Eval(ref c), "replace_match", "replacement"));
            return target.Set(ref c, OttlValue.Of(text));
        });
    }

    private static Editor ReplaceAllMatches(BoundArgs a, OttlContextKind _)
    {
        var target = a.Path(0);
        var glob = Glob(a, 1);
        var replacement = a.Value(2);
        var transform = Replacement(a, 3, 4);
        return new Editor((ref EvalContext c) =>
        {
            var map = target.Map(ref c, "replace_all_matches");
            string? text = null;
            bool changed = false;
            foreach (var entry in map)
            {
                if (entry.Value?.ValueCase == AnyValue.ValueOneofCase.StringValue && glob.IsMatch(entry.Value.StringValue))
                {
                    text ??= transform(StringArg(replacement.Eval(ref c), "replace_all_matches", "replacement"));
                    if (!string.Equals(text, entry.Value.StringValue, StringComparison.Ordinal))
                    {
                        entry.Value = new AnyValue { StringValue = text };
                        changed = true;
                    }
                }
            }

            return changed;
        });
    }

    private static Editor TruncateAll(BoundArgs a, OttlContextKind _)
    {
        var target = a.Path(0);
        long limit = a.Int(1);
        if (limit < 0)
        {
            throw a.Error(1, $"must not be negative, found {limit}");
        }

        // Always cut at a character boundary: OTLP strings must be valid UTF-8, so utf8_safe = false changes nothing here.
        var marker = a.StringOr(3, string.Empty)!;
        int markerBytes = Encoding.UTF8.GetByteCount(marker);
        if (markerBytes > limit)
        {
            throw a.Error(3, $"is longer ({markerBytes} bytes) than the limit ({limit})");
        }

        return new Editor((ref EvalContext c) =>
        {
            bool changed = false;
            foreach (var entry in target.Map(ref c, "truncate_all"))
            {
                if (entry.Value?.ValueCase == AnyValue.ValueOneofCase.StringValue
                    && Truncate(entry.Value.StringValue, (int)Math.Min(limit, int.MaxValue), marker, markerBytes) is { } cut)
                {
                    entry.Value = new AnyValue { StringValue = cut };
                    changed = true;
                }
            }

            return changed;
        });
    }

    private static Editor Limit(BoundArgs a, OttlContextKind _)
    {
        var target = a.Path(0);
        long limit = a.Int(1);
        if (limit < 0)
        {
            throw a.Error(1, $"must not be negative, found {limit}");
        }

        var priority = a.StringList(2);
        if (priority.Length > limit)
        {
            throw a.Error(2, $"has {priority.Length} keys, more than the limit ({limit})");
        }

        var kept = new HashSet<string>(priority, StringComparer.Ordinal);
        return new Editor((ref EvalContext c) =>
        {
            var map = target.Map(ref c, "limit");
            if (map.Count <= limit)
            {
                return false;
            }

            // Priority keys first, then the others in their order, until the limit.
            int room = (int)limit;
            foreach (var entry in map)
            {
                if (kept.Contains(entry.Key))
                {
                    room--;
                }
            }

            var keep = new bool[map.Count];
            for (int i = 0; i < map.Count; i++)
            {
                keep[i] = kept.Contains(map[i].Key) || room-- > 0;
            }

            for (int i = map.Count - 1; i >= 0; i--)
            {
                if (!keep[i])
                {
                    map.RemoveAt(i);
                }
            }

            return true;
        });
    }

    private static Editor MergeMaps(BoundArgs a, OttlContextKind _)
    {
        var target = a.Path(0);
        var source = a.Value(1);
        var strategy = a.String(2);
        if (strategy is not ("insert" or "update" or "upsert"))
        {
            throw a.Error(2, $"must be \"insert\", \"update\" or \"upsert\", found \"{strategy}\"");
        }

        return new Editor((ref EvalContext c) =>
        {
            var map = target.Map(ref c, "merge_maps");
            var from = source.Eval(ref c);
            if (from.Kind != OttlValueKind.Map)
            {
                throw new OttlRuntimeException($"merge_maps: source {source.Text} is {OttlValue.TypeName(from.Kind)}, not a map");
            }

            // A snapshot: merging a map into itself must not see its own additions.
            var entries = from.Map.ToArray();
            bool changed = false;
            foreach (var entry in entries)
            {
                bool exists = MapOps.IndexOf(map, entry.Key) >= 0;
                if ((strategy == "insert" && exists) || (strategy == "update" && !exists))
                {
                    continue;
                }

                changed |= MapOps.Put(map, entry.Key, OttlValue.From(entry.Value));
            }

            return changed;
        });
    }

    private static Editor Append(BoundArgs a, OttlContextKind _)
    {
        var target = a.Path(0);
        if (!a.Has(1) && !a.Has(2))
        {
            throw new OttlSyntaxException(a.Column, "append needs \"value\" or \"values\"");
        }

        var single = a.Has(1) ? a.Value(1) : null;
        var many = a.Has(2) ? a.ValueList(2) : [];
        return new Editor((ref EvalContext c) =>
        {
            var current = target.Eval(ref c);
            var list = new RepeatedField<AnyValue>();
            if (current.Kind == OttlValueKind.List)
            {
                foreach (var item in current.List)
                {
                    list.Add(item.Clone());
                }
            }
            else if (!current.IsNil)
            {
                list.Add(current.ToAnyValue());
            }

            int before = list.Count;
            if (single?.Eval(ref c) is { IsNil: false } one)
            {
                list.Add(one.ToAnyValue());
            }

            foreach (var item in many)
            {
                if (item.Eval(ref c) is { IsNil: false } v)
                {
                    list.Add(v.ToAnyValue());
                }
            }

            return list.Count != before && target.Set(ref c, OttlValue.Of(list));
        });
    }

    /// <summary>The text of a string argument evaluated per item.</summary>
    public static string StringArg(in OttlValue value, string function, string param) => value.Kind == OttlValueKind.String
        ? value.String
        : throw new OttlRuntimeException($"{function}: {param} must be a string, got {OttlValue.TypeName(value.Kind)}");

    private static Regex Regex(BoundArgs a, int i)
        => OttlRegex.TryCompile(a.String(i), out var error) ?? throw a.Error(i, $"is not a valid regular expression: {error}");

    private static Regex Glob(BoundArgs a, int i)
        => OttlRegex.TryCompileGlob(a.String(i), out var error) ?? throw a.Error(i, $"is not a valid pattern: {error}");

    // The optional function and format applied to each replacement text.
    private static Func<string, string> Replacement(BoundArgs a, int function, int format)
    {
        Func<string, string>? fn = null;
        if (a.FunctionName(function) is { } name)
        {
            fn = Converters.StringFunction(name) ?? throw a.Error(function, $"must be one of {string.Join(", ", Converters.StringFunctionNames)}, found {name}");
        }

        var template = a.StringOr(format, null);
        if (template is not null)
        {
            int first = template.IndexOf("%s", StringComparison.Ordinal);
            if (first < 0 || template.IndexOf("%s", first + 2, StringComparison.Ordinal) >= 0 || template.Replace("%s", string.Empty, StringComparison.Ordinal).Contains('%', StringComparison.Ordinal))
            {
                throw a.Error(format, $"must contain exactly one %s and no other format verb, found \"{template}\"");
            }

            if (fn is null)
            {
                throw a.Error(format, "needs a function argument before it");
            }
        }

        return text =>
        {
            var result = fn is null ? text : fn(text);
            return template is null ? result : template.Replace("%s", result, StringComparison.Ordinal);
        };
    }

    private static string Replace(Regex regex, string input, string template, Func<string, string> transform)
        => regex.Replace(input, m => transform(OttlRegex.Expand(m, regex, template)));

    // The value cut to at most limit UTF-8 bytes (marker included), at a character boundary; null when it fits.
    private static string? Truncate(string value, int limit, string marker, int markerBytes)
    {
        if (Encoding.UTF8.GetByteCount(value) <= limit)
        {
            return null;
        }

        int budget = limit - markerBytes;
        int bytes = 0;
        int end = 0;
        while (end < value.Length)
        {
            int width = char.IsHighSurrogate(value[end]) && end + 1 < value.Length ? 2 : 1;
            int size = Encoding.UTF8.GetByteCount(value.AsSpan(end, width));
            if (bytes + size > budget)
            {
                break;
            }

            bytes += size;
            end += width;
        }

        return value[..end] + marker;
    }
}
