namespace MiniCollector.Ottl.Syntax;

/// <summary>The kinds of OTTL tokens.</summary>
internal enum TokenKind
{
    Ident,
    String,
    Int,
    Float,
    Bytes,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Dot,
    Colon,
    Assign,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    End,
}

/// <summary>One token: its kind, its text as written, where it starts (1-based column) and ends, and its literal value.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Column, int End, object? Value = null)
{
    /// <summary>The token as error messages name it.</summary>
    public string Describe() => Kind == TokenKind.End ? "end of statement" : Kind == TokenKind.String ? Text : $"\"{Text}\"";

    /// <summary>True for an identifier with exactly this text.</summary>
    public bool Is(string word) => Kind == TokenKind.Ident && string.Equals(Text, word, StringComparison.Ordinal);
}

/// <summary>A syntax or binding error at a column of the statement.</summary>
internal sealed class OttlSyntaxException(int column, string message) : Exception(message)
{
    public int Column { get; } = column;
}
