using System.Text.Json;

namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>A message that is a whole OTLP/JSON document; the generator implements it for each <see cref="OtlpJsonDocumentAttribute"/>.</summary>
internal interface IOtlpJsonDocument
{
    void WriteOtlpJson(Utf8JsonWriter writer);
}
