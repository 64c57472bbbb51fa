namespace MiniCollector.Ottl.Functions;

/// <summary>Every supported function by name.</summary>
internal static class FunctionRegistry
{
    private static readonly Dictionary<string, FunctionDef> Functions = Build();

    public static FunctionDef? Find(string name) => Functions.GetValueOrDefault(name);

    /// <summary>The editors' names, for messages.</summary>
    public static string EditorNames => string.Join(", ", Functions.Values.Where(f => f.IsEditor).Select(f => f.Name));

    /// <summary>The converters' names, for messages.</summary>
    public static string ConverterNames => string.Join(", ", Functions.Values.Where(f => !f.IsEditor).Select(f => f.Name));

    private static Dictionary<string, FunctionDef> Build()
    {
        var all = new Dictionary<string, FunctionDef>(StringComparer.Ordinal);
        foreach (var f in Editors.All().Concat(Converters.All()))
        {
            all.Add(f.Name, f);
        }

        return all;
    }
}
