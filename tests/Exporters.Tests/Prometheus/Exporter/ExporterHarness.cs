using Google.Protobuf;
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
/// <remarks>
/// Each request reaches the exporter as its bytes (what receivers hand on) and, at the same time, a twin exporter as the
/// decoded model (what a processor or connector hands on); every rendering and drop count must be the same from both,
/// so every test here checks both ingest paths and that they agree.
/// </remarks>
internal sealed class ExporterHarness
{
    private ExporterHarness(PrometheusOptions options, FakeTimeProvider time)
    {
        Options = options;
        Time = time;
        var context = new ComponentContext(new ComponentId("prometheus", string.Empty), ComponentKind.Exporter, NullLoggerFactory.Instance);
        Exporter = new PrometheusExporter(context, options, time);
        _decoded = new PrometheusExporter(context, options, time);
    }

    private readonly PrometheusExporter _decoded;

    public PrometheusOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public PrometheusExporter Exporter { get; }

    public long Dropped
    {
        get
        {
            Assert.Equal(_decoded.DroppedPoints, Exporter.DroppedPoints);
            return Exporter.DroppedPoints;
        }
    }

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
        Consume(Exporter, MetricsKind.Instance.FromBytes(request.ToByteArray()));
        Consume(_decoded, MetricsKind.Instance.FromModel(request));
    }

    public void Ingest(params Metric[] metrics) => Ingest(Otlp.Request(metrics));

    /// <summary>Request bytes made by hand, as a receiver hands them on (and their decoding to the twin).</summary>
    public void IngestBytes(byte[] request)
    {
        Consume(Exporter, MetricsKind.Instance.FromBytes(request));
        Consume(_decoded, MetricsKind.Instance.FromModel(ExportMetricsServiceRequest.Parser.ParseFrom(request)));
    }

    /// <summary>The text 0.0.4 exposition, after promtool has parsed it.</summary>
    public string Text()
    {
        var text = Render(ExpositionFormat.PrometheusText);
        Promtool.AssertParses(text);
        return text;
    }

    /// <summary>The OpenMetrics exposition, after the structural checks of <see cref="OpenMetricsShape"/>.</summary>
    public string OpenMetrics()
    {
        var text = Render(ExpositionFormat.OpenMetrics);
        OpenMetricsShape.AssertValid(text);
        return text;
    }

    /// <summary>
    /// A rendering without any judge, nor the twin's (for loops that judge once at the end, and for requests given to
    /// <see cref="Exporter"/> directly).
    /// </summary>
    public string RenderRaw(ExpositionFormat format)
    {
        var (body, rendered) = Exporter.Render(format);
        Assert.Equal(format, rendered);
        return Encoding.UTF8.GetString(body);
    }

    // A judged rendering: the twin fed the decoded requests must have rendered the same.
    private string Render(ExpositionFormat format)
    {
        var text = RenderRaw(format);
        Assert.Equal(Encoding.UTF8.GetString(_decoded.Render(format).Body), text);
        return text;
    }

    private static void Consume(PrometheusExporter exporter, TelemetryRequest request)
    {
        var result = exporter.ConsumeAsync(request, CancellationToken.None);
        Assert.True(result.IsCompletedSuccessfully);
        Assert.Equal(ConsumeResult.Success, result.Result);
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
