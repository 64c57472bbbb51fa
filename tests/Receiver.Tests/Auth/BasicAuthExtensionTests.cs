using MiniCollector.Extensions.BasicAuth;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using static MiniCollector.Receiver.Tests.Auth.AuthTestSupport;

namespace MiniCollector.Receiver.Tests.Auth;

public sealed class BasicAuthExtensionTests
{
    // One user per format, hashes made by htpasswd (apache2-utils) except where noted; every password is "secret"
    // unless the user name says otherwise.
    private const string Users = """
        bcrypt-y:$2y$05$quGLQ.HoZ0C7KXUKDUlmIehFVhC7xccPGAV.ZYUEi3GdIeURA7R8.
        bcrypt-a:$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW
        bcrypt-b:$2b$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq
        apr1:$apr1$2xYKXq8E$UwHrhihBHmwX2qDr70pjN/
        sha:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
        sha256:$5$eo.8VAixaNSD.RJ5$4wYxqYQCV.fQVZsOhHXPSxxtIY24QLtx.wCdojWi0f4
        sha512:$6$hczES2RVmKtJcGXE$Z5jsnjJxAZG9mt/eX980xvsbuN8DZxUIXbEAW5ML1IZ4ZruSVSjqjU3if/uvMXmdFGsvVDvDhDDNWYEb3stK10
        plain:secret
        utf8:$2y$05$pujzPQ9CxbjI2.SujKtzS.tqD8tPn89Tl6qtsf8iV0iJmQPWPrpdK
        """;

    [Theory]
    [InlineData("bcrypt-y", "pass-cost-5")]
    [InlineData("bcrypt-a", "U*U")] // crypt_blowfish vector
    [InlineData("apr1", "secret")]
    [InlineData("sha", "secret")]
    [InlineData("sha256", "secret")]
    [InlineData("sha512", "secret")]
    [InlineData("plain", "secret")]
    [InlineData("utf8", "pässwörd-日本語")]
    public async Task The_right_password_is_accepted_and_the_principal_is_the_user(string user, string password)
    {
        var auth = await StartAsync(new HtpasswdOptions { Inline = Users });

        var result = await AuthenticateAsync(auth, Authorization(Basic(user, password)));

        Assert.True(result.Succeeded, result.Failure);
        Assert.Equal(user, result.Principal);
    }

    [Theory]
    [InlineData("bcrypt-y", "pass-cost-4")]
    [InlineData("bcrypt-a", "U*U*")]
    [InlineData("bcrypt-b", "secret")]
    [InlineData("apr1", "Secret")]
    [InlineData("sha", "secret ")]
    [InlineData("sha256", "")]
    [InlineData("sha512", "secre")]
    [InlineData("plain", "secret2")]
    [InlineData("utf8", "passwort")]
    public async Task A_wrong_password_is_refused(string user, string password)
    {
        var auth = await StartAsync(new HtpasswdOptions { Inline = Users });

        var result = await AuthenticateAsync(auth, Authorization(Basic(user, password)));

        Assert.False(result.Succeeded);
        Assert.Equal("invalid credentials", result.Failure);
        Assert.Null(result.Principal);
    }

    [Fact]
    public async Task A_2b_hash_of_a_non_utf8_password_verifies_the_raw_bytes_sent()
    {
        var auth = await StartAsync(new HtpasswdOptions { Inline = Users });

        var result = await AuthenticateAsync(auth, Authorization(Basic([.. "bcrypt-b:"u8, 0xA3])));

        Assert.True(result.Succeeded, result.Failure);
    }

    [Fact]
    public async Task An_unknown_user_is_refused_even_with_a_password_another_user_has()
    {
        var auth = await StartAsync(new HtpasswdOptions { Inline = Users });

        Assert.False((await AuthenticateAsync(auth, Authorization(Basic("nobody", "secret")))).Succeeded);
        Assert.False((await AuthenticateAsync(auth, Authorization(Basic("PLAIN", "secret")))).Succeeded);
        Assert.False((await AuthenticateAsync(auth, Authorization(Basic([0xFF, 0xFE, (byte)':', (byte)'x'])))).Succeeded);
    }

