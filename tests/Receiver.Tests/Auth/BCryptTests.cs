using System.Text;
using MiniCollector.Extensions.BasicAuth;

namespace MiniCollector.Receiver.Tests.Auth;

public sealed class BCryptTests
{
    // crypt_blowfish's published vectors (wrapper.c, also used by OpenBSD-compatible ports); passwords in hex because
    // several are not valid UTF-8.
    [Theory]
    [InlineData("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "552A55")]
    [InlineData("$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK", "552A552A")]
    [InlineData("$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a", "552A552A55")]
    [InlineData("$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy", "")]
    [InlineData("$2x$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e", "A3")]
    [InlineData("$2x$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e", "FFFFA3")]
    [InlineData("$2y$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e", "FFFFA3")]
    [InlineData("$2a$05$/OK.fbVrR/bpIqNJ5ianF.nqd1wy.pTMdcvrRWxyiGL2eMz.2a85.", "FFFFA3")]
    [InlineData("$2b$05$/OK.fbVrR/bpIqNJ5ianF.CE5elHaaO4EbggVDjb8P19RukzXSM3e", "FFFFA3")]
    [InlineData("$2y$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq", "A3")]
    [InlineData("$2a$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq", "A3")]
    [InlineData("$2b$05$/OK.fbVrR/bpIqNJ5ianF.Sa7shbm4.OzKpvFnX1pQLmQW96oUlCq", "A3")]
    [InlineData("$2x$05$/OK.fbVrR/bpIqNJ5ianF.o./n25XVfn6oAPaUvHe.Csk4zRfsYPi", "31A3333435")]
    [InlineData("$2x$05$/OK.fbVrR/bpIqNJ5ianF.o./n25XVfn6oAPaUvHe.Csk4zRfsYPi", "FFA3333435")]
    [InlineData("$2x$05$/OK.fbVrR/bpIqNJ5ianF.o./n25XVfn6oAPaUvHe.Csk4zRfsYPi", "FFA33334FFFFFFA3333435")]
    [InlineData("$2y$05$/OK.fbVrR/bpIqNJ5ianF.o./n25XVfn6oAPaUvHe.Csk4zRfsYPi", "FFA33334FFFFFFA3333435")]
    [InlineData("$2a$05$/OK.fbVrR/bpIqNJ5ianF.ZC1JEJ8Z4gPfpe1JOr/oyPXTWl9EFd.", "FFA33334FFFFFFA3333435")]
    [InlineData("$2y$05$/OK.fbVrR/bpIqNJ5ianF.nRht2l/HRhr6zmCp9vYUvvsqynflf9e", "FFA3333435")]
    [InlineData("$2a$05$/OK.fbVrR/bpIqNJ5ianF.nRht2l/HRhr6zmCp9vYUvvsqynflf9e", "FFA3333435")]
    [InlineData("$2a$05$/OK.fbVrR/bpIqNJ5ianF.6IflQkJytoRVc1yuaNtHfiuq.FRlSIS", "A36162")]
    [InlineData("$2x$05$/OK.fbVrR/bpIqNJ5ianF.6IflQkJytoRVc1yuaNtHfiuq.FRlSIS", "A36162")]
    [InlineData("$2y$05$/OK.fbVrR/bpIqNJ5ianF.6IflQkJytoRVc1yuaNtHfiuq.FRlSIS", "A36162")]
    [InlineData("$2x$05$6bNw2HLQYeqHYyBfLMsv/OiwqTymGIGzFsA4hOTWebfehXHNprcAS", "D191")]
    [InlineData("$2x$05$6bNw2HLQYeqHYyBfLMsv/O9LIGgn8OMzuDoHfof8AQimSGfcSWxnS", "D0C1D2CFCCD8")]
    public void Published_crypt_blowfish_vectors_verify(string hash, string passwordHex)
    {
        var parsed = Parse(hash);

        Assert.True(parsed.Verify(AuthTestSupport.Hex(passwordHex)));
        Assert.False(parsed.Verify(Encoding.ASCII.GetBytes("wrong")));
    }

    [Fact]
    public void Published_vectors_with_long_passwords_verify_with_only_the_first_72_bytes_counting()
    {
        var digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var hash = Parse("$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui");
        Assert.True(hash.Verify(Encoding.ASCII.GetBytes(digits + "chars after 72 are ignored")));
        Assert.True(hash.Verify(Encoding.ASCII.GetBytes(digits)));
        Assert.False(hash.Verify(Encoding.ASCII.GetBytes(digits[..71])));

        var aa = Enumerable.Repeat((byte)0xAA, 72).ToArray();
        var aaHash = Parse("$2a$05$/OK.fbVrR/bpIqNJ5ianF.swQOIzjOiJ9GHEPuhEkvqrUyvWhEMx6");
        Assert.True(aaHash.Verify([.. aa, .. "chars after 72 are ignored as usual"u8]));

        var aa55 = Enumerable.Range(0, 72).Select(i => i % 2 == 0 ? (byte)0xAA : (byte)0x55).ToArray();
        Assert.True(Parse("$2a$05$/OK.fbVrR/bpIqNJ5ianF.R9xrDjiycxMbQE2bp.vgqlYpW5wx2yy").Verify(aa55));

        var x55aaff = Enumerable.Range(0, 72).Select(i => (i % 3) switch { 0 => (byte)0x55, 1 => (byte)0xAA, _ => (byte)0xFF }).ToArray();
        Assert.True(Parse("$2a$05$/OK.fbVrR/bpIqNJ5ianF.9tQZzcJfm3uj2NvJ/n5xkhpqLrMpWCe").Verify(x55aaff));
    }

    // Made with Debian's apache2-utils: htpasswd -nbB -C <cost> u pass-cost-<cost>.
    [Theory]
    [InlineData(4, "$2y$04$CsdCpBxiqyttK5MgqiJ/W.8Nz2dfg5R2AQ39MgK97AV8JnGjt5uyG")]
    [InlineData(5, "$2y$05$quGLQ.HoZ0C7KXUKDUlmIehFVhC7xccPGAV.ZYUEi3GdIeURA7R8.")]
    [InlineData(6, "$2y$06$Vk0iMzqYL9jAOwskN8dk1OzJjAqXwG.Z.fZHCN0qe7tsSR2OZzGFm")]
    [InlineData(7, "$2y$07$btjEQ3hidXs5QDUgQi5R8eRO3Vuh2WDIfjBJ//lGUZ3sAvx8rjYOC")]
    [InlineData(8, "$2y$08$KLJKAmzk1klM/Rt3v.mpp.nkulFY7CmRf2eU6MI5zUZcAnAX3gOJi")]
    [InlineData(9, "$2y$09$qaNK9wxUjMt63DG64kooEONK6GHwnwmdRMTz1tH1Lyd0vEnSJK.3W")]
    [InlineData(10, "$2y$10$QOTRFEr1bSx1HIPsmucL/.g7scFqz1Hsc0WrFLpkZ4Ya2i7jBCmwe")]
    public void Htpasswd_bcrypt_hashes_of_every_cost_from_4_to_10_verify(int cost, string hash)
    {
        var parsed = (BCryptPasswordHash)Parse(hash);

        Assert.Equal(cost, parsed.Cost);
        Assert.True(parsed.Verify(Encoding.UTF8.GetBytes($"pass-cost-{cost}")));
        Assert.False(parsed.Verify(Encoding.UTF8.GetBytes($"pass-cost-{cost + 1}")));
    }

    [Fact]
    public void Htpasswd_bcrypt_of_the_empty_password_verifies_only_the_empty_password()
    {
        var hash = Parse("$2y$05$eGRBRVsW6JModavLnquH0ed9df0ITGZV5o5sVJCe43g6hL2knug2e");

        Assert.True(hash.Verify([]));
        Assert.False(hash.Verify(" "u8));
        Assert.False(hash.Verify("a"u8));
    }

    [Fact]
    public void Htpasswd_bcrypt_truncates_passwords_after_72_bytes()
    {
        var a72 = new string('a', 72);
        var hash72 = Parse("$2y$04$LmNric22G.Sl.tPmJBNdtOVVk8.So7TD2nF/gNUA3vvybkEVrJQfW");
        var hash80 = Parse("$2y$04$hSqMhJWt7nMop3RTeYXm4OvaXG8TDP5VSGJqBTtuHtWqwJgaxRP3C");

        Assert.True(hash72.Verify(Encoding.ASCII.GetBytes(a72)));
        Assert.True(hash72.Verify(Encoding.ASCII.GetBytes(a72 + "anything at all")));
        Assert.False(hash72.Verify(Encoding.ASCII.GetBytes(a72[..71])));

        // htpasswd hashed 72 'a' + 8 'b'; the 'b's were never part of the key.
        Assert.True(hash80.Verify(Encoding.ASCII.GetBytes(a72 + "bbbbbbbb")));
        Assert.True(hash80.Verify(Encoding.ASCII.GetBytes(a72)));
    }

    [Fact]
    public void Htpasswd_bcrypt_of_a_non_ascii_password_verifies_its_utf8_bytes()
    {
        var hash = Parse("$2y$05$pujzPQ9CxbjI2.SujKtzS.tqD8tPn89Tl6qtsf8iV0iJmQPWPrpdK");

        Assert.True(hash.Verify(Encoding.UTF8.GetBytes("pässwörd-日本語")));
        Assert.False(hash.Verify(Encoding.Latin1.GetBytes("pässwörd-")));
        Assert.False(hash.Verify(Encoding.UTF8.GetBytes("passwort-日本語")));
    }

    [Fact]
    public void An_embedded_nul_is_part_of_the_password_not_its_end()
    {
        var salt = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var hash = Parse(BCryptPasswordHash.Create("abc"u8, salt, 4));

        Assert.True(hash.Verify("abc"u8));
        Assert.False(hash.Verify("abc\0def"u8));
    }

    [Theory]
    [InlineData('y')]
    [InlineData('b')]
    [InlineData('a')]
    public void Created_hashes_round_trip(char revision)
    {
        var variant = revision switch { 'a' => BCryptVariant.A, 'b' => BCryptVariant.B, _ => BCryptVariant.Y };
        var salt = "0123456789abcdef"u8.ToArray();
        var text = BCryptPasswordHash.Create("hunter2"u8, salt, 5, variant);

        Assert.Equal(BCryptPasswordHash.EncodedLength, text.Length);
        Assert.StartsWith("$2" + revision + "$05$", text);
        var hash = Parse(text);
        Assert.True(hash.Verify("hunter2"u8));
        Assert.False(hash.Verify("hunter3"u8));
    }

    [Theory]
    [InlineData("$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe", "60 characters")]
    [InlineData("$2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeWW", "60 characters")]
    [InlineData("$2y$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "cost 3")]
    [InlineData("$2y$32$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "cost 32")]
    [InlineData("$2c$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "unsupported bcrypt revision")]
    [InlineData("$2y$05$CCCCCCCCCCCCCCCCCCCCC!E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "outside ./A-Za-z0-9")]
    [InlineData("$2y$x5$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "60 characters")]
    [InlineData("$2$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "malformed bcrypt hash")]
    public void Malformed_bcrypt_hashes_are_errors_not_plain_text(string hash, string expected)
    {
        Assert.False(PasswordHash.TryParse(hash, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void The_bcrypt_encoding_round_trips_and_matches_the_published_salt()
    {
        var bytes = Enumerable.Range(0, 23).Select(i => (byte)(i * 37)).ToArray();
        var text = CryptBase64.EncodeBCrypt(bytes);
        var decoded = new byte[23];

        Assert.Equal(31, text.Length);
        Assert.True(CryptBase64.TryDecodeBCrypt(text, decoded));
        Assert.Equal(bytes, decoded);

        // "CCCC…C." is the salt the vectors above use; it decodes to 16 bytes and encodes back unchanged.
        var salt = new byte[16];
        Assert.True(CryptBase64.TryDecodeBCrypt("CCCCCCCCCCCCCCCCCCCCC.", salt));
        Assert.Equal("CCCCCCCCCCCCCCCCCCCCC.", CryptBase64.EncodeBCrypt(salt));
    }

    private static PasswordHash Parse(string hash)
    {
        Assert.True(PasswordHash.TryParse(hash, out var parsed, out var error), error);
        return parsed!;
    }
}
