using System.Globalization;
using System.Text;
using Google.Protobuf;

namespace MiniCollector.Ottl.Syntax;

/// <summary>
/// Splits a statement into tokens. Strings take Go's escapes (<c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\t</c>, <c>\x41</c>,
/// <c>\u00e9</c>, ...) as the reference's grammar unquotes them; any other escape is an error, so a regex written
/// <c>"\d"</c> is caught at load time instead of meaning something else. A sign directly before a number belongs
/// to it unless the token before ends a value (then it is an operator: <c>a -1</c> subtracts).
/// </summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, string.Empty, text.Length + 1, text.Length));
                return tokens;
            }

            int start = i;
            char c = text[i];
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Ident, text[start..i], start + 1, i));
                continue;
            }

            if (c == '"')
            {
                tokens.Add(ReadString(text, ref i));
                continue;
            }

            bool signed = (c is '+' or '-') && i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || (text[i + 1] == '.' && i + 2 < text.Length && char.IsAsciiDigit(text[i + 2])))
                && !EndsValue(tokens);
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])) || signed)
            {
                tokens.Add(ReadNumber(text, ref i));
                continue;
            }

            i++;
            var kind = c switch
            {
                '(' => TokenKind.LParen,
                ')' => TokenKind.RParen,
                '[' => TokenKind.LBracket,
                ']' => TokenKind.RBracket,
                '{' => TokenKind.LBrace,
                '}' => TokenKind.RBrace,
                ',' => TokenKind.Comma,
                '.' => TokenKind.Dot,
                ':' => TokenKind.Colon,
                '+' => TokenKind.Plus,
                '-' => TokenKind.Minus,
                '*' => TokenKind.Star,
                '/' => TokenKind.Slash,
                '=' when Next(text, i) == '=' => TokenKind.Eq,
                '=' => TokenKind.Assign,
                '!' when Next(text, i) == '=' => TokenKind.Ne,
                '<' when Next(text, i) == '=' => TokenKind.Le,
                '<' => TokenKind.Lt,
                '>' when Next(text, i) == '=' => TokenKind.Ge,
                '>' => TokenKind.Gt,
                _ => throw new OttlSyntaxException(start + 1, $"unexpected character \"{c}\""),
            };
            if (kind is TokenKind.Eq or TokenKind.Ne or TokenKind.Le or TokenKind.Ge)
            {
                i++;
            }

            tokens.Add(new Token(kind, text[start..i], start + 1, i));
        }
    }

    private static char Next(string text, int i) => i < text.Length ? text[i] : '\0';

    // True when the previous token ends a value, so a following sign is an operator.
    private static bool EndsValue(List<Token> tokens)
    {
        if (tokens.Count == 0)
        {
            return false;
        }

        var last = tokens[^1];
        return last.Kind is TokenKind.String or TokenKind.Int or TokenKind.Float or TokenKind.Bytes or TokenKind.RParen or TokenKind.RBracket or TokenKind.RBrace
            || (last.Kind == TokenKind.Ident && !last.Is("where") && !last.Is("and") && !last.Is("or") && !last.Is("not"));
    }

    private static Token ReadNumber(string text, ref int i)
    {
        int start = i;
        if (text[i] is '+' or '-')
        {
            i++;
        }

        // 0x... is a byte literal.
        if (text[i] == '0' && i + 1 < text.Length && text[i + 1] is 'x' or 'X' && start == i)
        {
            i += 2;
            int digits = i;
            while (i < text.Length && char.IsAsciiHexDigit(text[i]))
            {
                i++;
            }

            var hex = text[digits..i];
            if (hex.Length == 0 || hex.Length % 2 != 0)
            {
                throw new OttlSyntaxException(start + 1, $"invalid bytes literal \"{text[start..i]}\": write an even number of hex digits after 0x");
            }

            return new Token(TokenKind.Bytes, text[start..i], start + 1, i, ByteString.CopyFrom(Convert.FromHexString(hex)));
        }

        bool isFloat = false;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
        {
            isFloat = true;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            int mark = i;
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                isFloat = true;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }
            else
            {
                i = mark;
            }
        }

        var written = text[start..i];
        if (isFloat)
        {
            return new Token(TokenKind.Float, written, start + 1, i, double.Parse(written, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return long.TryParse(written, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value)
            ? new Token(TokenKind.Int, written, start + 1, i, value)
            : throw new OttlSyntaxException(start + 1, $"integer {written} does not fit in 64 bits");
    }

    private static Token ReadString(string text, ref int i)
    {
        int start = i;
        i++;
        var value = new StringBuilder();
        while (true)
        {
            if (i >= text.Length)
            {
                throw new OttlSyntaxException(start + 1, "unterminated string: a closing \" is missing");
            }

            char c = text[i];
            if (c == '"')
            {
                i++;
                return new Token(TokenKind.String, text[start..i], start + 1, i, value.ToString());
            }

            if (c != '\\')
            {
                value.Append(c);
                i++;
                continue;
            }

            int escape = i;
            if (i + 1 >= text.Length)
            {
                throw new OttlSyntaxException(start + 1, "unterminated string: a closing \" is missing");
            }

            char e = text[i + 1];
            i += 2;
            switch (e)
            {
                case '"': value.Append('"'); break;
                case '\\': value.Append('\\'); break;
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'v': value.Append('\v'); break;
                case 'x': value.Append((char)Hex(text, ref i, 2, escape)); break;
                case 'u': value.Append((char)Hex(text, ref i, 4, escape)); break;
                case 'U': value.Append(char.ConvertFromUtf32(Hex(text, ref i, 8, escape))); break;
                case >= '0' and <= '7':
                    if (i + 1 >= text.Length || text[i] is < '0' or > '7' || text[i + 1] is < '0' or > '7')
                    {
                        throw new OttlSyntaxException(escape + 1, "invalid octal escape: write three octal digits (\\101)");
                    }

                    value.Append((char)Convert.ToInt32(text.Substring(i - 1, 3), 8));
                    i += 2;
                    break;
                default:
                    throw new OttlSyntaxException(escape + 1, $"invalid escape \"\\{e}\" in string (a regex's backslash is written \"\\\\{e}\")");
            }
        }
    }

    private static int Hex(string text, ref int i, int digits, int escape)
    {
        if (i + digits > text.Length || !int.TryParse(text.AsSpan(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
        {
            throw new OttlSyntaxException(escape + 1, $"invalid escape: expected {digits} hex digits");
        }

        i += digits;
        return code;
    }
}
