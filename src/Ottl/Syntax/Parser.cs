using MiniCollector.Ottl.Functions;

namespace MiniCollector.Ottl.Syntax;

/// <summary>
/// A recursive-descent parser of one OTTL statement or condition that compiles as it goes: paths are resolved in the
/// context, functions are looked up and their arguments checked, enums read, so what it returns only evaluates.
/// Precedence: <c>or</c> below <c>and</c> below <c>not</c>; <c>*</c> <c>/</c> above <c>+</c> <c>-</c>.
/// </summary>
internal sealed class Parser
{
    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly OttlContextKind _context;
    private int _pos;

    private Parser(string text, OttlContextKind context)
    {
        _text = text;
        _context = context;
        _tokens = Lexer.Tokenize(text);
    }

    /// <summary>A statement: an editor call, optionally <c>where</c> a condition.</summary>
    public static (Editor Editor, BoolExpr? Where) ParseStatement(string text, OttlContextKind context)
    {
        var parser = new Parser(text, context);
        var editor = parser.EditorCall();
        BoolExpr? where = null;
        if (parser.Peek.Is("where"))
        {
            parser._pos++;
            where = parser.Or();
            parser.ExpectEnd("end of statement");
        }
        else
        {
            parser.ExpectEnd("\"where\" or end of statement");
        }

        return (editor, where);
    }

    /// <summary>A condition: a boolean expression.</summary>
    public static BoolExpr ParseCondition(string text, OttlContextKind context)
    {
        var parser = new Parser(text, context);
        if (parser.Peek.Kind == TokenKind.End)
        {
            throw new OttlSyntaxException(1, "empty condition");
        }

        var condition = parser.Or();
        parser.ExpectEnd("\"and\", \"or\" or end of condition");
        return condition;
    }

    private Token Peek => _tokens[_pos];

    private Token PeekAt(int offset) => _tokens[Math.Min(_pos + offset, _tokens.Count - 1)];

    private Token Next()
    {
        var token = _tokens[_pos];
        if (_pos < _tokens.Count - 1)
        {
            _pos++;
        }

        return token;
    }

    private static bool IsComparison(TokenKind kind) => kind is TokenKind.Eq or TokenKind.Ne or TokenKind.Lt or TokenKind.Le or TokenKind.Gt or TokenKind.Ge;

    private static bool IsKeyword(Token t) => t.Is("where") || t.Is("and") || t.Is("or") || t.Is("not");

    private OttlSyntaxException Expected(string what) => new(Peek.Column, $"expected {what} but found {Peek.Describe()}");

    private Token Expect(TokenKind kind, string what) => Peek.Kind == kind ? Next() : throw Expected(what);

    private void ExpectEnd(string what)
    {
        if (Peek.Kind != TokenKind.End)
        {
            throw Expected(what);
        }
    }

    private string TextFrom(int startColumn) => _text[(startColumn - 1)..(_tokens[Math.Max(_pos - 1, 0)].End)];

    private Editor EditorCall()
    {
        var name = Peek;
        if (name.Kind != TokenKind.Ident || IsKeyword(name) || PeekAt(1).Kind != TokenKind.LParen)
        {
            throw Expected("an editor call such as set(...)");
        }

        var function = FunctionRegistry.Find(name.Text);
        if (function is null)
        {
            throw new OttlSyntaxException(name.Column, $"unknown editor \"{name.Text}\" (supported editors: {FunctionRegistry.EditorNames})");
        }

        if (!function.IsEditor)
        {
            throw new OttlSyntaxException(name.Column, $"a statement must call an editor ({FunctionRegistry.EditorNames}), found the converter {name.Text}");
        }

        _pos++;
        var args = Arguments();
        return function.BuildEditor!(function.Bind(args, name.Column), _context);
    }

    private List<Arg> Arguments()
    {
        Expect(TokenKind.LParen, "\"(\"");
        var args = new List<Arg>();
        if (Peek.Kind == TokenKind.RParen)
        {
            _pos++;
            return args;
        }

        while (true)
        {
            int column = Peek.Column;
            string? name = null;
            if (Peek.Kind == TokenKind.Ident && PeekAt(1).Kind == TokenKind.Assign)
            {
                name = Next().Text;
                _pos++;
            }

            // A bare converter name is a function argument (SHA256 in replace_pattern), not an enum.
            Expr value;
            if (Peek.Kind == TokenKind.Ident && char.IsAsciiLetterUpper(Peek.Text[0]) && PeekAt(1).Kind is TokenKind.Comma or TokenKind.RParen
                && FunctionRegistry.Find(Peek.Text) is { IsEditor: false })
            {
                var token = Next();
                value = new FunctionNameExpr(token.Text) { Column = token.Column, Text = token.Text };
            }
            else
            {
                value = Value();
            }

            args.Add(new Arg(name, value, column));
            if (Peek.Kind == TokenKind.Comma)
            {
                _pos++;
                continue;
            }

            Expect(TokenKind.RParen, "\",\" or \")\"");
            return args;
        }
    }

