using System.Text.Json;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>Where the values and keys of a JSON document are, so mutations can replace exactly one of them.</summary>
internal static class JsonTokens
{
    /// <summary>A value (Start..End, containers included whole) or a property name (with its quotes).</summary>
    public readonly record struct Token(int Start, int End, JsonTokenType Type, string? Key, bool IsKey)
    {
        public int Length => End - Start;
    }

    public static List<Token> Read(byte[] json)
    {
        var tokens = new List<Token>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1024 });
        string? key = null;
        while (reader.Read())
        {
            int start = (int)reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    key = reader.GetString();
                    tokens.Add(new Token(start, (int)reader.BytesConsumed, reader.TokenType, key, IsKey: true));
                    continue;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var copy = reader;
                    copy.Skip();
                    tokens.Add(new Token(start, (int)copy.BytesConsumed, reader.TokenType, key, IsKey: false));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    break;
                default:
                    tokens.Add(new Token(start, (int)reader.BytesConsumed, reader.TokenType, key, IsKey: false));
                    break;
            }

            key = null;
        }

        return tokens;
    }

    /// <summary>The document with one token replaced.</summary>
    public static byte[] Replace(byte[] json, Token token, ReadOnlySpan<byte> replacement)
        => [.. json.AsSpan(0, token.Start), .. replacement, .. json.AsSpan(token.End)];

    /// <summary>The property (key through value) that starts at the given key token.</summary>
    public static (int Start, int End) Property(List<Token> tokens, int keyIndex)
    {
        var key = tokens[keyIndex];
        var value = tokens[keyIndex + 1];
        return (key.Start, value.End);
    }
}
