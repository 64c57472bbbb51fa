using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Processors.Batch;

namespace MiniCollector.Pipeline.Tests.TestSupport;

/// <summary>Reads YAML text and parses collector configs for tests.</summary>
public static class ConfigHelper
{
    public const string Source = "test.yaml";

    /// <summary>An expander over a fixed set of variables (nothing from the process environment).</summary>
    public static EnvExpander Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return new EnvExpander(name => map.GetValueOrDefault(name));
    }

    /// <summary>Reads YAML that must be a valid map.</summary>
    public static ConfigMap ReadMap(string yaml, EnvExpander? env = null)
    {
        var errors = new ConfigErrors();
        var node = YamlConfigReader.Read(yaml, Source, env ?? Env(), errors);
        Assert.True(errors.IsEmpty, string.Join(Environment.NewLine, errors.Items));
        return Assert.IsType<ConfigMap>(node);
    }

    /// <summary>The real batch factory plus the test factories.</summary>
    public static ComponentRegistry Registry(LifecycleLog? log = null, TestProcessorFactory? processors = null, TestConnectorFactory? connectors = null)
    {
        log ??= new LifecycleLog();
        return new ComponentRegistry(
        [
            new TestReceiverFactory(log),
            new BatchProcessorFactory(),
            processors ?? new TestProcessorFactory(log),
            new TestExporterFactory(log),
            new MetricsOnlyExporterFactory(log),
            new TestExtensionFactory(log),
            connectors ?? new TestConnectorFactory(log),
            new Connectors.Forward.ForwardConnectorFactory(),
        ]);
    }

    /// <summary>Parses a collector config, returning it with every error found.</summary>
    public static (CollectorConfig Config, IReadOnlyList<ConfigError> Errors) Parse(string yaml, ComponentRegistry? registry = null)
    {
        var errors = new ConfigErrors();
        var config = CollectorConfigParser.Parse(ReadMap(yaml), registry ?? Registry(), errors);
        return (config, errors.Items);
    }

    /// <summary>Parses a config that must be valid.</summary>
    public static CollectorConfig ParseValid(string yaml, ComponentRegistry? registry = null)
    {
        var (config, errors) = Parse(yaml, registry);
        Assert.True(errors.Count == 0, "unexpected config errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        return config;
    }

    /// <summary>A config section over a YAML map, as a component's binder would see it.</summary>
    public static ConfigSection Section(string yaml, string path, ConfigErrors errors) => new(ReadMap(yaml), path, errors);

    /// <summary>
    /// Binds a component's options from the YAML under <paramref name="path"/> (<c>kind::type</c>) as the config loader
    /// does, with every error found.
    /// </summary>
    public static (TOptions Options, IReadOnlyList<ConfigError> Errors) Bind<TOptions>(ComponentFactory factory, string yaml, string path)
    {
        var errors = new ConfigErrors();
        var options = (TOptions)factory.BindOptions(Section(yaml, path, errors), path[(path.LastIndexOf("::", StringComparison.Ordinal) + 2)..]);
        return (options, errors.Items);
    }
}

/// <summary>A temporary directory for config files, deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "minicollector-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
