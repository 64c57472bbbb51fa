using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Config;

/// <summary>
/// Every rule of <see cref="ConfigSecrets"/>: the secret values are written as [REDACTED] (also when set through the
/// environment), the names of files that hold secrets and everything else are written as they are.
/// </summary>
public sealed class ConfigSecretsTests
{
    private static string Redacted(string yaml, EnvExpander? env = null) => ConfigYamlWriter.Write(ConfigHelper.ReadMap(yaml, env), redactSecrets: true);

    private static string ValueOf(string text, string key)
    {
        var tree = ConfigHelper.ReadMap(text);
        ConfigNode node = tree;
        foreach (var part in key.Split("::"))
        {
            Assert.True(((ConfigMap)node).TryGet(part, out node), $"{key} is missing from:\n{text}");
        }

        return Assert.IsType<ConfigScalar>(node).Value!;
    }

    [Theory]
    [InlineData("password", "Key")]
    [InlineData("token", "Key")]
    [InlineData("key_pem", "Key")]
    [InlineData("client_secret", "Key")]
    [InlineData("secret", "Key")]
    [InlineData("api_key", "Key")]
    [InlineData("apikey", "Key")]
    [InlineData("APIKey", "Key")]
    [InlineData("bearer_token", "Key")]
    [InlineData("db_password", "KeyContains")]
    [InlineData("PasswordHash", "KeyContains")]
    [InlineData("secret_key", "KeyContains")]
    [InlineData("access_token", "KeyContains")]
    [InlineData("x_api_key", "KeyContains")]
    public void A_credential_named_key_is_redacted(string key, string rule)
    {
        var text = Redacted($"component:\n  {key}: s3cr3t-{key}\n  endpoint: localhost:4317\n");

        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        Assert.Equal(ConfigSecrets.Redacted, ValueOf(text, "component::" + key));
        Assert.Equal("localhost:4317", ValueOf(text, "component::endpoint"));
        Assert.Contains(ConfigSecrets.Rules, r => r.Match.ToString() == rule && r.Matches(["component", key]));
    }

    [Fact]
    public void Every_item_of_tokens_is_redacted()
    {
        var text = Redacted("extensions:\n  bearertokenauth:\n    tokens: [first-t0ken, second-t0ken]\n");

        Assert.DoesNotContain("t0ken", text, StringComparison.Ordinal);
        var tokens = Assert.IsType<ConfigList>(((ConfigMap)((ConfigMap)ConfigHelper.ReadMap(text).Entries[0].Value).Entries[0].Value).Entries[0].Value);
        Assert.Equal([ConfigSecrets.Redacted, ConfigSecrets.Redacted], tokens.Items.Select(i => ((ConfigScalar)i).Value));
    }

    [Fact]
    public void Every_header_value_is_redacted_and_the_header_names_are_kept()
    {
        var text = Redacted("""
            exporters:
              otlp:
                endpoint: backend:4317
                headers:
                  Authorization: Bearer h3ader-secret
                  x-tenant: h3ader-tenant
            """);

        Assert.DoesNotContain("h3ader", text, StringComparison.Ordinal);
        Assert.Equal(ConfigSecrets.Redacted, ValueOf(text, "exporters::otlp::headers::Authorization"));
        Assert.Equal(ConfigSecrets.Redacted, ValueOf(text, "exporters::otlp::headers::x-tenant"));
        Assert.Equal("backend:4317", ValueOf(text, "exporters::otlp::endpoint"));
    }

    [Fact]
    public void Basicauth_inline_htpasswd_is_redacted_and_its_file_is_not()
    {
        var text = Redacted("""
            extensions:
              basicauth:
                htpasswd:
                  file: /etc/collector/htpasswd
                  inline: |
                    viewer:pl4in-pass
                client_auth:
                  username: viewer
                  password: pl4in-pass
            """);

        Assert.DoesNotContain("pl4in", text, StringComparison.Ordinal);
        Assert.Equal(ConfigSecrets.Redacted, ValueOf(text, "extensions::basicauth::htpasswd::inline"));
        Assert.Equal(ConfigSecrets.Redacted, ValueOf(text, "extensions::basicauth::client_auth::password"));
        Assert.Equal("/etc/collector/htpasswd", ValueOf(text, "extensions::basicauth::htpasswd::file"));
        Assert.Equal("viewer", ValueOf(text, "extensions::basicauth::client_auth::username"));
    }

    [Theory]
    [InlineData("key_file")]
    [InlineData("password_file")]
    [InlineData("client_secret_file")]
    [InlineData("token_path")]
    [InlineData("filename")]
    [InlineData("cert_pem")]
    [InlineData("endpoint")]
    [InlineData("authenticator")]
    public void Names_of_files_and_other_keys_are_not_redacted(string key)
    {
        var text = Redacted($"component:\n  {key}: /etc/collector/{key}\n");

        Assert.Equal("/etc/collector/" + key, ValueOf(text, "component::" + key));
        Assert.DoesNotContain(ConfigSecrets.Rules, r => r.Matches(["component", key]));
    }

    [Fact]
    public void A_secret_set_through_the_environment_is_redacted()
    {
        var env = ConfigHelper.Env(("AUTH_TOKEN", "env-t0ken-value"), ("TENANT", "env-tenant-value"));

        var text = Redacted("extensions:\n  bearertokenauth:\n    token: ${env:AUTH_TOKEN}\nexporters:\n  otlphttp:\n    headers: {X-Tenant: \"${TENANT}\"}\n", env);

        Assert.DoesNotContain("env-t0ken-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("env-tenant-value", text, StringComparison.Ordinal);
        Assert.Equal(ConfigSecrets.Redacted, ValueOf(text, "extensions::bearertokenauth::token"));
    }

    [Fact]
    public void A_secret_map_is_redacted_all_the_way_down_and_null_stays_null()
    {
        var text = Redacted("component:\n  secret:\n    inner: d33p\n    list: [d33p-item]\n  password:\n");

        Assert.DoesNotContain("d33p", text, StringComparison.Ordinal);
        Assert.Equal(ConfigSecrets.Redacted, ValueOf(text, "component::secret::inner"));
        Assert.Contains("password: null", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rule_in_the_table_is_exercised_by_these_tests()
    {
        // The keys the tests above redact, one per rule; a rule added to the table must be added here too.
        string[][] paths =
        [
            ["c", "password"], ["c", "token"], ["c", "tokens"], ["c", "key_pem"], ["c", "client_secret"], ["c", "secret"],
            ["c", "api_key"], ["c", "apikey"], ["c", "bearer_token"], ["otlp", "headers", "Authorization"],
            ["basicauth", "htpasswd", "inline"], ["c", "db_password"], ["c", "secret_key"], ["c", "access_token"], ["c", "x_api_key"],
        ];

        foreach (var rule in ConfigSecrets.Rules)
        {
            Assert.True(paths.Any(rule.Matches), $"no test path for rule {rule.Match} \"{rule.Text}\"");
        }

        Assert.Equal(15, ConfigSecrets.Rules.Count);
    }
}
