using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Ottl.Syntax;

namespace MiniCollector.Ottl.Functions;

/// <summary>The converters: functions that compute a value from their arguments and change nothing.</summary>
internal static class Converters
{
    private static readonly Param V = new("value", ParamKind.Value);
    private static readonly Param T = new("target", ParamKind.Value);

    /// <summary>The converters a replacement may be passed through (<c>replace_pattern(..., SHA256, "%s")</c>).</summary>
    public static readonly string[] StringFunctionNames = ["SHA1", "SHA256", "MD5", "ToLowerCase", "ToUpperCase"];

    public static IEnumerable<FunctionDef> All() =>
    [
        FunctionDef.Converter("Concat", [new("values", ParamKind.ValueList), new("delimiter", ParamKind.String)], Concat),
        FunctionDef.Converter("IsMatch", [T, new("pattern", ParamKind.String)], IsMatch),
        FunctionDef.Converter("Int", [V], (a, _) => Unary(a, ToInt)),
        FunctionDef.Converter("Double", [V], (a, _) => Unary(a, ToDouble)),
        FunctionDef.Converter("Bool", [V], (a, _) => Unary(a, ToBool)),
        FunctionDef.Converter("String", [V], (a, _) => Unary(a, v => OttlValue.Of(OttlText.Of(v)))),
        FunctionDef.Converter("SHA1", [V], (a, _) => Hash(a, "SHA1")),
        FunctionDef.Converter("SHA256", [V], (a, _) => Hash(a, "SHA256")),
        FunctionDef.Converter("MD5", [V], (a, _) => Hash(a, "MD5")),
        FunctionDef.Converter("Len", [T], (a, _) => Unary(a, Len)),
        FunctionDef.Converter("ConvertCase", [T, new("toCase", ParamKind.String)], ConvertCase),
        FunctionDef.Converter("ToLowerCase", [T], (a, _) => StringOp(a, "ToLowerCase", s => s.ToLowerInvariant())),
        FunctionDef.Converter("ToUpperCase", [T], (a, _) => StringOp(a, "ToUpperCase", s => s.ToUpperInvariant())),
        FunctionDef.Converter("Split", [T, new("delimiter", ParamKind.String)], Split),
        FunctionDef.Converter("Substring", [T, new("start", ParamKind.Value), new("length", ParamKind.Value)], Substring),
        FunctionDef.Converter("HasPrefix", [T, new("prefix", ParamKind.Value)], (a, _) => Affix(a, "HasPrefix", "prefix", static (s, p) => s.StartsWith(p, StringComparison.Ordinal))),
        FunctionDef.Converter("HasSuffix", [T, new("suffix", ParamKind.Value)], (a, _) => Affix(a, "HasSuffix", "suffix", static (s, p) => s.EndsWith(p, StringComparison.Ordinal))),
        FunctionDef.Converter("IsString", [V], (a, _) => Unary(a, v => OttlValue.Of(v.Kind == OttlValueKind.String))),
        FunctionDef.Converter("IsInt", [V], (a, _) => Unary(a, v => OttlValue.Of(v.Kind == OttlValueKind.Int))),
        FunctionDef.Converter("IsDouble", [V], (a, _) => Unary(a, v => OttlValue.Of(v.Kind == OttlValueKind.Double))),
        FunctionDef.Converter("IsBool", [V], (a, _) => Unary(a, v => OttlValue.Of(v.Kind == OttlValueKind.Bool))),
        FunctionDef.Converter("IsMap", [V], (a, _) => Unary(a, v => OttlValue.Of(v.Kind == OttlValueKind.Map))),
        FunctionDef.Converter("IsList", [V], (a, _) => Unary(a, v => OttlValue.Of(v.Kind == OttlValueKind.List))),
        FunctionDef.Converter("TraceID", [new("bytes", ParamKind.Value)], (a, _) => Id(a, "TraceID", 16)),
        FunctionDef.Converter("SpanID", [new("bytes", ParamKind.Value)], (a, _) => Id(a, "SpanID", 8)),
        FunctionDef.Converter("Hex", [V], (a, _) => Unary(a, Hex)),
        FunctionDef.Converter("IsRootSpan", [], (_, _) => (ref EvalContext c) => OttlValue.Of(IsZero(c.Span!.ParentSpanId)), [OttlContextKind.Span]),
    ];

