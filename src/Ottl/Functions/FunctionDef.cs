using MiniCollector.Ottl.Syntax;

namespace MiniCollector.Ottl.Functions;

/// <summary>Builds an editor from its bound arguments.</summary>
internal delegate Editor EditorBuilder(BoundArgs args, OttlContextKind context);

/// <summary>Builds a converter from its bound arguments.</summary>
internal delegate ConverterBody ConverterBuilder(BoundArgs args, OttlContextKind context);

/// <summary>
/// One OTTL function: editors (lowercase, change the item) and converters (uppercase, return a value). Its parameters
/// drive argument checking at load time, so a call with a wrong count or kind of argument names the function, the
/// parameter and the signature.
/// </summary>
internal sealed class FunctionDef
{
    private FunctionDef(string name, Param[] parameters, EditorBuilder? editor, ConverterBuilder? converter, OttlContextKind[]? only)
    {
        Name = name;
        Params = parameters;
        BuildEditor = editor;
        BuildConverter = converter;
        Only = only;
    }

    public string Name { get; }

    public Param[] Params { get; }

    public bool IsEditor => BuildEditor is not null;

    public EditorBuilder? BuildEditor { get; }

    public ConverterBuilder? BuildConverter { get; }

    /// <summary>The contexts the function works in; null: all.</summary>
    public OttlContextKind[]? Only { get; }

    /// <summary>The signature as the README writes it.</summary>
    public string Signature => $"{Name}({string.Join(", ", Params.Select(p => p.ToString()))})";

    public static FunctionDef Editor(string name, Param[] parameters, EditorBuilder build) => new(name, parameters, build, null, null);

    public static FunctionDef Converter(string name, Param[] parameters, ConverterBuilder build, OttlContextKind[]? only = null) => new(name, parameters, null, build, only);

    /// <summary>Matches written arguments to parameters, checking count, names and kinds.</summary>
    public BoundArgs Bind(IReadOnlyList<Arg> written, int column)
    {
        var bound = new Arg?[Params.Length];
        int positional = 0;
        bool sawNamed = false;
        foreach (var arg in written)
        {
            int index;
            if (arg.Name is null)
            {
                if (sawNamed)
                {
                    throw new OttlSyntaxException(arg.Column, $"{Name}: unnamed arguments must come before named ones");
                }

                index = positional++;
                if (index >= Params.Length)
                {
                    throw new OttlSyntaxException(arg.Column, $"{Name} takes {CountText()}, found {written.Count} ({Signature})");
                }
            }
            else
            {
                sawNamed = true;
                index = Array.FindIndex(Params, p => p.Name == arg.Name);
                if (index < 0)
                {
                    throw new OttlSyntaxException(arg.Column, $"{Name} has no argument named \"{arg.Name}\" ({Signature})");
                }

                if (bound[index] is not null)
                {
                    throw new OttlSyntaxException(arg.Column, $"{Name}: argument \"{arg.Name}\" is given twice");
                }
            }

            Check(Params[index], arg);
            bound[index] = arg;
        }

        for (int i = 0; i < Params.Length; i++)
        {
            if (bound[i] is null && !Params[i].Optional)
            {
                throw new OttlSyntaxException(column, $"{Name} takes {CountText()}, found {written.Count}: \"{Params[i].Name}\" is missing ({Signature})");
            }
        }

        return new BoundArgs(this, bound, column);
    }

    private string CountText()
    {
        int required = Params.Count(p => !p.Optional);
        return required == Params.Length
            ? $"{required} argument{(required == 1 ? string.Empty : "s")}"
            : $"{required} to {Params.Length} arguments";
    }

    private void Check(Param param, Arg arg)
    {
        var value = arg.Value;
        var constant = value.Constant;
        bool ok = param.Kind switch
        {
            ParamKind.Path => value is PathExpr path && path.CanSet,
            ParamKind.String => constant is { Kind: OttlValueKind.String },
            ParamKind.Int => constant is { Kind: OttlValueKind.Int },
            ParamKind.Bool => constant is { Kind: OttlValueKind.Bool },
            ParamKind.StringList => value is ListExpr list && list.Items.All(i => i.Constant is { Kind: OttlValueKind.String }),
            ParamKind.ValueList => value is ListExpr,
            ParamKind.Function => value is FunctionNameExpr,
            _ => value is not FunctionNameExpr,
        };
        if (!ok)
        {
            var found = value is PathExpr { CanSet: false } ? $"read-only path {value.Text}" : value.Text;
            throw new OttlSyntaxException(arg.Column, $"{Name}: argument \"{param.Name}\" must be {param.Expected}, found {found}");
        }
    }
}
