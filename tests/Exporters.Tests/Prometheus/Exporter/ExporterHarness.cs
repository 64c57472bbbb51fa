using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MiniCollector.Exporters.Prometheus;
using MiniCollector.Exposition;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>
/// A prometheus exporter fed with OTLP requests built in the test, with a fake clock. Every text rendering is
/// judged by the real promtool; every OpenMetrics rendering by <see cref="OpenMetricsShape"/>.
/// </summary>
internal sealed class ExporterHarness
{
    private ExporterHarness(PrometheusOptions options, FakeTimeProvider time)
    {
        Options = options;
        Time = time;
        var context = new ComponentContext(new ComponentId("prometheus", string.Empty), ComponentKind.Exporter, NullLoggerFactory.Instance);
        Exporter = new PrometheusExporter(context, options, time);
    }

    public PrometheusOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public PrometheusExporter Exporter { get; }

    public long Dropped => Exporter.DroppedPoints;

    /// <summary>An exporter configured by the YAML of its <c>exporters::prometheus</c> section (must bind cleanly).</summary>
    public static ExporterHarness FromYaml(string yaml = "endpoint: 127.0.0.1:0")
    {
        var options = PrometheusConfig.Bind(yaml, out var errors);
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Items));
        return new ExporterHarness(options, Clock());
    }

    public static ExporterHarness FromOptions(PrometheusOptions options) => new(options, Clock());

    /// <summary>The clock every harness starts on; it moves only when a test advances it.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Ingest(ExportMetricsServiceRequest request)
    {
        var result = Exporter.ConsumeAsync(MetricsKind.Instance.FromModel(request), CancellationToken.None);
        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal(ConsumeResult.Success, result.Result);
    }

    public void Ingest(params Metric[] metrics) => Ingest(Otlp.Request(metrics));

    /// <summary>A request as a receiver hands it on when nothing changed it: the bytes it arrived as.</summary>
    public void IngestBytes(byte[] request)
    {
        var result = Exporter.ConsumeAsync(MetricsKind.Instance.FromBytes(request), CancellationToken.None);
        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal(ConsumeResult.Success, result.Result);
    }

    /// <summary>The text 0.0.4 exposition, after promtool has parsed it.</summary>
    public string Text()
    {
        var text = RenderRaw(ExpositionFormat.PrometheusText);
        Promtool.AssertParses(text);
        return text;
    }

    /// <summary>The OpenMetrics exposition, after the structural checks of <see cref="OpenMetricsShape"/>.</summary>
    public string OpenMetrics()
    {
        var text = RenderRaw(ExpositionFormat.OpenMetrics);
        OpenMetricsShape.AssertValid(text);
        return text;
    }

    /// <summary>A rendering without any judge (for loops that judge once at the end).</summary>
    public string RenderRaw(ExpositionFormat format)
    {
        var (body, rendered) = Exporter.Render(format);
        Assert.Equal(format, rendered);
        return Encoding.UTF8.GetString(body);
    }
}

/// <summary>Binds <see cref="PrometheusOptions"/> from YAML the way the collector's config loader does.</summary>
internal static class PrometheusConfig
{
    public static PrometheusOptions Bind(string yaml, out ConfigErrors errors)
    {
        errors = new ConfigErrors();
        var node = YamlConfigReader.Read(yaml, "test.yaml", new EnvExpander(_ => null), errors);
        Assert.NotNull(node);
        return PrometheusOptions.Bind(new ConfigSection(node, "exporters::prometheus", errors));
    }
}
