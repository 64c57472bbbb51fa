using System.Globalization;
using System.Text;
using MiniCollector.Exposition;

namespace MiniCollector.Pipeline.Tests.Exposition;

public class ExpositionNumbersTests
{
    // Expected values are what Go's strconv.FormatFloat(v, 'g', -1, 64) prints (the Go client's text rendering).
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(-1.0, "-1")]
    [InlineData(5.0, "5")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.25, "0.25")]
    [InlineData(-3.5, "-3.5")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(0.000012, "1.2e-05")]
    [InlineData(999999.0, "999999")]
    [InlineData(100000.0, "100000")]
    [InlineData(123456.7, "123456.7")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(17560473.0, "1.7560473e+07")]
    [InlineData(1.5e21, "1.5e+21")]
    [InlineData(1e100, "1e+100")]
    [InlineData(1e-100, "1e-100")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(-2.2250738585072014e-308, "-2.2250738585072014e-308")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1700000000.123, "1.700000000123e+09")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Floats_follow_Go_shortest_g(double value, string expected) => Assert.Equal(expected, Format(value, openMetrics: false));

    // The OpenMetrics spec's canonical renderings for le and quantile values.
    [Theory]
    [InlineData("0.0 0.001 0.002 0.01 0.1 0.9 0.95 0.99 0.999 1.0 1.7 10.0")]
    [InlineData("1e-10 1e-09 1e-05 0.0001 0.1 1.0 100000.0 1e+06 1e+10")]
    public void OpenMetrics_floats_use_the_canonical_form(string canonical)
    {
        foreach (var expected in canonical.Split(' '))
        {
            var value = double.Parse(expected, CultureInfo.InvariantCulture);
            Assert.Equal(expected, Format(value, openMetrics: true));
        }
    }

    [Fact]
    public void Every_thousandth_from_zero_to_ten_is_canonical_in_OpenMetrics()
    {
        for (var i = 0; i <= 10_000; i++)
        {
            var value = i / 1000.0;
            var text = Format(value, openMetrics: true);
            Assert.Equal(value, double.Parse(text, CultureInfo.InvariantCulture));
            Assert.True(text.Contains('.', StringComparison.Ordinal), text);
            Assert.DoesNotContain("e", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Random_floats_round_trip_in_both_renderings()
    {
        var random = new Random(1234);
        Span<byte> bytes = stackalloc byte[8];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(bytes);
            var value = BitConverter.ToDouble(bytes);
            if (!double.IsFinite(value))
            {
                continue;
            }

            Assert.Equal(value, double.Parse(Format(value, openMetrics: false), CultureInfo.InvariantCulture));
            Assert.Equal(value, double.Parse(Format(value, openMetrics: true), CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData(1520879607789L, "1520879607.789")]
    [InlineData(1520879607780L, "1520879607.78")]
    [InlineData(1520879607000L, "1520879607")]
    [InlineData(1520879607005L, "1520879607.005")]
    [InlineData(1L, "0.001")]
    [InlineData(0L, "0")]
    [InlineData(-1500L, "-1.5")]
    [InlineData(long.MinValue, "-9223372036854775.808")]
    public void Millisecond_timestamps_become_exact_decimal_seconds(long milliseconds, string expected)
    {
        Span<byte> buffer = stackalloc byte[32];
        var n = ExpositionNumbers.FormatMillisecondsAsSeconds(milliseconds, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
    }

    [Theory]
    [InlineData(1520430000.123, "1520430000.123")]
    [InlineData(1605281325.0, "1605281325")]
    [InlineData(0.5, "0.5")]
    [InlineData(1e16, "10000000000000000")]
    [InlineData(1e17, "1e+17")]
    [InlineData(double.NaN, "NaN")]
    public void Seconds_stay_in_plain_notation(double seconds, string expected)
    {
        Span<byte> buffer = stackalloc byte[ExpositionNumbers.MaxFloatLength];
        var n = ExpositionNumbers.FormatSeconds(seconds, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
    }

    [Fact]
    public void Values_with_few_decimals_are_written_as_the_general_path_writes_them()
    {
        // Short decimals (what the short path takes), values of full precision (what it must leave alone), and the
        // edges of its range and of the notations: powers of ten and their neighbours, the largest products it scales to.
        var random = new Random(4321);
        var values = new List<double>();
        for (var i = 0; i < 200_000; i++)
        {
            var digits = random.Next(0, 13);
            var m = random.NextInt64(1, (long)Math.Pow(10, random.Next(1, 17)));
            values.Add(m / Math.Pow(10, digits));
            values.Add(Math.Pow(10, (random.NextDouble() * 22) - 6));
        }

        for (var exponent = -6; exponent <= 16; exponent++)
        {
            var power = Math.Pow(10, exponent);
            values.AddRange([power, Math.BitIncrement(power), Math.BitDecrement(power), 1.5 * power, power / 3]);
        }

        for (var k = 0; k <= 12; k++)
        {
            var edge = (1L << 50) / Math.Pow(10, k);
            values.AddRange([edge, Math.BitIncrement(edge), Math.BitDecrement(edge), Math.Round(edge * 0.999, Math.Min(k, 15))]);
        }

        values.AddRange([0.1 + 0.2, 1_765_000_000.123, 1_765_000_000.1234567, 999_999.999_999_999, 0.000_123_456_789]);

        Span<byte> expected = stackalloc byte[ExpositionNumbers.MaxFloatLength];
        Span<byte> actual = stackalloc byte[ExpositionNumbers.MaxFloatLength];
        foreach (var magnitude in values)
        {
            foreach (var value in (ReadOnlySpan<double>)[magnitude, -magnitude])
            {
                var seconds = ExpositionNumbers.FormatSecondsFromDigits(value, expected);
                Assert.Equal(Encoding.ASCII.GetString(expected[..seconds]), Encoding.ASCII.GetString(actual[..ExpositionNumbers.FormatSeconds(value, actual)]));
                if (Math.Abs(value) < 1e6 && value == Math.Floor(value))
                {
                    continue;
                }

                foreach (var openMetrics in (ReadOnlySpan<bool>)[false, true])
                {
                    var length = ExpositionNumbers.FormatFloatFromDigits(value, expected, openMetrics);
                    Assert.Equal(Encoding.ASCII.GetString(expected[..length]), Encoding.ASCII.GetString(actual[..ExpositionNumbers.FormatFloat(value, actual, openMetrics)]));
                }
            }
        }
    }

    private static string Format(double value, bool openMetrics)
    {
        Span<byte> buffer = stackalloc byte[ExpositionNumbers.MaxFloatLength];
        var n = ExpositionNumbers.FormatFloat(value, buffer, openMetrics);
        return Encoding.ASCII.GetString(buffer[..n]);
    }
}
