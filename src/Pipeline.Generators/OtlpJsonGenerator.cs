using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace MiniCollector.Pipeline.Generators;

/// <summary>
/// Generates the OTLP/JSON codec from the protobuf messages: for every message the documents named by
/// <c>[assembly: OtlpJsonDocument(typeof(...))]</c> contain, a <c>ReadOtlpJson</c> and a <c>WriteOtlpJson</c> member
/// on its protoc-generated partial class (and IOtlpJsonDocument on the documents), and the value names of the enums
/// they use.
/// </summary>
/// <remarks>
/// Generated straight-line code rather than tables walked at run time: decoding OTLP/JSON is on the HTTP receive
/// path, and a table-driven decoder (JSON to protobuf encoding, then the generated parser) measured 30-45 % slower.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class OtlpJsonGenerator : IIncrementalGenerator
{
    private const string DocumentAttribute = "MiniCollector.Pipeline.Otlp.Json.OtlpJsonDocumentAttribute";

    public void Initialize(IncrementalGeneratorInitializationContext context) =>
        context.RegisterSourceOutput(context.CompilationProvider, static (output, compilation) => Generate(output, compilation));

    private static void Generate(SourceProductionContext output, Compilation compilation)
    {
        var roots = new HashSet<INamedTypeSymbol>(
            compilation.Assembly.GetAttributes()
                .Where(attribute => attribute.AttributeClass?.ToDisplayString() == DocumentAttribute)
                .Select(attribute => attribute.ConstructorArguments[0].Value)
                .OfType<INamedTypeSymbol>(),
            SymbolEqualityComparer.Default);
        List<INamedTypeSymbol> messages = ProtoSchema.Messages(roots);
        foreach (INamedTypeSymbol message in messages)
        {
            output.AddSource($"{message.ToDisplayString()}.OtlpJson.g.cs", OtlpJsonEmitter.Message(message, ProtoSchema.Fields(message), roots.Contains(message)));
        }

        output.AddSource("OtlpJsonEnumNames.g.cs", OtlpJsonEmitter.EnumNames(ProtoSchema.Enums(messages)));
    }
}
