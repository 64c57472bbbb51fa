using MiniCollector.Extensions.BasicAuth;

namespace MiniCollector.Receiver.Tests.Auth;

public sealed class BasicAuthOptionsTests
{
    [Fact]
    public void File_and_inline_are_bound()
    {
        var (options, errors) = AuthTestSupport.BindBasic("""
            htpasswd:
              file: /etc/otel/.htpasswd
              inline: |
                alice:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
                bob:$2y$04$CsdCpBxiqyttK5MgqiJ/W.8Nz2dfg5R2AQ39MgK97AV8JnGjt5uyG
            """);

        Assert.Empty(errors);
        Assert.Equal("/etc/otel/.htpasswd", options.Htpasswd.File);
        Assert.Contains("alice:{SHA}", options.Htpasswd.Inline);
        Assert.Contains("bob:$2y$04$", options.Htpasswd.Inline);
    }

    [Theory]
    [InlineData("htpasswd:\n  file: users.htpasswd")]
    [InlineData("htpasswd:\n  inline: \"alice:secret\"")]
    public void Either_source_alone_is_enough(string yaml)
    {
        var (_, errors) = AuthTestSupport.BindBasic(yaml);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("htpasswd:")]
    [InlineData("htpasswd: {}")]
    [InlineData("htpasswd:\n  file: \"\"\n  inline: \"\"")]
    public void No_credential_source_is_an_error(string yaml)
    {
        var (_, errors) = AuthTestSupport.BindBasic(yaml);

        var error = Assert.Single(errors);
        Assert.StartsWith("no credential source provided", error.Message);
        Assert.Equal("extensions::basicauth", error.Path);
    }

    [Fact]
    public void Client_auth_is_refused_as_client_side()
    {
        var (_, errors) = AuthTestSupport.BindBasic("client_auth:\n  username: u\n  password: p");

        var error = Assert.Single(errors);
        Assert.Equal("basicauth client_auth is not supported (server side only)", error.Message);
        Assert.Equal("extensions::basicauth::client_auth", error.Path);
    }

    [Fact]
    public void Client_auth_beside_htpasswd_is_refused_too()
    {
        var (_, errors) = AuthTestSupport.BindBasic("htpasswd:\n  inline: \"a:b\"\nclient_auth:\n  username: u");

        var error = Assert.Single(errors);
        Assert.Equal("basicauth client_auth is not supported (server side only)", error.Message);
    }

    [Fact]
    public void Unknown_keys_are_errors_at_both_levels()
    {
        var (_, errors) = AuthTestSupport.BindBasic("htpasswd:\n  inline: \"a:b\"\n  path: x\nrealm: test");

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Path == "extensions::basicauth::htpasswd" && e.Message.Contains("unknown key \"path\" (valid keys: file, inline)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "extensions::basicauth" && e.Message.Contains("unknown key \"realm\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_inline_lines_are_config_errors_naming_the_line_but_not_the_hash()
    {
        var (_, errors) = AuthTestSupport.BindBasic("""
            htpasswd:
              inline: |
                # comments and blank lines are fine

                alice:secret
                no-colon-here
                :nouser
                bob:$2y$04$tooShort
                carol:$y$j9T$salt$hash
            """);

        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.Equal("extensions::basicauth::htpasswd::inline", e.Path));
        Assert.Contains(errors, e => e.Message == "htpasswd.inline line 4: expected user:hash, found no colon");
        Assert.Contains(errors, e => e.Message == "htpasswd.inline line 5: the user name is empty");
        Assert.Contains(errors, e => e.Message.StartsWith("htpasswd.inline line 6 (user \"bob\"): malformed bcrypt hash", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.StartsWith("htpasswd.inline line 7 (user \"carol\"): unsupported password hash scheme \"$y$\"", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Message.Contains("tooShort", StringComparison.Ordinal));
    }
}