    [Theory]
    [InlineData("Bearer cGxhaW46c2VjcmV0", "invalid authorization scheme prefix")]
    [InlineData("Basic", "invalid authorization scheme prefix")]
    [InlineData("Basicc cGxhaW46c2VjcmV0", "invalid authorization scheme prefix")]
    [InlineData("cGxhaW46c2VjcmV0", "invalid authorization scheme prefix")]
    [InlineData("Basic not-base64!", "invalid authorization format")]
    [InlineData("Basic cGxhaW46c2VjcmV0=", "invalid authorization format")]
    [InlineData("Basic cGxhaW5zZWNyZXQ=", "invalid authorization format")] // "plainsecret": no colon
    [InlineData("Basic ", "invalid authorization format")]
    public async Task Malformed_header_values_are_refused(string header, string failure)
    {
        var auth = await StartAsync(new HtpasswdOptions { Inline = Users });

        var result = await AuthenticateAsync(auth, Authorization(header));

        Assert.False(result.Succeeded);
        Assert.Equal(failure, result.Failure);
    }

    [Fact]
    public async Task A_missing_header_is_refused()
    {
        var auth = await StartAsync(new HtpasswdOptions { Inline = Users });

        var result = await AuthenticateAsync(auth, Headers(("X-Other", Basic("plain", "secret"))));

        Assert.False(result.Succeeded);
        Assert.Equal("no basic auth provided", result.Failure);
    }

    [Fact]
    public async Task The_scheme_is_case_insensitive_and_the_header_may_come_as_grpc_metadata()
    {
        var auth = await StartAsync(new HtpasswdOptions { Inline = Users });
        var encoded = Convert.ToBase64String("plain:secret"u8);

        Assert.True((await AuthenticateAsync(auth, Authorization("basic " + encoded))).Succeeded);
        Assert.True((await AuthenticateAsync(auth, Authorization("BASIC " + encoded))).Succeeded);
        Assert.True((await AuthenticateAsync(auth, Headers(("authorization", "Basic " + encoded)))).Succeeded);
    }

    [Fact]
    public async Task Only_the_first_colon_separates_user_and_password()
    {
        var auth = await StartAsync(new HtpasswdOptions { Inline = "colon:a:b:c" });

        Assert.True((await AuthenticateAsync(auth, Authorization(Basic("colon", "a:b:c")))).Succeeded);
        Assert.False((await AuthenticateAsync(auth, Authorization(Basic("colon", "a:b")))).Succeeded);
        Assert.False((await AuthenticateAsync(auth, Authorization(Basic("colon", "a")))).Succeeded);
    }

    [Fact]
    public async Task A_repeated_request_is_accepted_again_and_a_wrong_password_after_a_success_is_still_refused()
    {
        var auth = await StartAsync(new HtpasswdOptions { Inline = Users });
        var right = Authorization(Basic("bcrypt-y", "pass-cost-5"));

        Assert.True((await AuthenticateAsync(auth, right)).Succeeded);
        Assert.True((await AuthenticateAsync(auth, right)).Succeeded);
        Assert.False((await AuthenticateAsync(auth, Authorization(Basic("bcrypt-y", "pass-cost-6")))).Succeeded);
        Assert.False((await AuthenticateAsync(auth, Authorization(Basic("bcrypt-a", "pass-cost-5")))).Succeeded);
        Assert.True((await AuthenticateAsync(auth, right)).Succeeded);
    }

    [Fact]
    public async Task Inline_entries_override_the_file_for_the_same_user()
    {
        using var dir = new TempDirectory();
        var file = dir.File(".htpasswd");
        await File.WriteAllTextAsync(file, "alice:from-file\nbob:bob-file\n");
        var auth = await StartAsync(new HtpasswdOptions { File = file, Inline = "alice:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=" });

        Assert.Equal(2, auth.UserCount);
        Assert.True((await AuthenticateAsync(auth, Authorization(Basic("alice", "secret")))).Succeeded);
        Assert.False((await AuthenticateAsync(auth, Authorization(Basic("alice", "from-file")))).Succeeded);
        Assert.True((await AuthenticateAsync(auth, Authorization(Basic("bob", "bob-file")))).Succeeded);
    }

