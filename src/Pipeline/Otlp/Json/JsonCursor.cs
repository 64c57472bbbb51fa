using System.Text;
using System.Text.Json;

namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>Reads one message whose first token the cursor is on.</summary>
internal delegate T JsonMessageReader<T>(ref JsonCursor cursor);

/// <summary>
/// A <see cref="Utf8JsonReader"/> over a whole OTLP/JSON document that also knows the path from the root
/// to the current value, so every error can say where it is.
/// </summary>
/// <remarks>
/// The path is kept as offsets into the input, not strings: a clean parse pays a few integer stores per
/// object or array, and key text is only decoded when an error message is built. Keys are reported as the
/// sender spelled them, which is what they will search their payload for.
/// </remarks>
internal ref partial struct JsonCursor
{
    /// <summary>Deep enough for any real attribute value, shallow enough that recursion cannot overflow.</summary>
    public const int MaxDepth = 128;

    private readonly ReadOnlySpan<byte> _input;
    private Utf8JsonReader _reader;
    private Segment[] _segments;
    private int _depth;
    private int _keyStart;
    private int _keyLength;

    // True while the current value is the value of the last key; false for array slots and containers.
    private bool _atKey;

    // Holds keys rewritten from snake_case; allocated only if a sender uses them.
    private byte[]? _keyBuffer;

    public JsonCursor(ReadOnlySpan<byte> utf8Json)
    {
        _input = utf8Json;
        _reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth });
        _segments = new Segment[16];
    }

    public readonly JsonTokenType TokenType => _reader.TokenType;

    /// <summary>Moves to the first token, which must open an object.</summary>
    public void ReadRoot()
    {
        _reader.Read();
        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid($"the root must be a JSON object, got {Describe()}");
        }
    }

    /// <summary>Checks nothing but whitespace follows the root object.</summary>
    public void ReadEnd()
    {
        // The reader itself rejects a second value; this only guards against a reader configured otherwise.
        if (_reader.Read())
        {
            throw Invalid($"unexpected {Describe()} after the root object");
        }
    }

    /// <summary>
    /// Enters the object the cursor is on. False for <c>null</c> in an array slot, which reads as an empty
    /// message like the reference collector does (<c>null</c> field values never get here).
    /// </summary>
    public bool BeginObject()
    {
        if (_reader.TokenType == JsonTokenType.StartObject)
        {
            Push();
            return true;
        }

        if (_reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        throw Invalid($"expected an object, got {Describe()}");
    }

    /// <summary>
    /// Moves to the next key of the current object and onto its value; false (and leaves the object) at its
    /// end. The key comes back in lowerCamelCase whichever spelling was sent. Keys whose value is
    /// <c>null</c> are passed over: in proto3 JSON a null means the field is absent.
    /// </summary>
    public bool NextProperty(out ReadOnlySpan<byte> key)
    {
        while (true)
        {
            _reader.Read();
            if (_reader.TokenType == JsonTokenType.EndObject)
            {
                Pop();
                key = default;
                return false;
            }

            // Inside an object the reader only yields a property name here; TokenStartIndex is its opening quote.
            _keyStart = (int)_reader.TokenStartIndex + 1;
            _keyLength = _reader.ValueSpan.Length;
            _atKey = true;
            key = CanonicalKey();
            _reader.Read();
            if (_reader.TokenType != JsonTokenType.Null)
            {
                return true;
            }
        }
    }

    /// <summary>Enters the array the cursor is on.</summary>
    public void BeginArray()
    {
        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            throw Invalid($"expected an array, got {Describe()}");
        }

        Push();
    }

    /// <summary>Moves onto the next element of the current array; false (and leaves the array) at its end.</summary>
    public bool NextElement()
    {
        _reader.Read();
        if (_reader.TokenType == JsonTokenType.EndArray)
        {
            Pop();
            return false;
        }

        _segments[_depth - 1].Index++;
        _atKey = false;
        return true;
    }

    /// <summary>Passes over the current value, whatever its shape; unknown fields MUST be ignored.</summary>
    public void Skip() => _reader.Skip();

    /// <summary>The path to the current value, e.g. <c>resourceSpans[0].scopeSpans[0].spans[3].traceId</c>.</summary>
    public readonly string Path()
    {
        var path = new StringBuilder();
        for (int i = 0; i < _depth; i++)
        {
            Segment segment = _segments[i];
            if (segment.KeyLength >= 0)
            {
                AppendKey(path, segment.KeyStart, segment.KeyLength);
            }

            if (segment.Index >= 0)
            {
                path.Append('[').Append(segment.Index).Append(']');
            }
        }

        if (_atKey)
        {
            AppendKey(path, _keyStart, _keyLength);
        }

        return path.ToString();
    }

    /// <summary>An error about the current value: wrong type, bad number, bad id, unknown enum name.</summary>
    public readonly OtlpJsonException Invalid(string problem, Exception? innerException = null)
    {
        string path = Path();
        string message = path.Length == 0 ? $"invalid JSON: {problem}" : $"invalid JSON at {path}: {problem}";
        return new OtlpJsonException(message, path, innerException);
    }

    /// <summary>Turns the reader's syntax error into one that gives the absolute byte offset and the path.</summary>
    public readonly OtlpJsonException Malformed(JsonException error)
    {
        long line = error.LineNumber ?? 0;
        long offset = LineStart(line) + (error.BytePositionInLine ?? 0);

        // The reader appends its 0-based position to the message; ours replaces it.
        string detail = error.Message;
        int position = detail.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (position > 0)
        {
            detail = detail[..position];
        }

        string path = Path();
        string where = path.Length == 0 ? string.Empty : $" in {path}";
        string message = $"malformed JSON at byte {offset} (line {line + 1}){where}: {detail}";
        return new OtlpJsonException(message, path, error);
    }

    /// <summary>A short description of the current token for error messages: the value itself, or its kind.</summary>
    public readonly string Describe()
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return "an object";
            case JsonTokenType.StartArray:
                return "an array";
            case JsonTokenType.None:
                return "end of input";
            case JsonTokenType.String:
                return $"\"{Truncated(_reader.ValueSpan)}\"";
            case JsonTokenType.Null:
                return "null";
            default:
                // Numbers too: an error answer must not copy a megabyte-long token back to the client.
                return Truncated(_reader.ValueSpan);
        }
    }

    private static string Truncated(ReadOnlySpan<byte> value)
    {
        const int MaxBytes = 40;
        return value.Length <= MaxBytes ? Encoding.UTF8.GetString(value) : Encoding.UTF8.GetString(value[..MaxBytes]) + "...";
    }

    private void Push()
    {
        if (_depth == _segments.Length)
        {
            Array.Resize(ref _segments, _depth * 2);
        }

        _segments[_depth++] = _atKey ? new Segment(_keyStart, _keyLength) : new Segment(0, -1);
        _atKey = false;
    }

    private void Pop()
    {
        _depth--;
        _atKey = false;
    }

    private ReadOnlySpan<byte> CanonicalKey()
    {
        ReadOnlySpan<byte> key = _input.Slice(_keyStart, _keyLength);
        if (_reader.ValueIsEscaped)
        {
            Span<byte> unescaped = KeyBuffer(_keyLength);
            key = unescaped[.._reader.CopyString(unescaped)];
        }

        int underscore = key.IndexOf((byte)'_');
        return underscore < 0 ? key : ToLowerCamel(key, underscore);
    }

    // proto's json_name rule: drop each '_' and capitalise the letter after it (trace_id -> traceId).
    private ReadOnlySpan<byte> ToLowerCamel(ReadOnlySpan<byte> key, int firstUnderscore)
    {
        Span<byte> buffer = KeyBuffer(key.Length);
        key.CopyTo(buffer);
        int written = firstUnderscore;
        bool capitalise = false;
        for (int i = firstUnderscore; i < key.Length; i++)
        {
            byte b = buffer[i];
            if (b == '_')
            {
                capitalise = true;
                continue;
            }

            buffer[written++] = capitalise && b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b;
            capitalise = false;
        }

        return buffer[..written];
    }

    private Span<byte> KeyBuffer(int length)
    {
        if (_keyBuffer is null || _keyBuffer.Length < length)
        {
            _keyBuffer = new byte[Math.Max(64, length)];
        }

        return _keyBuffer;
    }

    private readonly void AppendKey(StringBuilder path, int start, int length)
    {
        if (path.Length > 0)
        {
            path.Append('.');
        }

        path.Append(Encoding.UTF8.GetString(_input.Slice(start, length)));
    }

    private readonly long LineStart(long line)
    {
        int start = 0;
        for (long i = 0; i < line; i++)
        {
            int newline = _input[start..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            start += newline + 1;
        }

        return start;
    }

    /// <summary>An object or array on the way from the root; <see cref="KeyLength"/> is -1 for an array slot.</summary>
    private struct Segment(int keyStart, int keyLength)
    {
        public readonly int KeyStart = keyStart;
        public readonly int KeyLength = keyLength;
        public int Index = -1;
    }
}
