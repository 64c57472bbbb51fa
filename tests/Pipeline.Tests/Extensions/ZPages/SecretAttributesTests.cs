using MiniCollector.Extensions.ZPages.Api;

namespace MiniCollector.Pipeline.Tests.Extensions.ZPages;

/// <summary>Which attribute values the pages hide.</summary>
public sealed class SecretAttributesTests
{
    [Theory]
    [InlineData("http.request.header.authorization")]
    [InlineData("Authorization")]
    [InlineData("db.password")]
    [InlineData("x-api-key")]
    [InlineData("http.request.header.x_api_key")]
    [InlineData("app.secret")]
    [InlineData("auth.token")]
    [InlineData("http.request.header.cookie")]
    [InlineData("db.connection_string")]
    [InlineData("aws.credentials")]
    public void Credentials_are_secret(string key) => Assert.True(SecretAttributes.IsSecret(key));

    [Theory]
    [InlineData("service.name")]
    [InlineData("gen_ai.usage.input_tokens")]
    [InlineData("http.request.method")]
    [InlineData("db.statement")]
    [InlineData("keyboard")]
    public void Ordinary_keys_are_not(string key) => Assert.False(SecretAttributes.IsSecret(key));
}
