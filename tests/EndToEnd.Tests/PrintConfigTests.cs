using System.Text.Json;
using MiniCollector.EndToEnd.Tests.TestSupport;

namespace MiniCollector.EndToEnd.Tests;

/// <summary><c>print-config</c> and the explaining <c>validate</c> through the executable (the NativeAOT one in CI).</summary>
public sealed class PrintConfigTests : IDisposable
{
    private const string Secret = "s3cr3t-from-env";

    private readonly string _dir = Directory.CreateTempSubdirectory("minicollector-print-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Print_config_merges_sources_applies_set_expands_env_and_redacts_secrets_by_default()
    {
        var (base_, overlay) = WriteConfigs();

        var (code, output) = await CollectorProcess.RunAsync(_dir, Environment(), "print-config", "--config", base_, "--config", overlay, "--set", "processors.batch.timeout=2s");

        Assert.Equal(0, code);
        Assert.Contains("timeout: 2s", output);
        Assert.Contains("verbosity: detailed", output);
        Assert.Contains("Authorization: '[REDACTED]'", output.Replace("\"", "'", StringComparison.Ordinal));
        Assert.Contains("endpoint: tempo.example:4317", output);
        Assert.DoesNotContain(Secret, output);
    }

    [Fact]
    public async Task Print_config_unredacted_shows_the_expanded_secret()
    {
        var (base_, overlay) = WriteConfigs();

        var (code, output) = await CollectorProcess.RunAsync(_dir, Environment(), "print-config", "--mode", "unredacted", "--config", base_, "--config", overlay);

        Assert.Equal(0, code);
        Assert.Contains("Bearer " + Secret, output);
        Assert.DoesNotContain("[REDACTED]", output);
    }

    [Fact]
    public async Task Print_config_as_json_types_plain_scalars_and_keeps_quoted_ones_as_strings()
    {
        var (base_, overlay) = WriteConfigs();

        var (code, output) = await CollectorProcess.RunAsync(_dir, Environment(), "print-config", "--format", "json", "--config", base_, "--config", overlay);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var otlp = json.RootElement.GetProperty("exporters").GetProperty("otlp");
        Assert.Equal("[REDACTED]", otlp.GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.Equal(JsonValueKind.True, otlp.GetProperty("tls").GetProperty("insecure").ValueKind);
        Assert.Equal(JsonValueKind.Number, otlp.GetProperty("sending_queue").GetProperty("queue_size").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("processors").GetProperty("batch").GetProperty("send_batch_max_size").ValueKind);
        Assert.DoesNotContain(Secret, output);
    }

    [Fact]
    public async Task Print_config_of_an_invalid_config_prints_the_validate_errors_and_exits_one()
    {
        var path = Write("bad.yaml", IssueExample);

        var print = await CollectorProcess.RunAsync(_dir, "print-config", "--config", path);
        var validate = await CollectorProcess.RunAsync(_dir, "validate", "--config", path);

        Assert.Equal(1, print.ExitCode);
        Assert.Equal(1, validate.ExitCode);
        Assert.Equal(validate.Output, print.Output);
        Assert.DoesNotContain("endpoint: http://x", print.Output);
    }

    [Theory]
    [InlineData("print-config", "--format", "xml")]
    [InlineData("print-config", "--mode", "plain")]
    [InlineData("validate", "--format", "json")]
    public async Task Bad_print_config_options_exit_two(params string[] args)
    {
        var (code, output) = await CollectorProcess.RunAsync(_dir, args);

        Assert.Equal(2, code);
        Assert.StartsWith("minicollector: --", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_explains_the_issue_example_with_suggestions_for_every_mistake()
    {
        var path = Write("issue.yaml", IssueExample);

        var (code, output) = await CollectorProcess.RunAsync(_dir, "validate", "--config", path);

        Assert.Equal(1, code);
        Assert.Contains($"{path}:1:1: unknown key \"recievers\" (valid keys: receivers, processors, exporters, extensions, connectors, service); did you mean \"receivers\"?", output);
        Assert.Contains($"{path}:5:9: receivers::otlp::protocols::grpc: unknown key \"endpont\" (valid keys: transport, endpoint,", output);
        Assert.Contains("did you mean \"endpoint\"?", output);
        Assert.Contains($"{path}:11:45: service::pipelines::traces: references exporter \"debug\" which is not configured (configured exporters: otlp_http)", output);
        Assert.Contains($"warning: {path}:7:3: exporters::otlp_http: exporter \"otlp_http\" is defined but used in no pipeline", output);
    }

    [Fact]
    public async Task Help_names_print_config_and_the_exit_codes()
    {
        var (code, output) = await CollectorProcess.RunAsync(_dir, "--help");

        Assert.Equal(0, code);
        Assert.Contains("minicollector print-config", output);
        Assert.Contains("0 valid, 1 invalid config", output);
        Assert.Contains("2 bad command line", output);
    }

    private const string IssueExample = """
        recievers:
          otlp:
            protocols:
              grpc:
                endpont: 0.0.0.0:4317
        exporters:
          otlp_http:
            endpoint: http://x
        service:
          pipelines:
            traces: {receivers: [otlp], exporters: [debug]}
        """;

    private static Dictionary<string, string> Environment() => new() { ["PRINT_TEST_TOKEN"] = Secret };

    private (string Base, string Overlay) WriteConfigs()
    {
        var base_ = Write("base.yaml", """
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:0
            processors:
              batch:
                timeout: 1s
                send_batch_max_size:
            exporters:
              debug:
                verbosity: basic
              otlp:
                endpoint: tempo.example:4317
                tls:
                  insecure: true
                headers:
                  Authorization: "Bearer ${env:PRINT_TEST_TOKEN}"
                sending_queue:
                  queue_size: 100
            service:
              pipelines:
                traces:
                  receivers: [otlp]
                  processors: [batch]
                  exporters: [debug, otlp]
            """);
        var overlay = Write("overlay.yaml", """
            exporters:
              debug:
                verbosity: detailed
            """);
        return (base_, overlay);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
