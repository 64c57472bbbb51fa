using MiniCollector.Extensions.FileStorage;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Extensions.FileStorage;

/// <summary>Binding and validating <c>extensions::file_storage</c> with the reference's keys and defaults.</summary>
public sealed class FileStorageOptionsTests
{
    private const string SectionPath = "extensions::file_storage";

    private static (FileStorageOptions Options, IReadOnlyList<ConfigError> Errors) Bind(string yaml)
    {
        return ConfigHelper.Bind<FileStorageOptions>(new FileStorageExtensionFactory(), yaml, SectionPath);
    }

    [Fact]
    public void Factory_describes_the_extension()
    {
        var factory = new FileStorageExtensionFactory();

        Assert.Equal("file_storage", factory.Type);
        Assert.Equal(ComponentKind.Extension, factory.Kind);
        Assert.Empty(factory.Signals);
    }

    [Fact]
    public void An_empty_section_gives_the_reference_defaults()
    {
        var errors = new ConfigErrors();
        var options = FileStorageOptions.Bind(new ConfigSection(null, SectionPath, errors));

        Assert.True(errors.IsEmpty);
        Assert.Equal("/var/lib/otelcol/file_storage", options.Directory);
        Assert.False(options.CreateDirectory);
        Assert.Equal((UnixFileMode)Convert.ToInt32("750", 8), options.DirectoryPermissions);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Timeout);
        Assert.False(options.Fsync);
        var compaction = options.Compaction;
        Assert.False(compaction.OnStart);
        Assert.False(compaction.OnRebound);
        Assert.Equal("/var/lib/otelcol/file_storage", compaction.Directory);
        Assert.Equal(65536, compaction.MaxTransactionSize);
        Assert.False(compaction.CleanupOnStart);
        Assert.Equal(100, compaction.ReboundNeededThresholdMiB);
        Assert.Equal(10, compaction.ReboundTriggerThresholdMiB);
        Assert.Equal(TimeSpan.FromSeconds(5), compaction.CheckInterval);
    }

    [Fact]
    public void Every_key_is_bound_including_the_compaction_keys()
    {
        var (options, errors) = Bind("""
            directory: /data/otel
            create_directory: true
            directory_permissions: "0700"
            timeout: 250ms
            fsync: true
            compaction:
              on_start: true
              on_rebound: true
              directory: /tmp/compaction
              max_transaction_size: 1024
              cleanup_on_start: true
              rebound_needed_threshold_mib: 50
              rebound_trigger_threshold_mib: 5
              check_interval: 30s
            """);

        Assert.Empty(errors);
        Assert.Equal("/data/otel", options.Directory);
        Assert.True(options.CreateDirectory);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, options.DirectoryPermissions);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Timeout);
        Assert.True(options.Fsync);
        Assert.Equal(
            new FileStorageCompactionOptions
            {
                OnStart = true,
                OnRebound = true,
                Directory = "/tmp/compaction",
                MaxTransactionSize = 1024,
                CleanupOnStart = true,
                ReboundNeededThresholdMiB = 50,
                ReboundTriggerThresholdMiB = 5,
                CheckInterval = TimeSpan.FromSeconds(30),
            },
            options.Compaction);
    }

    [Theory]
    [InlineData("0750", "750")]
    [InlineData("750", "750")]
    [InlineData("0", "0")]
    [InlineData("0777", "777")]
    public void Permissions_are_octal(string written, string octal)
    {
        var (options, errors) = Bind($"create_directory: true\ndirectory_permissions: \"{written}\"\n");

        Assert.Empty(errors);
        Assert.Equal((UnixFileMode)Convert.ToInt32(octal, 8), options.DirectoryPermissions);
    }

    [Fact]
    public void Bad_values_are_all_reported_together()
    {
        var (_, errors) = Bind("""
            directory: ""
            create_directory: true
            directory_permissions: "0789"
            timeout: soon
            fsync: sometimes
            colour: blue
            compaction:
              on_start: maybe
              on_rebound: true
              max_transaction_size: -1
              rebound_needed_threshold_mib: -5
              rebound_trigger_threshold_mib: ten
              check_interval: 0s
              size: 3
            """);

        var messages = errors.Select(e => e.ToString()).ToList();
        string[] expected =
        [
            "extensions::file_storage::directory: directory must not be empty",
            "extensions::file_storage::directory_permissions: directory_permissions value must be a valid octal representation",
            "extensions::file_storage::timeout: expected a duration",
            "extensions::file_storage::fsync: expected true or false",
            "unknown key \"colour\"",
            "extensions::file_storage::compaction::on_start: expected true or false",
            "extensions::file_storage::compaction::max_transaction_size: max transaction size for compaction cannot be less than 0",
            "extensions::file_storage::compaction::rebound_needed_threshold_mib: must be at least 0",
            "extensions::file_storage::compaction::rebound_trigger_threshold_mib: expected an integer",
            "extensions::file_storage::compaction::check_interval: compaction check interval must be positive when rebound compaction is set",
            "unknown key \"size\"",
        ];
        foreach (var fragment in expected)
        {
            Assert.Contains(messages, m => m.Contains(fragment, StringComparison.Ordinal));
        }

        Assert.Equal(expected.Length, errors.Count);
    }

    [Fact]
    public void Permission_bits_beyond_0777_are_refused()
    {
        var (_, errors) = Bind("create_directory: true\ndirectory_permissions: \"4755\"\n");

        var error = Assert.Single(errors);
        Assert.Contains("directory_permissions contains invalid bits for file access", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Permissions_are_not_checked_when_the_directory_is_not_created()
    {
        // The reference reads directory_permissions only with create_directory, so this config works there.
        var (options, errors) = Bind("directory_permissions: \"rwx\"\n");

        Assert.Empty(errors);
        Assert.Equal(new FileStorageOptions().DirectoryPermissions, options.DirectoryPermissions);
    }
}
