using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Extensions.BasicAuth;
using MiniCollector.Extensions.BearerTokenAuth;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Receiver.Tests.Auth;

/// <summary>Binding, contexts, headers and temporary files for the auth extension tests.</summary>
internal static class AuthTestSupport
{
    /// <summary>The longest a test waits for a file change to take effect before calling it a failure.</summary>
    public static readonly TimeSpan ChangeDeadline = TimeSpan.FromSeconds(15);

    public static (BearerTokenAuthOptions Options, IReadOnlyList<ConfigError> Errors) BindBearer(string yaml)
    {
        var errors = new ConfigErrors();
        var node = yaml.Length == 0 ? null : YamlConfigReader.Read(yaml, "test.yaml", EnvExpander.Process, errors);
        var options = BearerTokenAuthOptions.Bind(new ConfigSection(node, "extensions::bearertokenauth", errors));
        return (options, errors.Items);
    }

    public static (BasicAuthOptions Options, IReadOnlyList<ConfigError> Errors) BindBasic(string yaml)
    {
        var errors = new ConfigErrors();
        var node = yaml.Length == 0 ? null : YamlConfigReader.Read(yaml, "test.yaml", EnvExpander.Process, errors);
        var options = BasicAuthOptions.Bind(new ConfigSection(node, "extensions::basicauth", errors));
        return (options, errors.Items);
    }

    public static ConfigSection Section(string yaml, string path, ConfigErrors errors)
        => new(YamlConfigReader.Read(yaml, "test.yaml", EnvExpander.Process, errors), path, errors);

    public static ComponentContext Context(string type, string name = "", TimeProvider? time = null) =>
        new(new ComponentId(type, name), ComponentKind.Extension, NullLoggerFactory.Instance) { Time = time ?? TimeProvider.System };

    public static IHeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }

    public static IHeaderDictionary Authorization(string value) => Headers(("Authorization", value));

    public static string Basic(string user, string password) => Basic(Encoding.UTF8.GetBytes(user + ":" + password));

    public static string Basic(byte[] credentials) => "Basic " + Convert.ToBase64String(credentials);

    public static async Task<AuthenticationResult> AuthenticateAsync(IServerAuthenticator authenticator, IHeaderDictionary headers)
        => await authenticator.AuthenticateAsync(headers, CancellationToken.None);

    /// <summary>Polls until <paramref name="condition"/> holds or <see cref="ChangeDeadline"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + ChangeDeadline;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(25);
        }

        return await condition();
    }

    /// <summary>Decodes a hex string (test vectors with bytes that are not valid UTF-8).</summary>
    public static byte[] Hex(string hex) => Convert.FromHexString(hex);
}

/// <summary>A temporary directory removed after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "minicollector-auth-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

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
