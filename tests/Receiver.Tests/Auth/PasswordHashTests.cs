using System.Text;
using MiniCollector.Extensions.BasicAuth;

namespace MiniCollector.Receiver.Tests.Auth;

/// <summary>The non-bcrypt formats htpasswd writes, with vectors made by Debian's apache2-utils and OpenSSL.</summary>
public sealed class PasswordHashTests
{
    [Theory]
    [InlineData("$apr1$2xYKXq8E$UwHrhihBHmwX2qDr70pjN/", "secret")] // htpasswd -nbm
    [InlineData("$apr1$NklCuO81$YqhW2qIwZ2tTpWToFmem31", "")] // htpasswd -nbm, empty password
    [InlineData("$apr1$LyszSdEZ$aGV8ifG86Ns/DXFtmKTR5.", "pässwörd")] // htpasswd -nbm, UTF-8
    [InlineData("$apr1$abcdefgh$Unf1zc.jsgCbBQDCL104q.", "Hello world!")] // openssl passwd -apr1
    [InlineData("$apr1$xy$43..WIhbfuznGvwoCyUek/", "")] // openssl passwd -apr1, short salt
    [InlineData("$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/", "password")] // openssl passwd -1
    [InlineData("$5$eo.8VAixaNSD.RJ5$4wYxqYQCV.fQVZsOhHXPSxxtIY24QLtx.wCdojWi0f4", "secret")] // htpasswd -nb2
    [InlineData("$5$rounds=1000$xc6fgtWXnLKWnsil$OqRX5LBELRSZOmnav0Gpqb5nY5vGwgOh2TxUnDuk0A/", "pässwörd")] // htpasswd -nb2 -r 1000
    [InlineData("$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5", "Hello world!")] // SHA-crypt specification
    [InlineData("$6$hczES2RVmKtJcGXE$Z5jsnjJxAZG9mt/eX980xvsbuN8DZxUIXbEAW5ML1IZ4ZruSVSjqjU3if/uvMXmdFGsvVDvDhDDNWYEb3stK10", "secret")] // htpasswd -nb5
    [InlineData("$6$rounds=10000$ejspGz9UiMdhQpF8$cAZ1TmPZC7glsq.3YsL16Dl1ayegrP8voah3qnRDaIQpO9ssajdaYj1LW/GEbuN4XQRk.k6aNzZ2WrH6EPmhk1", "secret")] // htpasswd -nb5 -r 10000
    [InlineData("$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1", "Hello world!")] // SHA-crypt specification
    [InlineData("$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.", "Hello world!")] // openssl passwd -6
    [InlineData("{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=", "secret")] // htpasswd -nbs
    [InlineData("secret", "secret")] // htpasswd -nbp
    [InlineData("pässwörd", "pässwörd")]
    public void Hashes_written_by_htpasswd_and_openssl_verify(string hash, string password)
    {
        var parsed = Parse(hash);

        Assert.True(parsed.Verify(Encoding.UTF8.GetBytes(password)));
        Assert.False(parsed.Verify(Encoding.UTF8.GetBytes(password + "x")));
        Assert.False(parsed.Verify(Encoding.UTF8.GetBytes("wrong")));
    }

    [Theory]
    [InlineData("$apr1$2xYKXq8E$UwHrhihBHmwX2qDr70pjN/", "apr1")]
    [InlineData("$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/", "md5-crypt")]
    [InlineData("$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5", "sha256-crypt")]
    [InlineData("{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=", "{SHA}")]
    [InlineData("$2y$04$CsdCpBxiqyttK5MgqiJ/W.8Nz2dfg5R2AQ39MgK97AV8JnGjt5uyG", "bcrypt")]
    [InlineData("just-a-password", "plain")]
    public void The_format_is_recognised_by_its_prefix(string hash, string scheme) => Assert.Equal(scheme, Parse(hash).Scheme);

    [Fact]
    public void Salted_sha1_verifies_the_password_followed_by_the_salt()
    {
        var salt = "NaCl"u8.ToArray();
        var digest = System.Security.Cryptography.SHA1.HashData([.. "secret"u8, .. salt]);
        var hash = Parse("{SSHA}" + Convert.ToBase64String([.. digest, .. salt]));

        Assert.Equal("{SSHA}", hash.Scheme);
        Assert.True(hash.Verify("secret"u8));
        Assert.False(hash.Verify("Secret"u8));
    }

    [Fact]
    public void Md5_crypt_matches_the_published_glibc_vectors_including_8_bit_passwords()
    {
        // musl's crypt() test vectors for $1$; the first password is "Xy01@#\x01\x02\x80\x7f\xff\r\n\x81\t !".
        Assert.Equal("$1$abcd0123$9Qcg8DyviekV3tDGMZynJ1", Md5CryptPasswordHash.Compute(AuthTestSupport.Hex("587930314023" + "0102807FFF0D0A81092021"), "$1$", "abcd0123"));
        Assert.Equal("$1$salt$UsdFqFVB.FsuinRDK5eE..", Md5CryptPasswordHash.Compute([], "$1$", "salt"));
        Assert.Equal("$1$aaaaaaaa$zqksdEYCs/p2VrrMTPU0x0", Md5CryptPasswordHash.Compute(Encoding.ASCII.GetBytes(new string('a', 20)), "$1$", new string('a', 20)));
    }

    [Theory]
    [InlineData("$apr1$toolongsalt$UwHrhihBHmwX2qDr70pjN/", "malformed MD5 hash")]
    [InlineData("$apr1$2xYKXq8E$UwHrhihBHmwX2qDr70pjN", "malformed MD5 hash")]
    [InlineData("$apr1$2xYKXq8E", "malformed MD5 hash")]
    [InlineData("$5$salt$short", "malformed SHA-crypt hash")]
    [InlineData("$6$rounds=abc$salt$Z5jsnjJxAZG9mt/eX980xvsbuN8DZxUIXbEAW5ML1IZ4ZruSVSjqjU3if/uvMXmdFGsvVDvDhDDNWYEb3stK10", "rounds=<number>")]
    [InlineData("{SHA}not base64!", "not valid base64")]
    [InlineData("{SHA}c2VjcmV0", "20-byte SHA-1 digest")]
    [InlineData("{SSHA}5en6G6MezRroT3XKqkdPOmY/BfQ=", "followed by a salt")]
    [InlineData("$y$j9T$abc$def", "unsupported password hash scheme \"$y$\"")]
    [InlineData("$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", "unsupported password hash scheme \"$argon2id$\"")]
    [InlineData("{SHA256}K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=", "unsupported password hash scheme \"{SHA256}\"")]
    public void Malformed_or_unsupported_hashes_are_errors_not_plain_passwords(string hash, string expected)
    {
        Assert.False(PasswordHash.TryParse(hash, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Fixed_time_comparison_handles_different_lengths()
    {
        Assert.True(PasswordHash.FixedTimeEqualsAnyLength("abc"u8, "abc"u8));
        Assert.False(PasswordHash.FixedTimeEqualsAnyLength("abc"u8, "abcd"u8));
        Assert.False(PasswordHash.FixedTimeEqualsAnyLength([], "a"u8));
        Assert.True(PasswordHash.FixedTimeEqualsAnyLength([], []));
    }

    private static PasswordHash Parse(string hash)
    {
        Assert.True(PasswordHash.TryParse(hash, out var parsed, out var error), error);
        return parsed!;
    }
}
