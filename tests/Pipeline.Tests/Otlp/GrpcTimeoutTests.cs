using MiniCollector.Pipeline.Otlp;

namespace MiniCollector.Pipeline.Tests.Otlp;

public sealed class GrpcTimeoutTests
{
    public static TheoryData<string, TimeSpan> Valid => new()
    {
        { "2H", TimeSpan.FromHours(2) },
        { "3M", TimeSpan.FromMinutes(3) },
        { "10S", TimeSpan.FromSeconds(10) },
        { "250m", TimeSpan.FromMilliseconds(250) },
        { "1500u", TimeSpan.FromMicroseconds(1500) },
        { "300n", TimeSpan.FromTicks(3) },
        { "0S", TimeSpan.Zero },
        { "1n", TimeSpan.Zero },
        { "99999999S", TimeSpan.FromSeconds(99_999_999) },
        { "99999999H", TimeSpan.FromHours(99_999_999) },
        { "00000005m", TimeSpan.FromMilliseconds(5) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Each_unit_parses(string text, TimeSpan expected)
    {
        Assert.True(GrpcTimeout.TryParse(text, out var timeout));
        Assert.Equal(expected, timeout);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("5")]
    [InlineData("abc")]
    [InlineData("5s")]
    [InlineData("5h")]
    [InlineData("5x")]
    [InlineData("-5S")]
    [InlineData("+5S")]
    [InlineData(" 5S")]
    [InlineData("5 S")]
    [InlineData("1.5S")]
    [InlineData("1e3m")]
    [InlineData("123456789S")]
    [InlineData("5SS")]
    [InlineData("0x10S")]
    public void Malformed_values_are_refused(string text)
    {
        Assert.False(GrpcTimeout.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0.4, "1m")]
    [InlineData(250, "250m")]
    [InlineData(99_999_999, "99999999m")]
    [InlineData(100_000_000, "100000S")]
    [InlineData(1e12, "277778H")]
    public void The_exporter_writes_the_finest_unit_that_fits_eight_digits_rounding_up(double milliseconds, string expected)
    {
        var timeout = TimeSpan.FromMilliseconds(milliseconds);

        var header = GrpcTimeout.Format(timeout);

        Assert.Equal(expected, header);
        Assert.True(GrpcTimeout.TryParse(header, out var parsed));
        Assert.True(parsed >= timeout);
    }
}
