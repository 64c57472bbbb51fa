using Microsoft.Extensions.Time.Testing;
using MiniCollector.Extensions.BearerTokenAuth;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using static MiniCollector.Receiver.Tests.Auth.AuthTestSupport;

namespace MiniCollector.Receiver.Tests.Auth;

public sealed class BearerTokenAuthExtensionTests
{
    [Fact]
    public async Task The_right_token_is_accepted_and_the_principal_names_the_extension()
    {
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Token = "s3cret" }, "server");

        var result = await AuthenticateAsync(auth.Extension, Authorization("Bearer s3cret"));

        Assert.True(result.Succeeded);
        Assert.Equal("bearertokenauth/server", result.Principal);
    }

    [Theory]
    [InlineData("Bearer wrong")]
    [InlineData("Bearer s3cret ")]
    [InlineData("Bearer s3cre")]
    [InlineData("Bearer  s3cret")]
    [InlineData("s3cret")]
    public async Task A_wrong_token_is_refused(string header)
    {
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Token = "s3cret" });

        var result = await AuthenticateAsync(auth.Extension, Authorization(header));

        Assert.False(result.Succeeded);
        Assert.Null(result.Principal);
        Assert.Equal("scheme or token does not match", result.Failure);
    }

    [Theory]
    [InlineData("Basic s3cret")]
    [InlineData("bearer s3cret")]
    [InlineData("Token s3cret")]
    public async Task A_wrong_scheme_is_refused(string header)
    {
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Token = "s3cret" });

        Assert.False((await AuthenticateAsync(auth.Extension, Authorization(header))).Succeeded);
    }

    [Fact]
    public async Task A_missing_or_empty_header_is_refused_naming_the_header()
    {
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Token = "s3cret" });

        var missing = await AuthenticateAsync(auth.Extension, Headers(("X-Other", "Bearer s3cret")));
        var empty = await AuthenticateAsync(auth.Extension, Authorization(string.Empty));

        Assert.False(missing.Succeeded);
        Assert.Equal("missing or empty authorization header: Authorization", missing.Failure);
        Assert.False(empty.Succeeded);
    }

    [Fact]
    public async Task The_header_name_is_matched_case_insensitively_as_grpc_metadata_is_lower_case()
    {
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Token = "s3cret" });

        Assert.True((await AuthenticateAsync(auth.Extension, Headers(("authorization", "Bearer s3cret")))).Succeeded);
    }

    [Fact]
    public async Task Each_token_of_the_list_is_accepted_and_no_other()
    {
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Tokens = ["first", "second", "third"] });

        Assert.True((await AuthenticateAsync(auth.Extension, Authorization("Bearer first"))).Succeeded);
        Assert.True((await AuthenticateAsync(auth.Extension, Authorization("Bearer second"))).Succeeded);
        Assert.True((await AuthenticateAsync(auth.Extension, Authorization("Bearer third"))).Succeeded);
        Assert.False((await AuthenticateAsync(auth.Extension, Authorization("Bearer fourth"))).Succeeded);
        Assert.False((await AuthenticateAsync(auth.Extension, Authorization("Bearer first,second"))).Succeeded);
    }

    [Fact]
    public async Task A_custom_header_and_scheme_are_used()
    {
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Header = "X-Api-Key", Scheme = "Token", Token = "abc" });

        Assert.True((await AuthenticateAsync(auth.Extension, Headers(("X-Api-Key", "Token abc")))).Succeeded);
        Assert.False((await AuthenticateAsync(auth.Extension, Headers(("X-Api-Key", "Bearer abc")))).Succeeded);
        Assert.False((await AuthenticateAsync(auth.Extension, Authorization("Token abc"))).Succeeded);
    }

    [Fact]
    public async Task With_an_empty_scheme_the_header_holds_the_bare_token()
    {
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Header = "X-Api-Key", Scheme = string.Empty, Token = "abc" });

        Assert.True((await AuthenticateAsync(auth.Extension, Headers(("X-Api-Key", "abc")))).Succeeded);
        Assert.False((await AuthenticateAsync(auth.Extension, Headers(("X-Api-Key", " abc")))).Succeeded);
        Assert.False((await AuthenticateAsync(auth.Extension, Headers(("X-Api-Key", "Bearer abc")))).Succeeded);
    }

    [Fact]
    public async Task Non_ascii_tokens_compare_by_their_utf8_bytes()
    {
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Token = "tökén-日本" });

        Assert.True((await AuthenticateAsync(auth.Extension, Authorization("Bearer tökén-日本"))).Succeeded);
        Assert.False((await AuthenticateAsync(auth.Extension, Authorization("Bearer token-日本"))).Succeeded);
    }

    [Fact]
    public async Task A_token_file_holds_one_token_per_line_and_wins_over_configured_tokens()
    {
        using var dir = new TempDirectory();
        var file = dir.File("tokens");
        await File.WriteAllTextAsync(file, "  alpha  \n\nbeta\r\n\t\ngamma\n");
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Filename = file, Token = "configured" });

        Assert.Equal(3, auth.Extension.TokenCount);
        Assert.True((await AuthenticateAsync(auth.Extension, Authorization("Bearer alpha"))).Succeeded);
        Assert.True((await AuthenticateAsync(auth.Extension, Authorization("Bearer beta"))).Succeeded);
        Assert.True((await AuthenticateAsync(auth.Extension, Authorization("Bearer gamma"))).Succeeded);
        Assert.False((await AuthenticateAsync(auth.Extension, Authorization("Bearer configured"))).Succeeded);
        Assert.False((await AuthenticateAsync(auth.Extension, Authorization("Bearer "))).Succeeded);
    }

    [Fact]
    public async Task A_file_with_a_single_token_and_no_newline_works()
    {
        using var dir = new TempDirectory();
        var file = dir.File("token");
        await File.WriteAllTextAsync(file, "only-one");
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Filename = file });

        Assert.True((await AuthenticateAsync(auth.Extension, Authorization("Bearer only-one"))).Succeeded);
    }

    [Fact]
    public async Task Rewriting_the_token_file_while_running_swaps_the_accepted_token()
    {
        using var dir = new TempDirectory();
        var file = dir.File("token");
        await File.WriteAllTextAsync(file, "old-token\n");
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Filename = file });
        Assert.True((await AuthenticateAsync(auth.Extension, Authorization("Bearer old-token"))).Succeeded);

        await File.WriteAllTextAsync(file, "new-token\n");

        Assert.True(await EventuallyAsync(async () => (await AuthenticateAsync(auth.Extension, Authorization("Bearer new-token"))).Succeeded));
        Assert.False((await AuthenticateAsync(auth.Extension, Authorization("Bearer old-token"))).Succeeded);
    }

    [Fact]
    public async Task Replacing_the_token_file_by_a_rename_is_picked_up()
    {
        using var dir = new TempDirectory();
        var file = dir.File("token");
        await File.WriteAllTextAsync(file, "old-token");
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Filename = file });

        var staged = dir.File("token.new");
        await File.WriteAllTextAsync(staged, "new-token");
        File.Move(staged, file, overwrite: true);

        Assert.True(await EventuallyAsync(async () => (await AuthenticateAsync(auth.Extension, Authorization("Bearer new-token"))).Succeeded));
        Assert.False((await AuthenticateAsync(auth.Extension, Authorization("Bearer old-token"))).Succeeded);
    }

    [Fact]
    public async Task Swapping_a_symlinked_token_file_as_kubernetes_does_is_picked_up()
    {
        // A mounted secret: token -> ..data/token, ..data -> ..v1; an update points ..data at a new directory.
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("..v1"));
        Directory.CreateDirectory(dir.File("..v2"));
        await File.WriteAllTextAsync(Path.Combine(dir.File("..v1"), "token"), "old-token");
        await File.WriteAllTextAsync(Path.Combine(dir.File("..v2"), "token"), "new-token");
        Directory.CreateSymbolicLink(dir.File("..data"), "..v1");
        File.CreateSymbolicLink(dir.File("token"), Path.Combine("..data", "token"));
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Filename = dir.File("token") });
        Assert.True((await AuthenticateAsync(auth.Extension, Authorization("Bearer old-token"))).Succeeded);

        // Kubernetes renames a new link over ..data; .NET cannot rename a directory link over another, so the link is
        // replaced instead (the file is missing for a moment, which must not matter either).
        Directory.Delete(dir.File("..data"));
        Directory.CreateSymbolicLink(dir.File("..data"), "..v2");

        Assert.True(await EventuallyAsync(async () => (await AuthenticateAsync(auth.Extension, Authorization("Bearer new-token"))).Succeeded));
        Assert.False((await AuthenticateAsync(auth.Extension, Authorization("Bearer old-token"))).Succeeded);
    }

    [Fact]
    public async Task A_token_file_that_disappears_keeps_the_last_tokens_until_it_is_back()
    {
        using var dir = new TempDirectory();
        var file = dir.File("token");
        await File.WriteAllTextAsync(file, "old-token");
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var auth = await StartAsync(new BearerTokenAuthOptions { Filename = file }, time: clock);

        // Moving the clock by the check interval runs a check (or the one an event brought forward) before it returns.
        File.Delete(file);
        clock.Advance(FileChangeMonitor.DefaultPollInterval);
        Assert.True((await AuthenticateAsync(auth.Extension, Authorization("Bearer old-token"))).Succeeded);

        await File.WriteAllTextAsync(file, "new-token");
        clock.Advance(FileChangeMonitor.DefaultPollInterval);
        Assert.True((await AuthenticateAsync(auth.Extension, Authorization("Bearer new-token"))).Succeeded);
        Assert.False((await AuthenticateAsync(auth.Extension, Authorization("Bearer old-token"))).Succeeded);
    }

    [Fact]
    public async Task A_missing_token_file_fails_the_start_naming_the_extension_and_the_file()
    {
        using var dir = new TempDirectory();
        var file = dir.File("absent.token");
        var extension = new BearerTokenAuthExtension(Context("bearertokenauth", "in"), new BearerTokenAuthOptions { Filename = file });

        var ex = await Assert.ThrowsAsync<ComponentStartException>(() => extension.StartAsync(CancellationToken.None));

        Assert.Contains("extensions::bearertokenauth/in", ex.Message);
        Assert.Contains(file, ex.Message);
    }

    [Fact]
    public async Task The_factory_binds_and_builds_a_server_authenticator()
    {
        var factory = new BearerTokenAuthExtensionFactory();
        var errors = new Pipeline.Config.ConfigErrors();
        var options = factory.BindOptions(Section("tokens: [a, b]\nheader: X-Token", "extensions::bearertokenauth", errors), "bearertokenauth");
        Assert.Empty(errors.Items);

        var component = factory.Create(Context("bearertokenauth"), options);
        await component.StartAsync(CancellationToken.None);
        var authenticator = Assert.IsAssignableFrom<IServerAuthenticator>(component);

        Assert.Equal("bearertokenauth", factory.Type);
        Assert.Equal(ComponentKind.Extension, factory.Kind);
        Assert.Empty(factory.Signals);
        Assert.True((await AuthenticateAsync(authenticator, Headers(("X-Token", "Bearer b")))).Succeeded);
        Assert.False((await AuthenticateAsync(authenticator, Headers(("X-Token", "Bearer c")))).Succeeded);
        await component.ShutdownAsync(CancellationToken.None);
    }

    private static async Task<Started> StartAsync(BearerTokenAuthOptions options, string name = "", TimeProvider? time = null)
    {
        var extension = new BearerTokenAuthExtension(Context("bearertokenauth", name, time), options);
        await extension.StartAsync(CancellationToken.None);
        return new Started(extension);
    }

    private sealed record Started(BearerTokenAuthExtension Extension) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await Extension.ShutdownAsync(CancellationToken.None);
    }
}
