using MiniCollector.Extensions.BearerTokenAuth;

namespace MiniCollector.Receiver.Tests.Auth;

public sealed class BearerTokenAuthOptionsTests
{
    [Fact]
    public void A_token_alone_binds_with_the_reference_defaults()
    {
        var (options, errors) = AuthTestSupport.BindBearer("token: s3cret");

        Assert.Empty(errors);
        Assert.Equal("Bearer", options.Scheme);
        Assert.Equal("Authorization", options.Header);
        Assert.Equal("s3cret", options.Token);
        Assert.Equal(["s3cret"], options.ConfiguredTokens);
        Assert.Null(options.Filename);
    }

    [Fact]
    public void Every_server_key_is_bound()
    {
        var (options, errors) = AuthTestSupport.BindBearer("""
            scheme: Token
            header: X-Api-Key
            tokens: [one, two]
            filename: /etc/tokens
            """);

        Assert.Empty(errors);
        Assert.Equal("Token", options.Scheme);
        Assert.Equal("X-Api-Key", options.Header);
        Assert.Equal(["one", "two"], options.Tokens);
        Assert.Equal(["one", "two"], options.ConfiguredTokens);
        Assert.Equal("/etc/tokens", options.Filename);
    }

    [Fact]
    public void An_empty_scheme_is_kept()
    {
        var (options, errors) = AuthTestSupport.BindBearer("scheme: \"\"\ntoken: abc");

        Assert.Empty(errors);
        Assert.Equal(string.Empty, options.Scheme);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("scheme: Bearer")]
    [InlineData("token: \"\"")]
    [InlineData("tokens: []")]
    public void No_token_at_all_is_an_error(string yaml)
    {
        var (_, errors) = AuthTestSupport.BindBearer(yaml);

        var error = Assert.Single(errors);
        Assert.Equal("no bearer token provided", error.Message);
        Assert.Equal("extensions::bearertokenauth", error.Path);
    }

    [Fact]
    public void Token_and_tokens_together_are_an_error()
    {
        var (_, errors) = AuthTestSupport.BindBearer("token: a\ntokens: [b, c]");

        var error = Assert.Single(errors);
        Assert.Equal("either tokens or token should be provided, not both", error.Message);
    }

    [Fact]
    public void A_filename_alone_is_enough()
    {
        var (options, errors) = AuthTestSupport.BindBearer("filename: tokens.txt");

        Assert.Empty(errors);
        Assert.Equal("tokens.txt", options.Filename);
        Assert.Empty(options.ConfiguredTokens);
    }

    [Theory]
    [InlineData("token: a\nclient_id: x", "client_id")]
    [InlineData("token: a\nfile_retry: 3", "file_retry")]
    [InlineData("token: a\ntoken_file: x", "token_file")]
    public void Unknown_keys_are_errors_listing_the_valid_ones(string yaml, string key)
    {
        var (_, errors) = AuthTestSupport.BindBearer(yaml);

        var error = Assert.Single(errors);
        Assert.Contains($"unknown key \"{key}\"", error.Message);
        Assert.Contains("scheme, header, token, tokens, filename", error.Message);
    }

    [Fact]
    public void An_empty_entry_in_tokens_is_an_error()
    {
        var (_, errors) = AuthTestSupport.BindBearer("tokens: [a, \"\"]");

        var error = Assert.Single(errors);
        Assert.Equal("extensions::bearertokenauth::tokens", error.Path);
        Assert.Contains("tokens[1] is empty", error.Message);
    }

    [Theory]
    [InlineData("header: \"\"")]
    [InlineData("header: \"X Api Key\"")]
    [InlineData("header: \"Authorization:\"")]
    public void An_invalid_header_name_is_an_error(string header)
    {
        var (_, errors) = AuthTestSupport.BindBearer("token: a\n" + header);

        var error = Assert.Single(errors);
        Assert.Equal("extensions::bearertokenauth::header", error.Path);
        Assert.Contains("not a valid header name", error.Message);
    }

    [Fact]
    public void Wrong_shapes_are_reported_with_their_path()
    {
        var (_, errors) = AuthTestSupport.BindBearer("tokens: abc\nscheme: [x]");

        Assert.Contains(errors, e => e.Path == "extensions::bearertokenauth::tokens" && e.Message.Contains("expected a list", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "extensions::bearertokenauth::scheme" && e.Message.Contains("expected a string", StringComparison.Ordinal));
    }
}
