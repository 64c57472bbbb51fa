using System.Text.Json;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Extensions.ZPages.Api;

/// <summary>
/// The pipelines JSON (<c>/api/pipelines</c>): each pipeline's receivers, processors in order and exporters. Structure
/// only: the live counts will be the self-telemetry's, which is being rewritten.
/// </summary>
internal static class PipelineQueries
{
    /// <summary>Writes <c>{"pipelines": [{name, signal, receivers, processors, exporters}]}</c>.</summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<PipelineConfig> pipelines)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("pipelines"u8);
        foreach (var pipeline in pipelines)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, pipeline.Name);
            writer.WriteString("signal"u8, pipeline.Signal.Name());
            WriteIds(writer, "receivers"u8, pipeline.Receivers);
            WriteIds(writer, "processors"u8, pipeline.Processors);
            WriteIds(writer, "exporters"u8, pipeline.Exporters);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteIds(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<ComponentId> ids)
    {
        writer.WriteStartArray(name);
        foreach (var id in ids)
        {
            writer.WriteStringValue(id.ToString());
        }

        writer.WriteEndArray();
    }
}
