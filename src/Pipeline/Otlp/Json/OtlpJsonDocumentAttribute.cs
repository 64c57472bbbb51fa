namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>
/// Names a message that is a whole OTLP/JSON document. The OTLP/JSON generator (src/Pipeline.Generators) gives it
/// and every message it contains <c>ReadOtlpJson</c> and <c>WriteOtlpJson</c> members.
/// </summary>
/// <remarks>
/// The generated code exists only inside the compilation; to read it, build with
/// <c>dotnet build src/Pipeline -p:EmitCompilerGeneratedFiles=true</c> and open
/// <c>src/Pipeline/obj/&lt;configuration&gt;/net10.0/generated/</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class OtlpJsonDocumentAttribute(Type message) : Attribute
{
    public Type Message { get; } = message;
}
