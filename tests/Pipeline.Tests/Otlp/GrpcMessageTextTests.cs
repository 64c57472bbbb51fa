using MiniCollector.Pipeline.Otlp;

namespace MiniCollector.Pipeline.Tests.Otlp;

public sealed class GrpcMessageTextTests
{
    [Theory]
    [InlineData("plain ascii, spaces and punctuation: ok!", "plain ascii, spaces and punctuation: ok!")]
    [InlineData("100%", "100%25")]
    [InlineData("é", "%C3%A9")]
    [InlineData("line\nbreak\ttab", "line%0Abreak%09tab")]
    [InlineData("del\u007F", "del%7F")]
    [InlineData("€", "%E2%82%AC")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("", "")]
    public void Encode_keeps_printable_ascii_and_percent_encodes_everything_else_as_utf8(string text, string encoded)
    {
        Assert.Equal(encoded, GrpcMessageText.Encode(text));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("100% sure")]
    [InlineData("Daten ungültig — 日本語 😀")]
    [InlineData("%41 is not an escape here")]
    [InlineData("trailing %")]
    [InlineData("\r\n\0")]
    public void Decode_reverses_encode(string text)
    {
        var encoded = GrpcMessageText.Encode(text);

        Assert.All(encoded, c => Assert.InRange(c, (char)0x20, (char)0x7E));
        Assert.Equal(text, GrpcMessageText.Decode(encoded));
    }

    [Theory]
    [InlineData("%C3%BC", "ü")]
    [InlineData("%c3%bc", "ü")]
    [InlineData("%41%42C", "ABC")]
    [InlineData("end%41", "endA")]
    public void Decode_accepts_upper_and_lower_case_escapes_anywhere(string encoded, string text)
    {
        Assert.Equal(text, GrpcMessageText.Decode(encoded));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("50%")]
    [InlineData("%4")]
    [InlineData("%zz")]
    [InlineData("%G1 x")]
    [InlineData("ab%")]
    public void Decode_keeps_malformed_escapes_as_written(string encoded)
    {
        Assert.Equal(encoded, GrpcMessageText.Decode(encoded));
    }
}
