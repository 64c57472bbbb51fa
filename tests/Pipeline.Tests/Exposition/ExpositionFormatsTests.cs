using System.Buffers;
using MiniCollector.Exposition;

namespace MiniCollector.Pipeline.Tests.Exposition;

public class ExpositionFormatsTests
{
    private const string Prometheus242 =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private const string Prometheus242NativeHistograms =
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

    // What Prometheus 2.42 actually sends with --enable-feature=native-histograms (seen in a scrape).
    private const string Prometheus242NativeHistogramsObserved =
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,application/openmetrics-text;version=1.0.0;q=0.8,"
        + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private const string Prometheus3 =
        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,"
        + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

    private const string Protobuf = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";

    [Theory]
    [InlineData(Prometheus242, true, ExpositionFormat.OpenMetrics)]
    [InlineData(Prometheus242, false, ExpositionFormat.PrometheusText)]
    [InlineData(Prometheus242NativeHistograms, true, ExpositionFormat.Protobuf)]
    [InlineData(Prometheus242NativeHistograms, false, ExpositionFormat.Protobuf)]
    [InlineData(Prometheus242NativeHistogramsObserved, true, ExpositionFormat.Protobuf)]
    [InlineData(Prometheus242NativeHistogramsObserved, false, ExpositionFormat.Protobuf)]
    [InlineData(Prometheus3, true, ExpositionFormat.OpenMetrics)]
    [InlineData(Prometheus3, false, ExpositionFormat.PrometheusText)]
    [InlineData(Protobuf + ";q=0.6," + Prometheus3, true, ExpositionFormat.Protobuf)]
    [InlineData(null, true, ExpositionFormat.PrometheusText)]
    [InlineData("", true, ExpositionFormat.PrometheusText)]
    [InlineData("*/*", true, ExpositionFormat.PrometheusText)]
    [InlineData("application/json", true, ExpositionFormat.PrometheusText)]
    [InlineData("text/plain", true, ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text", true, ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text; version=1.0.0; charset=utf-8", true, ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text;version=0.0.1", true, ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text;version=2.0.0", true, ExpositionFormat.PrometheusText)]
    [InlineData("APPLICATION/OpenMetrics-Text; Version=\"1.0.0\"", true, ExpositionFormat.OpenMetrics)]
    [InlineData(Protobuf, false, ExpositionFormat.Protobuf)]
    [InlineData("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", false, ExpositionFormat.Protobuf)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text", true, ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=compact-text", true, ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf;encoding=delimited", true, ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf;proto=other.Message;encoding=delimited", true, ExpositionFormat.PrometheusText)]
    [InlineData("application/vnd.google.protobuf", true, ExpositionFormat.PrometheusText)]
    [InlineData("text/plain;q=0.9,application/openmetrics-text;q=0.5", true, ExpositionFormat.PrometheusText)]
    [InlineData("text/plain;q=0.5,application/openmetrics-text;q=0.9", true, ExpositionFormat.OpenMetrics)]
    [InlineData("application/openmetrics-text;q=0.5," + Protobuf + ";q=0.6", true, ExpositionFormat.Protobuf)]
    [InlineData("application/openmetrics-text;q=0.6," + Protobuf + ";q=0.6", true, ExpositionFormat.OpenMetrics)]
    [InlineData(Protobuf + ";q=0.6,application/openmetrics-text;q=0.6", true, ExpositionFormat.Protobuf)]
    [InlineData("application/openmetrics-text;q=0,text/plain;q=0.1", true, ExpositionFormat.PrometheusText)]
    [InlineData(Protobuf + ";q=0", true, ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text;q=abc", true, ExpositionFormat.PrometheusText)]
    [InlineData("application/openmetrics-text;version=\"1.0.0;x\",text/plain;q=0.1", true, ExpositionFormat.PrometheusText)]
    [InlineData(" , ;, application/openmetrics-text ;q=1 ,", true, ExpositionFormat.OpenMetrics)]
    public void Negotiates_the_highest_quality_format_we_write(string? accept, bool openMetricsEnabled, ExpositionFormat expected) =>
        Assert.Equal(expected, ExpositionFormats.Negotiate(accept, openMetricsEnabled));

    [Fact]
    public void Content_types_are_the_registered_ones()
    {
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", ExpositionFormat.PrometheusText.ContentType());
        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", ExpositionFormat.OpenMetrics.ContentType());
        Assert.Equal(
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
            ExpositionFormat.Protobuf.ContentType());
        Assert.Equal(PrometheusTextWriter.ContentType, ExpositionFormat.PrometheusText.ContentType());
        Assert.Equal(OpenMetricsWriter.ContentType, ExpositionFormat.OpenMetrics.ContentType());
        Assert.Equal(PrometheusProtobufWriter.ContentType, ExpositionFormat.Protobuf.ContentType());
    }

    [Fact]
    public void Write_dispatches_to_the_format_writer()
    {
        var families = Expo.RichFamilies();

        Assert.Equal(Expo.Text(families), Expo.Render(o => ExpositionFormat.PrometheusText.Write(o, families)));
        Assert.Equal(Expo.OpenMetrics(families), Expo.Render(o => ExpositionFormat.OpenMetrics.Write(o, families)));
        var protobuf = new ArrayBufferWriter<byte>();
        ExpositionFormat.Protobuf.Write(protobuf, families);
        Assert.Equal(Expo.Protobuf(families), protobuf.WrittenSpan.ToArray());
    }
}
