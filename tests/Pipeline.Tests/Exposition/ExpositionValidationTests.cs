using MiniCollector.Exposition;
using static MiniCollector.Pipeline.Tests.Exposition.Expo;

namespace MiniCollector.Pipeline.Tests.Exposition;

/// <summary>
/// The writers' output judged by independent parsers: the real <c>promtool check metrics</c> for the text format
/// (promtool 2.42 reads only that format from stdin) and a strict checker written from the OpenMetrics spec.
/// </summary>
public class ExpositionValidationTests
{
    [Fact]
    public void Promtool_accepts_a_rich_text_exposition()
    {
        var text = Text(RichFamilies());

        var result = Promtool.CheckMetrics(text);

        // promtool exits 0 when the exposition parses and lints clean, 3 on lint problems, 1 on parse errors.
        Assert.True(result.ExitCode == 0, $"promtool exited {result.ExitCode}:\n{result.Output}\n--- exposition ---\n{text}");
        Assert.DoesNotContain("error", result.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Promtool_accepts_every_type_with_timestamps_and_without_labels()
    {
        var text = Text(
            Family("a_total", MetricType.Counter, "c", new MetricPoint(NoLabels, 1, TimestampMs: 1)),
            Family("b_seconds", MetricType.Histogram, "h", new MetricPoint(NoLabels, TimestampMs: 2, Histogram: Histogram(0, 0))),
            Family("c_seconds", MetricType.Summary, "s", new MetricPoint(NoLabels, TimestampMs: 3, Summary: Summary(0, 0))),
            Family("d", MetricType.Unknown, "u", new MetricPoint(NoLabels, double.NaN, TimestampMs: -4)));

        var result = Promtool.CheckMetrics(text);

        Assert.True(result.ExitCode == 0, $"promtool exited {result.ExitCode}:\n{result.Output}\n--- exposition ---\n{text}");
        Assert.DoesNotContain("error", result.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Promtool_rejects_a_broken_exposition_so_its_verdict_means_something()
    {
        var result = Promtool.CheckMetrics("# HELP x_total x\n# TYPE x_total counter\nx_total{a=\"b} 1\n");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error", result.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void OpenMetrics_checker_accepts_the_rich_exposition()
    {
        var text = OpenMetrics(RichFamilies());

        Assert.Empty(OpenMetricsChecker.Check(text));
        Assert.EndsWith("\n# EOF\n", text, StringComparison.Ordinal);
        Assert.Contains("# UNIT minicollector_request_duration_seconds seconds\n", text, StringComparison.Ordinal);
        Assert.Contains("minicollector_http_requests_created{", text, StringComparison.Ordinal);
        Assert.Contains("} 0.07 1700000050\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenMetrics_checker_accepts_the_spec_example()
    {
        const string example = """
            # TYPE acme_http_router_request_seconds summary
            # UNIT acme_http_router_request_seconds seconds
            # HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
            acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32
            acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283
            acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0
            acme_http_router_request_seconds_sum{path="/api/v2",method="POST"} 479.3
            acme_http_router_request_seconds_count{path="/api/v2",method="POST"} 34
            acme_http_router_request_seconds_created{path="/api/v2",method="POST"} 1605281325.0
            # TYPE go_goroutines gauge
            # HELP go_goroutines Number of goroutines that currently exist.
            go_goroutines 69
            # TYPE process_cpu_seconds counter
            # UNIT process_cpu_seconds seconds
            # HELP process_cpu_seconds Total user and system CPU time spent in seconds.
            process_cpu_seconds_total 4.20072246e+06
            # EOF

            """;

        Assert.Empty(OpenMetricsChecker.Check(example.Replace("\r", "", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("# TYPE a gauge\na 1\n", "does not end with # EOF")]
    [InlineData("# TYPE a gauge\na 1 # {x=\"y\"} 1\n# EOF\n", "exemplar on a")]
    [InlineData("# TYPE a gauge\n# UNIT a seconds\na 1\n# EOF\n", "does not end with its unit")]
    [InlineData("# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 1\na{x=\"1\"} 2\n# EOF\n", "interleaved")]
    [InlineData("# TYPE a gauge\na{x=\"\\t\"} 1\n# EOF\n", "invalid escape")]
    [InlineData("# TYPE a gauge\n# HELP a say \"hi\"\na 1\n# EOF\n", "HELP is not a valid escaped string")]
    [InlineData("# TYPE a counter\na 1\n# EOF\n", "does not belong")]
    [InlineData("# TYPE a counter\na_created 1\n# EOF\n", "no _total sample")]
    [InlineData("# TYPE a histogram\na_bucket{le=\"1.0\"} 1\na_count 1\n# EOF\n", "no +Inf bucket")]
    [InlineData("# TYPE a histogram\na_bucket{le=\"+Inf\"} 2\na_count 3\n# EOF\n", "differs from _count")]
    [InlineData("# TYPE a histogram\na_bucket{le=\"2.0\"} 1\na_bucket{le=\"1.0\"} 1\na_bucket{le=\"+Inf\"} 1\n# EOF\n", "increasing le")]
    [InlineData("# TYPE a histogram\na_bucket{le=\"-1.0\"} 1\na_bucket{le=\"+Inf\"} 1\na_sum -2\n# EOF\n", "negative buckets and a _sum")]
    [InlineData("# TYPE a gauge\n# TYPE b gauge\n# TYPE a gauge\n# EOF\n", "appears twice")]
    [InlineData("# TYPE a gauge\na 1.2.3\n# EOF\n", "invalid value")]
    [InlineData("# some comment\n# EOF\n", "not a TYPE, UNIT or HELP")]
    public void OpenMetrics_checker_catches_what_the_spec_forbids(string exposition, string expected)
    {
        var errors = OpenMetricsChecker.Check(exposition);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void OpenMetrics_checker_flags_an_exemplar_over_128_code_points()
    {
        var errors = OpenMetricsChecker.Check($"# TYPE a counter\na_total 1 # {{trace_id=\"{new string('a', 121)}\"}} 1\n# EOF\n");

        Assert.Contains(errors, e => e.Contains("over 128", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_OpenMetrics_family_shape_passes_the_checker()
    {
        foreach (var family in RichFamilies())
        {
            var text = OpenMetrics(family);
            Assert.True(OpenMetricsChecker.Check(text).Count == 0, string.Join("\n", OpenMetricsChecker.Check(text)) + "\n" + text);
        }
    }
}
