namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>
/// Names a message that is a whole OTLP/JSON document. The OTLP/JSON generator (src/Pipeline.Generators) gives it
/// and every message it contains <c>ReadOtlpJson</c> and <c>WriteOtlpJson</c> members.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class OtlpJsonDocumentAttribute(Type message) : Attribute
{
    public Type Message { get; } = message;
}
