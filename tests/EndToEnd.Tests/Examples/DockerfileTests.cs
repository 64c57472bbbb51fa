using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MiniCollector.CommandLine;
using MiniCollector.EndToEnd.Tests.TestSupport;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// What the Dockerfile declares agrees with what scripts/image-acceptance.sh reproduces and tests without Docker:
/// the publish script, the files and where they go, the user, the ports the image config listens on, the command,
/// and the HEALTHCHECK command (<c>minicollector healthcheck</c>: the chiseled base has no shell), whose behaviour is
/// checked here against healthy, unhealthy and absent endpoints.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly string Root = ExampleFiles.RepoRoot;
    private static readonly Dockerfile Image = Dockerfile.Load(Path.Combine(Root, "Dockerfile"));
    private static readonly string AcceptanceScript = File.ReadAllText(Path.Combine(Root, "scripts", "image-acceptance.sh"));
    private static readonly string ContainerScript = File.ReadAllText(Path.Combine(Root, "scripts", "container-acceptance.sh"));

    [Fact]
    public void The_build_stage_publishes_with_the_script_the_acceptance_script_runs()
    {
        var build = Image.Stage("build");

        // With no --build-arg: the published SDK image.
        Assert.Equal("--platform=$BUILDPLATFORM ${SDK_IMAGE} AS build", Dockerfile.All("FROM", build).Single());
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0-noble", Image.GlobalArgs["SDK_IMAGE"]);

        // NativeAOT links with the platform toolchain, and the executable needs a glibc no newer than the final stage's.
        Assert.Contains(Dockerfile.All("RUN", build), r => r.Contains("apt-get install", StringComparison.Ordinal) && r.Contains(" clang zlib1g-dev", StringComparison.Ordinal));
        Assert.EndsWith("-noble", Image.GlobalArgs["SDK_IMAGE"], StringComparison.Ordinal);
        Assert.EndsWith("-noble-chiseled", Image.GlobalArgs["RUNTIME_IMAGE"], StringComparison.Ordinal);
        Assert.Contains(Dockerfile.All("RUN", build), r => r.Contains("scripts/publish.sh \"$rid\" /out", StringComparison.Ordinal));
        Assert.Contains("bash \"$context/scripts/publish.sh\" \"$rid\" \"$publish_dir\"", AcceptanceScript, StringComparison.Ordinal);
    }

    [Fact]
    public void The_final_stage_holds_the_executable_and_the_image_config_where_the_acceptance_script_puts_them()
    {
        var copies = Dockerfile.All("COPY", Image.Final).Select(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        // With no --build-arg: the chiseled runtime-deps base, what the acceptance script checks the executable links against.
        var from = Image.Resolve(Dockerfile.All("FROM", Image.Final).Single());
        Assert.Equal("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled", from);
        Assert.Equal(2, copies.Count);
        Assert.Contains(copies, c => c[0] == "--from=executable" && c[1] == "/out/minicollector" && c[2] == "/usr/local/bin/minicollector");
        Assert.Contains(copies, c => c[^2] == "examples/image/config.yaml" && c[^1] == "/etc/minicollector/config.yaml");
        Assert.Contains("\"$context/examples/image/config.yaml\" \"$fs/etc/minicollector/config.yaml\"", AcceptanceScript, StringComparison.Ordinal);
        Assert.Contains("\"$publish_dir/minicollector\" \"$fs/usr/local/bin/minicollector\"", AcceptanceScript, StringComparison.Ordinal);
    }

    [Fact]
    public void The_executable_comes_from_the_build_stage_unless_a_prebuilt_one_is_asked_for()
    {
        // EXECUTABLE names the stage the final stage copies from; by default the one that publishes from the sources.
        Assert.Equal("build", Image.GlobalArgs["EXECUTABLE"]);
        Assert.Equal("${EXECUTABLE} AS executable", Dockerfile.All("FROM", Image.Stage("executable")).Single());
        Assert.Single(Image.Stage("executable"));

        // "prebuilt": the file minicollector at the context's root, at the path the build stage leaves its output.
        var prebuilt = Image.Stage("prebuilt");
        Assert.Equal("scratch AS prebuilt", Dockerfile.All("FROM", prebuilt).Single());
        Assert.Equal("minicollector /out/minicollector", Dockerfile.All("COPY", prebuilt).Single());
        Assert.Contains(Dockerfile.All("RUN", Image.Stage("build")), r => r.EndsWith("scripts/publish.sh \"$rid\" /out", StringComparison.Ordinal));
    }

    [Fact]
    public void The_container_script_builds_the_final_stage_from_a_prebuilt_executable_on_its_local_base_with_the_dockerfiles_arguments()
    {
        var declared = Image.GlobalArgs.Keys.ToHashSet(StringComparer.Ordinal);
        var passed = System.Text.RegularExpressions.Regex.Matches(ContainerScript, @"--build-arg (\w+)=").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(["RUNTIME_IMAGE", "EXECUTABLE", "REVISION"], passed);
        Assert.Contains("RUNTIME_IMAGE", declared);
        Assert.Contains("EXECUTABLE", declared);
        Assert.Contains("REVISION", Dockerfile.All("ARG", Image.Final).Select(a => a.Split('=')[0]));
        Assert.Contains("--build-arg EXECUTABLE=prebuilt", ContainerScript, StringComparison.Ordinal);

        // The context holds what the prebuilt and final stages copy, where they copy it from.
        Assert.Contains("\"$executable\" \"$context/minicollector\"", ContainerScript, StringComparison.Ordinal);
        Assert.Contains("\"$root/examples/image/config.yaml\" \"$context/examples/image/config.yaml\"", ContainerScript, StringComparison.Ordinal);

        // The local base stands in for runtime-deps: its user "app" (uid/gid 1654) and the APP_UID the final stage's USER reads.
        Assert.Contains("image_uid=1654", ContainerScript, StringComparison.Ordinal);
        Assert.Contains("--change \"ENV APP_UID=$image_uid\"", ContainerScript, StringComparison.Ordinal);
        Assert.Contains("useradd --uid \"$image_uid\" --gid \"$image_uid\"", ContainerScript, StringComparison.Ordinal);

        // The one line it leaves out: the parser directive, which would fetch the Dockerfile frontend from a registry.
        Assert.StartsWith("# syntax=", File.ReadLines(Path.Combine(Root, "Dockerfile")).First(), StringComparison.Ordinal);
        Assert.Contains("sed '/^# *syntax=/d' \"$root/Dockerfile\"", ContainerScript, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_runs_as_the_base_images_app_user_from_the_config_folder_as_the_acceptance_script_does()
    {
        Assert.Equal("$APP_UID", Dockerfile.All("USER", Image.Final).Single());
        Assert.Equal("/etc/minicollector", Dockerfile.All("WORKDIR", Image.Final).Single());

        // runtime-deps' "app" user is uid/gid 1654.
        Assert.Contains("image_uid=1654", AcceptanceScript, StringComparison.Ordinal);
        Assert.Contains("image_gid=1654", AcceptanceScript, StringComparison.Ordinal);
        Assert.Contains("cd \"$fs/etc/minicollector\"", AcceptanceScript, StringComparison.Ordinal);
    }

    [Fact]
    public void The_exposed_ports_are_exactly_those_the_image_config_listens_on_for_every_interface()
    {
        var exposed = Dockerfile.All("EXPOSE", Image.Final).SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).Order().ToList();
        var listening = ConfigEndpoints.Of(ExampleFiles.LoadMapping(Path.Combine(ExampleFiles.ExamplesDir, "image", "config.yaml"))).Select(e => e.Endpoint).ToList();

        Assert.Equal([4317, 4318, 8888, 8889, 13133], exposed);
        Assert.Equal(exposed, listening.Select(ConfigEndpoints.Port).Order());
        Assert.All(listening, e => Assert.Equal("0.0.0.0", ConfigEndpoints.Host(e)));
    }

    [Fact]
    public void The_entrypoint_and_command_run_the_collector_on_the_image_config()
    {
        var entrypoint = JsonSerializer.Deserialize<string[]>(Dockerfile.All("ENTRYPOINT", Image.Final).Single())!;
        var command = JsonSerializer.Deserialize<string[]>(Dockerfile.All("CMD", Image.Final).Single())!;

        Assert.Equal(["/usr/local/bin/minicollector"], entrypoint);
        var parsed = CommandLineArgs.Parse(command, out var error);
        Assert.True(parsed is not null, error);
        Assert.Equal("run", parsed.Command);
        Assert.Equal(["/etc/minicollector/config.yaml"], parsed.Configs);
        Assert.Contains("--config \"$fs/etc/minicollector/config.yaml\"", AcceptanceScript, StringComparison.Ordinal);
    }

    [Fact]
    public void The_healthcheck_is_the_executables_healthcheck_command_whose_default_port_the_image_config_serves_health_on()
    {
        var healthcheck = Dockerfile.All("HEALTHCHECK", Image.Final).Single();
        var healthEndpoint = ConfigEndpoints.Of(ExampleFiles.LoadMapping(Path.Combine(ExampleFiles.ExamplesDir, "image", "config.yaml"))).Single(e => e.SetKey.StartsWith("extensions.health_check", StringComparison.Ordinal)).Endpoint;

        Assert.EndsWith("CMD [\"/usr/local/bin/minicollector\", \"healthcheck\"]", healthcheck, StringComparison.Ordinal);
        Assert.Equal(HealthProbe.DefaultPort, ConfigEndpoints.Port(healthEndpoint));
        Assert.Contains("\"$fs/usr/local/bin/minicollector\" healthcheck", AcceptanceScript, StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_carries_oci_labels()
    {
        var labels = string.Join(' ', Dockerfile.All("LABEL", Image.Final));

        foreach (var key in new[] { "title", "description", "version", "revision", "base.name" })
        {
            Assert.Contains("org.opencontainers.image." + key + "=", labels, StringComparison.Ordinal);
        }

        // The base it was built on, published or local.
        Assert.Contains("org.opencontainers.image.base.name=\"${RUNTIME_IMAGE}\"", labels, StringComparison.Ordinal);
        Assert.Contains("RUNTIME_IMAGE", Dockerfile.All("ARG", Image.Final));
    }

    [Fact]
    public void The_dockerignore_is_an_allow_list_of_paths_that_exist_and_covers_every_file_the_image_copies()
    {
        var rules = File.ReadAllLines(Path.Combine(Root, ".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var allowed = rules.Where(r => r.StartsWith('!')).Select(r => r[1..].TrimEnd('/')).ToList();

        Assert.Equal("*", rules[0]);
        Assert.All(allowed, p => Assert.True(File.Exists(Path.Combine(Root, p)) || Directory.Exists(Path.Combine(Root, p)), p));
        var copiedFromContext = Dockerfile.All("COPY", Image.Final).Select(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(c => !c[0].StartsWith("--from=", StringComparison.Ordinal)).Select(c => c[^2]);
        Assert.All(copiedFromContext, source => Assert.Contains(allowed, a => source == a || source.StartsWith(a + "/", StringComparison.Ordinal)));
        Assert.Contains("scripts/publish.sh", allowed);
        Assert.Contains("src", allowed);
    }

    [Fact]
    public async Task The_healthcheck_command_is_healthy_on_200_and_unhealthy_on_503_or_no_listener()
    {
        Assert.Equal(0, (await RunHealthcheckAgainst("HTTP/1.1 200 OK")).ExitCode);
        var unavailable = await RunHealthcheckAgainst("HTTP/1.1 503 Service Unavailable");
        Assert.Equal(1, unavailable.ExitCode);
        Assert.Contains("answered 503", unavailable.Output);

        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        int port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var refused = await RunHealthcheck(port);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"http://127.0.0.1:{port}/", refused.Output);
    }

    [Fact]
    public async Task The_healthcheck_command_asks_the_path_in_MINICOLLECTOR_HEALTH_PATH()
    {
        Assert.Equal(0, (await RunHealthcheckAgainst("HTTP/1.1 200 OK", "/health/status")).ExitCode);
    }

    [Fact]
    public async Task The_healthcheck_command_is_healthy_against_a_collector_running_the_image_config()
    {
        await using var collector = await ExampleCollector.StartAsync(Path.Combine(ExampleFiles.ExamplesDir, "image", "config.yaml"));
        var health = collector.Logs.Entries.Select(e => e.Message).First(m => m.StartsWith("Serving health check on ", StringComparison.Ordinal));

        var result = await RunHealthcheck(new Uri(health["Serving health check on ".Length..]).Port);
        Assert.True(result.ExitCode == 0, result.Output);
    }

    /// <summary>Serves one canned status line to the healthcheck and returns its exit code and output.</summary>
    private static async Task<(int ExitCode, string Output)> RunHealthcheckAgainst(string statusLine, string? path = null)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            using var stream = client.GetStream();
            var buffer = new byte[1024];
            var request = string.Empty;
            while (!request.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                int n = await stream.ReadAsync(buffer);
                if (n == 0)
                {
                    break;
                }

                request += Encoding.ASCII.GetString(buffer, 0, n);
            }

            Assert.StartsWith($"GET {path ?? "/"} HTTP/1.1\r\n", request, StringComparison.Ordinal);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(statusLine + "\r\nContent-Length: 0\r\n\r\n"));
        });

        var result = await RunHealthcheck(((IPEndPoint)listener.LocalEndpoint).Port, path);
        await serve;
        return result;
    }

    /// <summary>Runs <c>minicollector healthcheck</c> (the executable the process tests use) against the port.</summary>
    private static Task<(int ExitCode, string Output)> RunHealthcheck(int port, string? path = null)
    {
        var environment = new Dictionary<string, string> { [HealthProbe.PortVariable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (path is not null)
        {
            environment[HealthProbe.PathVariable] = path;
        }

        return CollectorProcess.RunAsync(Path.GetTempPath(), environment, "healthcheck");
    }
}
