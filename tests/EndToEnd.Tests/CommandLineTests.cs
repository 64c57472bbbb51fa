using System.Net;
using System.Net.Sockets;
using MiniCollector.EndToEnd.Tests.TestSupport;

namespace MiniCollector.EndToEnd.Tests;

/// <summary>The executable as users run it: subcommands, exit codes, start-up errors and signal shutdown.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("minicollector-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Validate_accepts_a_good_config_and_exits_zero()
    {
        var path = Write("good.yaml", Config("127.0.0.1:0"));

        var (code, output) = await CollectorProcess.RunAsync(_dir, "validate", "--config", path);

        Assert.Equal(0, code);
        Assert.Contains("config is valid", output);
    }

    [Fact]
    public async Task Validate_reports_every_error_with_file_line_and_path_and_exits_nonzero()
    {
        var path = Write("bad.yaml", """
            receivers:
              otlp:
                protocols:
                  http:
                    endpoint: 127.0.0.1:0
                    max_recv_msg_size_mib: 64
            processors:
              batch:
                send_batch_size: lots
            exporters:
              debug:
                verbosity: loud
            service:
              pipelines:
                traces:
                  receivers: [otlp, zipkin]
                  processors: [batch]
                  exporters: [debug]
            """);

        var (code, output) = await CollectorProcess.RunAsync(_dir, "validate", "--config", path);

        Assert.Equal(1, code);
        Assert.Contains("(4 errors)", output);
        Assert.Contains($"{path}:6:9: receivers::otlp::protocols::http: unknown key \"max_recv_msg_size_mib\" (valid keys: compression_algorithms, endpoint, max_request_body_size, include_metadata", output);
        Assert.Contains("max_recv_msg_size_mib is a gRPC setting: it belongs under protocols::grpc", output);
        Assert.Contains($"{path}:9:22: processors::batch::send_batch_size: expected an integer, found \"lots\"", output);
        Assert.Contains($"{path}:12:16: exporters::debug::verbosity: invalid value \"loud\" (valid values: basic, normal, detailed)", output);
        Assert.Contains("service::pipelines::traces: references receiver \"zipkin\" which is not configured", output);
    }

    /// <summary>
    /// Which build the process tests start: the file <c>MINICOLLECTOR_EXECUTABLE</c> names (CI: the NativeAOT publish),
    /// else <c>dotnet minicollector.dll</c>. The process itself says how it runs, so a JIT build passed off as the
    /// NativeAOT executable fails here.
    /// </summary>
    [Fact]
    public async Task The_process_tests_run_the_executable_named_by_MINICOLLECTOR_EXECUTABLE_or_else_the_jit_build()
    {
        var path = Write("kind.yaml", Config("127.0.0.1:0"));

        using var process = CollectorProcess.Start(_dir, "--config", path);
        await process.WaitForOutputAsync("Everything is ready");
        var image = File.ResolveLinkTarget($"/proc/{process.Id}/exe", returnFinalTarget: true)?.FullName;
        var maps = await File.ReadAllTextAsync($"/proc/{process.Id}/maps");
        process.Terminate();
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        Assert.Matches(@"Starting minicollector \S+ \(" + ExpectedRuntime + @"; GC: workstation, non-concurrent, gen0 budget ≤ 8 MiB\) with config ", process.Output);
        if (CollectorProcess.Executable is { } executable)
        {
            Assert.Equal(File.ResolveLinkTarget(executable, returnFinalTarget: true)?.FullName ?? executable, image);

            // No runtime library is loaded: the code is the executable's own.
            Assert.DoesNotContain("libcoreclr.so", maps, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("dotnet", Path.GetFileName(image));
            Assert.Contains("libcoreclr.so", maps, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Components_lists_the_built_in_types()
    {
        var (code, output) = await CollectorProcess.RunAsync(_dir, "components");

        Assert.Equal(0, code);
        Assert.Contains("receivers:", output);
        Assert.Contains("- otlp:", output);
        Assert.Contains("- batch:", output);
        Assert.Contains("- debug:", output);
        Assert.Contains("also accepted as: logging", output);
        Assert.Contains("- nop:", output);
    }

    [Fact]
    public async Task Version_and_help_print_and_exit_zero()
    {
        var version = await CollectorProcess.RunAsync(_dir, "--version");
        var help = await CollectorProcess.RunAsync(_dir, "--help");
        var unknown = await CollectorProcess.RunAsync(_dir, "--frobnicate");

        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^minicollector \d+\.\d+\.\d+ \(" + ExpectedRuntime + @"\)\n", version.Output);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("minicollector validate", help.Output);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown argument \"--frobnicate\"", unknown.Output);
    }

    [Fact]
    public async Task The_shipped_gc_settings_cap_the_gen0_budget_and_the_start_line_says_so_and_the_environment_overrides_them()
    {
        var path = Write("gc.yaml", Config("127.0.0.1:0"));

        var shipped = await StartLineAsync(null);
        var overridden = await StartLineAsync(new Dictionary<string, string> { ["DOTNET_GCGen0MaxBudget"] = "1000000" });

        Assert.Contains("GC: workstation, non-concurrent, gen0 budget ≤ 8 MiB)", shipped);
        Assert.Contains("GC: workstation, non-concurrent, gen0 budget ≤ 16 MiB)", overridden);

        async Task<string> StartLineAsync(IReadOnlyDictionary<string, string>? environment)
        {
            using var process = CollectorProcess.Start(_dir, environment, "--config", path);
            await process.WaitForOutputAsync("Everything is ready");
            process.Terminate();
            Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            return process.Output.Split('\n').Single(line => line.Contains("Starting minicollector", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_port_in_use_is_one_clear_error_naming_the_component_and_endpoint()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        int port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var path = Write("busy.yaml", Config($"127.0.0.1:{port}"));

        var (code, output) = await CollectorProcess.RunAsync(_dir, "--config", path);

        Assert.Equal(1, code);
        Assert.Contains($"receivers::otlp::protocols::http: cannot listen on 127.0.0.1:{port} (http)", output);
        Assert.Contains("address already in use", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unresolvable_host_is_one_clear_error()
    {
        var path = Write("nohost.yaml", Config("no-such-host.invalid:4318"));

        var (code, output) = await CollectorProcess.RunAsync(_dir, "--config", path);

        Assert.Equal(1, code);
        Assert.Contains("receivers::otlp::protocols::http: cannot resolve host \"no-such-host.invalid\"", output);
    }

    [Fact]
    public async Task Without_config_the_collector_reads_collector_yaml_from_the_working_directory()
    {
        Write("collector.yaml", Config("127.0.0.1:0"));

        using var process = CollectorProcess.Start(_dir);
        await process.WaitForOutputAsync("Everything is ready");
        process.Terminate();

        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("with config collector.yaml", process.Output);
    }

    [Fact]
    public async Task Sigterm_flushes_buffered_batches_before_exiting_zero()
    {
        // A batch that would wait an hour: only the shutdown flush can deliver it.
        var path = Write("flush.yaml", Config("127.0.0.1:0", batch: "timeout: 1h\n    send_batch_size: 100000", verbosity: "detailed"));
        using var process = CollectorProcess.Start(_dir, "--config", path);
        await process.WaitForOutputAsync("Everything is ready");
        var url = BoundUrl(process.Output);

        // Answered as soon as it is buffered, an hour before the batch would go out.
        using var client = new HttpClient();
        var response = await client.PostAsync(url + "/v1/logs", new StringContent(
            """{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"flushed on shutdown"}}]}]}]}""",
            System.Text.Encoding.UTF8,
            "application/json")).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("flushed on shutdown", process.Output);
        process.Terminate();

        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Body: Str(flushed on shutdown)", process.Output);
        Assert.Contains("Shutdown complete.", process.Output);
    }

    [Fact]
    public async Task Validate_warns_when_the_batch_processor_sits_in_front_of_a_persistent_queue()
    {
        var path = Write("durable.yaml", $"""
            extensions:
              file_storage:
                directory: {Path.Combine(_dir, "queue")}
                create_directory: true
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:0
            processors:
              batch:
            exporters:
              otlp/durable:
                endpoint: 127.0.0.1:4317
                sending_queue:
                  storage: file_storage
              otlp/memory:
                endpoint: 127.0.0.1:4317
            service:
              extensions: [file_storage]
              pipelines:
                traces:
                  receivers: [otlp]
                  processors: [batch]
                  exporters: [otlp/durable, otlp/memory]
                traces/direct:
                  receivers: [otlp]
                  exporters: [otlp/durable]
            """);

        var (code, output) = await CollectorProcess.RunAsync(_dir, "validate", "--config", path);

        Assert.Equal(0, code);
        var warning = Assert.Single(output.Split('\n'), l => l.StartsWith("warning: ", StringComparison.Ordinal));
        Assert.Contains("service::pipelines::traces: processor \"batch\" holds data in memory before exporter \"otlp/durable\" writes it to its persistent queue", warning);
        Assert.Contains("exporters::otlp/durable::sending_queue::batch", warning);
    }

    [Fact]
    public async Task Validate_rejects_a_storage_reference_to_an_extension_that_is_not_configured()
    {
        var path = Write("missing-storage.yaml", """
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:0
            exporters:
              otlp:
                endpoint: 127.0.0.1:4317
                sending_queue:
                  storage: file_storage/missing
            service:
              pipelines:
                traces:
                  receivers: [otlp]
                  exporters: [otlp]
            """);

        var (code, output) = await CollectorProcess.RunAsync(_dir, "validate", "--config", path);

        Assert.Equal(1, code);
        Assert.Contains("exporters::otlp::sending_queue::storage: references extension \"file_storage/missing\" which is not configured", output);
    }

    /// <summary>What the collector's <c>--version</c> and start line say about how it runs.</summary>
    private static string ExpectedRuntime => CollectorProcess.Executable is null ? "JIT" : "NativeAOT";

    private static string BoundUrl(string output)
    {
        var marker = "Starting HTTP server on ";
        var start = output.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var end = output.IndexOf(' ', start);
        return "http://" + output[start..end];
    }

    private static string Config(string endpoint, string batch = "", string verbosity = "basic") => $"""
        receivers:
          otlp:
            protocols:
              http:
                endpoint: {endpoint}
        processors:
          batch:
            {batch}
        exporters:
          debug:
            verbosity: {verbosity}
        service:
          pipelines:
            logs:
              receivers: [otlp]
              processors: [batch]
              exporters: [debug]
        """;

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