    private BoolExpr Or()
    {
        var left = And();
        while (Peek.Is("or"))
        {
            _pos++;
            left = new OrExpr(left, And());
        }

        return left;
    }

    private BoolExpr And()
    {
        var left = Not();
        while (Peek.Is("and"))
        {
            _pos++;
            left = new AndExpr(left, Not());
        }

        return left;
    }

    private BoolExpr Not()
    {
        if (Peek.Is("not"))
        {
            _pos++;
            return new NotExpr(Not());
        }

        return BooleanPrimary();
    }

    private BoolExpr BooleanPrimary()
    {
        if (Peek.Kind == TokenKind.LParen)
        {
            // "(" opens a boolean group or an arithmetic operand ((a + b) > 2): try the group, fall back to a comparison.
            int mark = _pos;
            OttlSyntaxException? groupError;
            try
            {
                _pos++;
                var inner = Or();
                Expect(TokenKind.RParen, "\")\"");
                if (!IsComparison(Peek.Kind) && Peek.Kind is not (TokenKind.Plus or TokenKind.Minus or TokenKind.Star or TokenKind.Slash))
                {
                    return inner;
                }

                groupError = null;
            }
            catch (OttlSyntaxException ex)
            {
                groupError = ex;
            }

            int groupPos = _pos;
            _pos = mark;
            try
            {
                return Comparison();
            }
            catch (OttlSyntaxException ex) when (groupError is not null && groupError.Column >= ex.Column)
            {
                _pos = groupPos;
                throw groupError;
            }
        }

        if ((Peek.Is("true") || Peek.Is("false")) && !IsComparison(PeekAt(1).Kind))
        {
            return new ConstBool(Next().Text == "true");
        }

        return Comparison();
    }

    private BoolExpr Comparison()
    {
        if (Peek.Kind == TokenKind.End || IsKeyword(Peek))
        {
            throw Expected("a condition");
        }

        var left = Value();
        if (IsComparison(Peek.Kind))
        {
            var op = Next().Kind switch
            {
                TokenKind.Eq => OttlCompare.Op.Eq,
                TokenKind.Ne => OttlCompare.Op.Ne,
                TokenKind.Lt => OttlCompare.Op.Lt,
                TokenKind.Le => OttlCompare.Op.Le,
                TokenKind.Gt => OttlCompare.Op.Gt,
                _ => OttlCompare.Op.Ge,
            };
            return new CompareExpr(op, left, Value());
        }

        if (left is ConverterExpr or IndexExpr)
        {
            return new ValueBool(left);
        }

        if (left.Constant is { Kind: OttlValueKind.Bool } b)
        {
            return new ConstBool(b.Bool);
        }

        throw new OttlSyntaxException(Peek.Column, $"expected a comparison operator (==, !=, <, <=, >, >=) after {left.Text} but found {Peek.Describe()}");
    }

    private Expr Value()
    {
        int start = Peek.Column;
        var left = Term();
        while (Peek.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            char op = Next().Kind == TokenKind.Plus ? '+' : '-';
            var right = Term();
            left = new MathExpr(op, left, right) { Column = start, Text = TextFrom(start) };
        }

        return left;
    }

    private Expr Term()
    {
        int start = Peek.Column;
        var left = Primary();
        while (Peek.Kind is TokenKind.Star or TokenKind.Slash)
        {
            char op = Next().Kind == TokenKind.Star ? '*' : '/';
            var right = Primary();
            left = new MathExpr(op, left, right) { Column = start, Text = TextFrom(start) };
        }

        return left;
    }