    [Fact]
    public async Task A_file_written_by_htpasswd_with_comments_and_crlf_is_read()
    {
        using var dir = new TempDirectory();
        var file = dir.File(".htpasswd");
        await File.WriteAllTextAsync(file, "# users\r\n\r\nbcrypt-y:$2y$05$quGLQ.HoZ0C7KXUKDUlmIehFVhC7xccPGAV.ZYUEi3GdIeURA7R8.\r\napr1:$apr1$2xYKXq8E$UwHrhihBHmwX2qDr70pjN/\r\n");
        var auth = await StartAsync(new HtpasswdOptions { File = file });

        Assert.Equal(2, auth.UserCount);
        Assert.True((await AuthenticateAsync(auth, Authorization(Basic("bcrypt-y", "pass-cost-5")))).Succeeded);
        Assert.True((await AuthenticateAsync(auth, Authorization(Basic("apr1", "secret")))).Succeeded);
    }

    [Fact]
    public async Task A_missing_htpasswd_file_fails_the_start_naming_the_extension_and_the_file()
    {
        using var dir = new TempDirectory();
        var file = dir.File("absent.htpasswd");
        var extension = new BasicAuthExtension(Context("basicauth", "server"), new BasicAuthOptions { Htpasswd = new HtpasswdOptions { File = file } });

        var ex = await Assert.ThrowsAsync<ComponentStartException>(() => extension.StartAsync(CancellationToken.None));

        Assert.Contains("extensions::basicauth/server", ex.Message);
        Assert.Contains(file, ex.Message);
    }

    [Fact]
    public async Task A_bad_line_in_the_file_fails_the_start_naming_the_line()
    {
        using var dir = new TempDirectory();
        var file = dir.File(".htpasswd");
        await File.WriteAllTextAsync(file, "alice:secret\nbob:$2y$05$broken\n");
        var extension = new BasicAuthExtension(Context("basicauth"), new BasicAuthOptions { Htpasswd = new HtpasswdOptions { File = file } });

        var ex = await Assert.ThrowsAsync<ComponentStartException>(() => extension.StartAsync(CancellationToken.None));

        Assert.Contains("extensions::basicauth", ex.Message);
        Assert.Contains($"htpasswd file \"{file}\" line 2 (user \"bob\"): malformed bcrypt hash", ex.Message);
        Assert.DoesNotContain("broken", ex.Message);
    }

    [Fact]
    public async Task Before_start_every_request_is_refused()
    {
        var extension = new BasicAuthExtension(Context("basicauth"), new BasicAuthOptions { Htpasswd = new HtpasswdOptions { Inline = Users } });

        Assert.False((await AuthenticateAsync(extension, Authorization(Basic("plain", "secret")))).Succeeded);
    }

    [Fact]
    public async Task The_factory_binds_and_builds_a_server_authenticator()
    {
        var factory = new BasicAuthExtensionFactory();
        var errors = new ConfigErrors();
        var options = factory.BindOptions(Section("htpasswd:\n  inline: \"plain:secret\"", "extensions::basicauth", errors), "basicauth");
        Assert.Empty(errors.Items);

        var component = factory.Create(Context("basicauth"), options);
        await component.StartAsync(CancellationToken.None);
        var authenticator = Assert.IsAssignableFrom<IServerAuthenticator>(component);

        Assert.Equal("basicauth", factory.Type);
        Assert.Equal(ComponentKind.Extension, factory.Kind);
        Assert.True((await AuthenticateAsync(authenticator, Authorization(Basic("plain", "secret")))).Succeeded);
        await component.ShutdownAsync(CancellationToken.None);
    }

    private static async Task<BasicAuthExtension> StartAsync(HtpasswdOptions htpasswd)
    {
        var extension = new BasicAuthExtension(Context("basicauth"), new BasicAuthOptions { Htpasswd = htpasswd });
        await extension.StartAsync(CancellationToken.None);
        return extension;
    }
}