    /// <summary>A converter on strings usable as a replacement function; null when the name is not one.</summary>
    public static Func<string, string>? StringFunction(string name) => name switch
    {
        "SHA1" => s => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(s))),
        "SHA256" => s => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s))),
        "MD5" => s => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s))),
        "ToLowerCase" => s => s.ToLowerInvariant(),
        "ToUpperCase" => s => s.ToUpperInvariant(),
        _ => null,
    };

    private static ConverterBody Unary(BoundArgs a, Func<OttlValue, OttlValue> f)
    {
        var arg = a.Value(0);
        return (ref EvalContext c) => f(arg.Eval(ref c));
    }

    private static ConverterBody Concat(BoundArgs a, OttlContextKind _)
    {
        var items = a.ValueList(0);
        var delimiter = a.String(1);
        return (ref EvalContext c) =>
        {
            var text = new StringBuilder();
            bool first = true;
            foreach (var item in items)
            {
                var v = item.Eval(ref c);

                // Lists and maps are left out, as the reference documents.
                if (v.Kind is OttlValueKind.Map or OttlValueKind.List)
                {
                    continue;
                }

                if (!first)
                {
                    text.Append(delimiter);
                }

                first = false;
                text.Append(OttlText.Of(v) ?? "<nil>");
            }

            return OttlValue.Of(text.ToString());
        };
    }

    private static ConverterBody IsMatch(BoundArgs a, OttlContextKind _)
    {
        var target = a.Value(0);
        var regex = OttlRegex.TryCompile(a.String(1), out var error) ?? throw a.Error(1, $"is not a valid regular expression: {error}");
        return (ref EvalContext c) =>
        {
            var v = target.Eval(ref c);
            var text = v.Kind switch
            {
                OttlValueKind.Nil => null,
                OttlValueKind.Bytes => Convert.ToBase64String(v.Bytes.Span),
                _ => OttlText.Of(v),
            };
            return OttlValue.Of(text is not null && regex.IsMatch(text));
        };
    }

    private static OttlValue ToInt(OttlValue v) => v.Kind switch
    {
        OttlValueKind.Int => v,
        OttlValueKind.Double when v.Double is >= long.MinValue and < 9.2233720368547758E18 => OttlValue.Of((long)Math.Truncate(v.Double)),
        OttlValueKind.Bool => OttlValue.Of(v.Bool ? 1L : 0L),
        OttlValueKind.String when long.TryParse(v.String, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long i) => OttlValue.Of(i),
        _ => OttlValue.Nil,
    };

    private static OttlValue ToDouble(OttlValue v) => v.Kind switch
    {
        OttlValueKind.Double => v,
        OttlValueKind.Int => OttlValue.Of((double)v.Int),
        OttlValueKind.Bool => OttlValue.Of(v.Bool ? 1d : 0d),
        OttlValueKind.String when double.TryParse(v.String, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => OttlValue.Of(d),
        _ => OttlValue.Nil,
    };

    private static OttlValue ToBool(OttlValue v) => v.Kind switch
    {
        OttlValueKind.Bool => v,
        OttlValueKind.Int => OttlValue.Of(v.Int != 0),
        OttlValueKind.Double => OttlValue.Of(v.Double != 0),
        OttlValueKind.String => v.String switch
        {
            "1" or "t" or "T" or "true" or "TRUE" or "True" => OttlValue.Of(true),
            "0" or "f" or "F" or "false" or "FALSE" or "False" => OttlValue.Of(false),
            _ => OttlValue.Nil,
        },
        _ => OttlValue.Nil,
    };

    private static ConverterBody Hash(BoundArgs a, string name)
    {
        var arg = a.Value(0);
        var hash = StringFunction(name)!;
        return (ref EvalContext c) => OttlValue.Of(hash(Editors.StringArg(arg.Eval(ref c), name, "value")));
    }

    // Strings count their UTF-8 bytes, as Go's len does.
    private static OttlValue Len(OttlValue v) => v.Kind switch
    {
        OttlValueKind.String => OttlValue.Of((long)Encoding.UTF8.GetByteCount(v.String)),
        OttlValueKind.Map => OttlValue.Of((long)v.Map.Count),
        OttlValueKind.List => OttlValue.Of((long)v.List.Count),
        _ => throw new OttlRuntimeException($"Len: target must be a string, map or list, got {OttlValue.TypeName(v.Kind)}"),
    };

    private static ConverterBody ConvertCase(BoundArgs a, OttlContextKind _)
    {
        var to = a.String(1);
        Func<string, string> convert = to switch
        {
            "lower" => s => s.ToLowerInvariant(),
            "upper" => s => s.ToUpperInvariant(),
            "snake" => s => string.Join('_', Words(s).Select(w => w.ToLowerInvariant())),
            "camel" => s => string.Concat(Words(s).Select(w => char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant())),
            _ => throw a.Error(1, $"must be \"lower\", \"upper\", \"snake\" or \"camel\", found \"{to}\""),
        };
        return StringOp(a, "ConvertCase", convert);
    }

    private static ConverterBody StringOp(BoundArgs a, string name, Func<string, string> op)
    {
        var arg = a.Value(0);
        return (ref EvalContext c) => OttlValue.Of(op(Editors.StringArg(arg.Eval(ref c), name, "target")));
    }

    private static ConverterBody Split(BoundArgs a, OttlContextKind _)
    {
        var arg = a.Value(0);
        var delimiter = a.String(1);
        return (ref EvalContext c) =>
        {
            var v = arg.Eval(ref c);
            if (v.IsNil)
            {
                return OttlValue.Nil;
            }

            var text = Editors.StringArg(v, "Split", "target");
            var list = new RepeatedField<AnyValue>();
            string[] parts = delimiter.Length == 0 ? [.. text.Select(ch => ch.ToString())] : text.Split(delimiter);
            foreach (var part in parts)
            {
                list.Add(new AnyValue { StringValue = part });
            }

            return OttlValue.Of(list);
        };
    }

    private static ConverterBody Substring(BoundArgs a, OttlContextKind _)
    {
        var arg = a.Value(0);
        var start = a.Value(1);
        var length = a.Value(2);
        return (ref EvalContext c) =>
        {
            var text = Editors.StringArg(arg.Eval(ref c), "Substring", "target");
            var s = start.Eval(ref c);
            var l = length.Eval(ref c);
            if (s.Kind != OttlValueKind.Int || l.Kind != OttlValueKind.Int)
            {
                throw new OttlRuntimeException("Substring: start and length must be ints");
            }

            if (s.Int < 0 || l.Int < 0 || s.Int + l.Int > text.Length)
            {
                throw new OttlRuntimeException($"Substring: start {s.Int} and length {l.Int} do not fit in a string of {text.Length} characters");
            }

            return OttlValue.Of(text.Substring((int)s.Int, (int)l.Int));
        };
    }

    private static ConverterBody Affix(BoundArgs a, string name, string param, Func<string, string, bool> test)
    {
        var arg = a.Value(0);
        var affix = a.Value(1);
        return (ref EvalContext c) =>
        {
            var text = Editors.StringArg(arg.Eval(ref c), name, "target");
            return OttlValue.Of(test(text, Editors.StringArg(affix.Eval(ref c), name, param)));
        };
    }

    private static ConverterBody Id(BoundArgs a, string name, int length)
    {
        var arg = a.Value(0);
        if (arg.Constant is { } constant && (constant.Kind != OttlValueKind.Bytes || constant.Bytes.Length != length))
        {
            throw new OttlSyntaxException(arg.Column, $"{name} takes {length} bytes written as 0x followed by {length * 2} hex digits, found {arg.Text}");
        }

        return (ref EvalContext c) =>
        {
            var v = arg.Eval(ref c);
            return v.Kind == OttlValueKind.Bytes && v.Bytes.Length == length
                ? v
                : throw new OttlRuntimeException($"{name} takes {length} bytes, got {OttlValue.TypeName(v.Kind)}");
        };
    }

    // The value's bytes as lowercase hex: a string's UTF-8, an int or double big-endian, a bool one byte.
    private static OttlValue Hex(OttlValue v)
    {
        Span<byte> scalar = stackalloc byte[8];
        switch (v.Kind)
        {
            case OttlValueKind.String: return OttlValue.Of(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(v.String)));
            case OttlValueKind.Bytes: return OttlValue.Of(Convert.ToHexStringLower(v.Bytes.Span));
            case OttlValueKind.Int: BinaryPrimitives.WriteInt64BigEndian(scalar, v.Int); return OttlValue.Of(Convert.ToHexStringLower(scalar));
            case OttlValueKind.Double: BinaryPrimitives.WriteDoubleBigEndian(scalar, v.Double); return OttlValue.Of(Convert.ToHexStringLower(scalar));
            case OttlValueKind.Bool: return OttlValue.Of(v.Bool ? "01" : "00");
            default: throw new OttlRuntimeException($"Hex: value must be a string, bytes, int, double or bool, got {OttlValue.TypeName(v.Kind)}");
        }
    }

    private static bool IsZero(ByteString id)
    {
        foreach (byte b in id.Span)
        {
            if (b != 0)
            {
                return false;
            }
        }

        return true;
    }

    // Words of an identifier: split at non-alphanumerics and at lower-to-upper case changes (myMetric → my, Metric).
    private static List<string> Words(string s)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            char ch = s[i];
            if (!char.IsLetterOrDigit(ch))
            {
                Flush();
                continue;
            }

            if (char.IsUpper(ch) && current.Length > 0 && (char.IsLower(s[i - 1]) || char.IsDigit(s[i - 1]) || (i + 1 < s.Length && char.IsLower(s[i + 1]) && char.IsUpper(s[i - 1]))))
            {
                Flush();
            }

            current.Append(ch);
        }

        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
