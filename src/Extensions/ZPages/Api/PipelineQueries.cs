using System.Text.Json;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;

namespace MiniCollector.Extensions.ZPages.Api;

/// <summary>
/// The pipelines JSON (<c>/api/pipelines</c>): each pipeline's receivers, processors in order and exporters, and each
/// component's self-metrics now: the series of the collector's own instruments whose <c>receiver</c>,
/// <c>processor</c> or <c>exporter</c> label names it, so the numbers are exactly those of :8888 (including the
/// <c>minicollector_*</c> breakdowns of refusals and drops by <c>reason</c>, and the memory limiter's state).
/// </summary>
internal static class PipelineQueries
{
    private static readonly string[] ComponentLabels = ["receiver", "processor", "exporter"];

    /// <summary>
    /// Writes <c>{"pipelines": [{name, signal, receivers, processors, exporters}], "components": {id: [{name, labels,
    /// value, counter}]}}</c>.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<PipelineConfig> pipelines, IReadOnlyList<SelfMetricReading> selfMetrics)
    {
        writer.WriteStartObject();
        WritePipelines(writer, pipelines);

        // Lets the page show, under a component, the series of the pipeline's own signal and those of no signal.
        writer.WriteStartArray("signal_suffixes"u8);
        foreach (var kind in SignalKind.All)
        {
            writer.WriteStringValue(kind.TelemetrySuffix);
        }

        writer.WriteEndArray();
        WriteComponents(writer, selfMetrics);
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>"pipelines": [{name, signal, telemetry_suffix, receivers, processors, exporters}]</c> (also in <c>/api/service</c>).</summary>
    public static void WritePipelines(Utf8JsonWriter writer, IReadOnlyList<PipelineConfig> pipelines)
    {
        writer.WriteStartArray("pipelines"u8);
        foreach (var pipeline in pipelines)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, pipeline.Name);
            writer.WriteString("signal"u8, pipeline.Signal.Name());
            writer.WriteString("telemetry_suffix"u8, SignalKind.For(pipeline.Signal).TelemetrySuffix);
            WriteIds(writer, "receivers"u8, pipeline.Sources);
            WriteIds(writer, "processors"u8, pipeline.Processors);
            WriteIds(writer, "exporters"u8, pipeline.Destinations);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteComponents(Utf8JsonWriter writer, IReadOnlyList<SelfMetricReading> selfMetrics)
    {
        var byComponent = new SortedDictionary<string, List<SelfMetricReading>>(StringComparer.Ordinal);
        foreach (var reading in selfMetrics)
        {
            foreach (var (key, value) in reading.Labels)
            {
                if (Array.IndexOf(ComponentLabels, key) >= 0)
                {
                    var id = key + "/" + value;
                    if (!byComponent.TryGetValue(id, out var list))
                    {
                        byComponent[id] = list = [];
                    }

                    list.Add(reading);
                }
            }
        }

        writer.WriteStartObject("components"u8);
        foreach (var (id, readings) in byComponent)
        {
            writer.WriteStartArray(id);
            foreach (var reading in readings.OrderBy(r => r.Name, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteString("name"u8, reading.Name);
                writer.WriteStartObject("labels"u8);
                foreach (var (key, value) in reading.Labels)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
                writer.WriteNumber("value"u8, reading.Value);

                // A counter is a total the page turns into a rate; a gauge is a level (a queue's fill, a state).
                writer.WriteBoolean("counter"u8, reading.Counter);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteIds(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IEnumerable<ComponentId> ids)
    {
        writer.WriteStartArray(name);
        foreach (var id in ids)
        {
            writer.WriteStringValue(id.ToString());
        }

        writer.WriteEndArray();
    }
}
