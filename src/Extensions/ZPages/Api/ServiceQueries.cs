using System.Text.Json;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Service;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Extensions.ZPages.Api;

/// <summary>
/// The service JSON (<c>/api/service</c>): what runs and since when, the config sources and the effective config
/// with every secret redacted, the extensions and every defined component with its stability, and the pipelines —
/// what the reference shows on servicez, pipelinez and extensionz.
/// </summary>
internal static class ServiceQueries
{
    /// <summary>
    /// Writes <c>{version, runtime, command, startTimeMs, uptimeSeconds, configSources, config, extensions: [{id, type,
    /// stability}], components: [{kind, id, type, stability}], pipelines: [{name, signal, telemetry_suffix, receivers,
    /// processors, exporters}], reload: {count, failures, succeeded, atMs, summary}}</c>; reload is null until the
    /// first config reload.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, ServiceDescription service, DateTimeOffset started, DateTimeOffset now)
    {
        writer.WriteStartObject();
        writer.WriteString("command"u8, service.Build.Command);
        writer.WriteString("version"u8, service.Build.Version);
        writer.WriteString("runtime"u8, service.Build.Runtime);
        writer.WriteNumber("startTimeMs"u8, started.ToUnixTimeMilliseconds());
        writer.WriteNumber("uptimeSeconds"u8, Math.Max(0, (long)(now - started).TotalSeconds));
        writer.WriteStartArray("configSources"u8);
        foreach (var source in service.ConfigSources)
        {
            writer.WriteStringValue(source);
        }

        writer.WriteEndArray();

        // Only ever the redacted rendering: the document itself holds the secrets as written.
        writer.WriteString("config"u8, service.Document is { } document ? ConfigYamlWriter.Write(document, redactSecrets: true) : string.Empty);

        writer.WriteStartArray("extensions"u8);
        foreach (var id in service.Extensions)
        {
            var component = service.Components.FirstOrDefault(c => c.Kind == ComponentKind.Extension && c.Id == id);
            writer.WriteStartObject();
            writer.WriteString("id"u8, id.ToString());
            writer.WriteString("type"u8, component?.Type ?? id.Type);
            writer.WriteString("stability"u8, component?.Stability ?? string.Empty);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("components"u8);
        foreach (var component in service.Components)
        {
            writer.WriteStartObject();
            writer.WriteString("kind"u8, component.Kind.Singular());
            writer.WriteString("id"u8, component.Id.ToString());
            writer.WriteString("type"u8, component.Type);
            writer.WriteString("stability"u8, component.Stability);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        PipelineQueries.WritePipelines(writer, service.Pipelines);
        WriteReload(writer, service.LastReload);
        writer.WriteEndObject();
    }

    private static void WriteReload(Utf8JsonWriter writer, ReloadStatus? reload)
    {
        if (reload is null)
        {
            writer.WriteNull("reload"u8);
            return;
        }

        writer.WriteStartObject("reload"u8);
        writer.WriteNumber("count"u8, reload.Count);
        writer.WriteNumber("failures"u8, reload.Failures);
        writer.WriteBoolean("succeeded"u8, reload.Succeeded);
        writer.WriteNumber("atMs"u8, reload.At.ToUnixTimeMilliseconds());
        writer.WriteString("summary"u8, reload.Summary);
        writer.WriteEndObject();
    }
}
