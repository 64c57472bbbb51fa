namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>The OpenMetrics judge used by these tests catches what it is meant to catch.</summary>
public sealed class OpenMetricsShapeTests
{
    [Fact]
    public void Accepts_a_well_formed_exposition()
    {
        const string text = """
            # TYPE c counter
            # UNIT c seconds
            # HELP c Help
            c_total{a="x\"y"} 1.0 # {trace_id="ab"} 1.0 1700000000.5
            c_created{a="x\"y"} 1700000000
            # TYPE h histogram
            h_bucket{le="1.0"} 1
            h_bucket{le="+Inf"} 1
            h_count 1
            # EOF

            """;

        Assert.Empty(OpenMetricsShape.Check(text.Replace("# UNIT c seconds\n", string.Empty, StringComparison.Ordinal)));
        Assert.Single(OpenMetricsShape.Check(text)); // c does not end with its unit
    }

    [Theory]
    [InlineData("# TYPE g gauge\ng 1\n", "does not end with # EOF")]
    [InlineData("# TYPE g gauge\ng 1\n# TYPE g counter\ng_total 1\n# EOF\n", "appears twice")]
    [InlineData("# TYPE g gauge\ng_total 1\n# EOF\n", "does not belong")]
    [InlineData("# TYPE g gauge\ng{a=\"1\",a=\"2\"} 1\n# EOF\n", "repeated label name")]
    [InlineData("# TYPE g gauge\ng 1\ng 2\n# EOF\n", "series repeated")]
    [InlineData("# TYPE g gauge\ng 1 # {trace_id=\"a\"} 1\n# EOF\n", "exemplar on a sample")]
    [InlineData("# TYPE g gauge\ng 1\n# HELP g late\n# EOF\n", "not right after the TYPE")]
    [InlineData("# TYPE g gauge\ng one\n# EOF\n", "not a sample line")]
    [InlineData("# TYPE g gauge\ng 1\n# EOF\n# TYPE x gauge\n", "# EOF before the end")]
    public void Flags_what_the_spec_forbids(string text, string expected)
    {
        Assert.Contains(OpenMetricsShape.Check(text), e => e.Contains(expected, StringComparison.Ordinal));
    }
}