    private Expr Primary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case TokenKind.String:
                _pos++;
                return Const(OttlValue.Of((string)token.Value!), token);
            case TokenKind.Int:
                _pos++;
                return Const(OttlValue.Of((long)token.Value!), token);
            case TokenKind.Float:
                _pos++;
                return Const(OttlValue.Of((double)token.Value!), token);
            case TokenKind.Bytes:
                _pos++;
                return Const(OttlValue.Of((Google.Protobuf.ByteString)token.Value!), token);
            case TokenKind.LBracket:
                return List();
            case TokenKind.LBrace:
                return Map();
            case TokenKind.LParen:
                _pos++;
                var inner = Value();
                Expect(TokenKind.RParen, "\")\"");
                return inner;
            case TokenKind.Ident when IsKeyword(token):
                throw Expected("a value");
            case TokenKind.Ident when token.Is("nil"):
                _pos++;
                return Const(OttlValue.Nil, token);
            case TokenKind.Ident when token.Is("true") || token.Is("false"):
                _pos++;
                return Const(OttlValue.Of(token.Text == "true"), token);
            case TokenKind.Ident when PeekAt(1).Kind == TokenKind.LParen:
                return Converter();
            case TokenKind.Ident when char.IsAsciiLetterUpper(token.Text[0]):
                return Enum();
            case TokenKind.Ident:
                return Path();
            default:
                throw Expected("a value");
        }
    }

    private static ConstExpr Const(OttlValue value, Token token) => new(value) { Column = token.Column, Text = token.Text };

    private Expr List()
    {
        var open = Next();
        var items = new List<Expr>();
        if (Peek.Kind != TokenKind.RBracket)
        {
            while (true)
            {
                items.Add(Value());
                if (Peek.Kind == TokenKind.Comma)
                {
                    _pos++;
                    continue;
                }

                break;
            }
        }

        Expect(TokenKind.RBracket, "\",\" or \"]\"");
        return new ListExpr([.. items]) { Column = open.Column, Text = TextFrom(open.Column) };
    }

    private Expr Map()
    {
        var open = Next();
        var entries = new List<(string, Expr)>();
        if (Peek.Kind != TokenKind.RBrace)
        {
            while (true)
            {
                var key = Expect(TokenKind.String, "a string key");
                Expect(TokenKind.Colon, "\":\"");
                entries.Add(((string)key.Value!, Value()));
                if (Peek.Kind == TokenKind.Comma)
                {
                    _pos++;
                    continue;
                }

                break;
            }
        }

        Expect(TokenKind.RBrace, "\",\" or \"}\"");
        return new MapExpr([.. entries]) { Column = open.Column, Text = TextFrom(open.Column) };
    }

    private Expr Converter()
    {
        var name = Next();
        var function = FunctionRegistry.Find(name.Text);
        if (function is null)
        {
            throw new OttlSyntaxException(name.Column, char.IsAsciiLetterUpper(name.Text[0])
                ? $"unknown converter \"{name.Text}\" (supported converters: {FunctionRegistry.ConverterNames})"
                : $"unknown function \"{name.Text}\": only converters (capitalised: {FunctionRegistry.ConverterNames}) may be used as values");
        }

        if (function.IsEditor)
        {
            throw new OttlSyntaxException(name.Column, $"{name.Text} is an editor: it can only be the function a statement calls, not a value");
        }

        if (function.Only is { } only && Array.IndexOf(only, _context) < 0)
        {
            throw new OttlSyntaxException(name.Column, $"{name.Text} is only available in the {string.Join(", ", only.Select(k => k.Name()))} context, not in {_context.Name()}");
        }

        var args = Arguments();
        var body = function.BuildConverter!(function.Bind(args, name.Column), _context);
        Expr call = new ConverterExpr(body) { Column = name.Column, Text = TextFrom(name.Column) };
        var keys = Keys();
        return keys.Length == 0 ? call : new IndexExpr(call, keys) { Column = name.Column, Text = TextFrom(name.Column) };
    }

    private Expr Enum()
    {
        var token = Next();
        var enums = OttlEnums.For(_context);
        if (enums.TryGetValue(token.Text, out long value))
        {
            return Const(OttlValue.Of(value), token);
        }

        var known = enums.Count == 0 ? "this context has no enums" : "supported: " + string.Join(", ", enums.Keys);
        throw new OttlSyntaxException(token.Column, $"unknown enum \"{token.Text}\" in the {_context.Name()} context ({known})");
    }

    private Expr Path()
    {
        var first = Peek;
        var segments = new List<string> { Next().Text };
        while (Peek.Kind == TokenKind.Dot)
        {
            _pos++;
            var segment = Peek;
            if (segment.Kind != TokenKind.Ident)
            {
                throw Expected("a path segment after \".\"");
            }

            segments.Add(Next().Text);
        }

        var field = PathTables.Resolve(_context, segments, out var error) ?? throw new OttlSyntaxException(first.Column, error!);
        int keyColumn = Peek.Column;
        var keys = Keys();
        if (keys.Length > 0 && !field.TakesKeys)
        {
            throw new OttlSyntaxException(keyColumn, $"path \"{string.Join('.', segments)}\" ({field.Type}) does not take keys");
        }

        return new PathExpr(field, keys) { Column = first.Column, Text = TextFrom(first.Column) };
    }

    private PathKey[] Keys()
    {
        List<PathKey>? keys = null;
        while (Peek.Kind == TokenKind.LBracket)
        {
            _pos++;
            var key = Peek;
            keys ??= [];
            switch (key.Kind)
            {
                case TokenKind.String:
                    keys.Add(new PathKey((string)key.Value!, 0));
                    break;
                case TokenKind.Int:
                    keys.Add(new PathKey(null, (long)key.Value!));
                    break;
                default:
                    throw Expected("a string or int key (expressions as keys are not supported)");
            }

            _pos++;
            Expect(TokenKind.RBracket, "\"]\"");
        }

        return keys is null ? [] : [.. keys];
    }
}
