using System.Numerics;
using MiniCollector.Extensions.BasicAuth;

namespace MiniCollector.Receiver.Tests.Auth;

public sealed class BlowfishInitialStateTests
{
    [Fact]
    public void Every_word_of_the_initial_state_is_the_next_eight_hex_digits_of_pi()
    {
        int words = BlowfishInitialState.P.Length + BlowfishInitialState.S.Length;
        Assert.Equal(18, BlowfishInitialState.P.Length);
        Assert.Equal(1024, BlowfishInitialState.S.Length);

        // pi = 16 atan(1/5) - 4 atan(1/239) (Machin), in fixed point with guard bits against truncation error.
        int bits = (words * 32) + 64;
        var one = BigInteger.One << bits;
        var pi = (16 * ArctanOfInverse(5, one)) - (4 * ArctanOfInverse(239, one));
        var fraction = (pi - (3 * one)) >> 64;

        var mask = new BigInteger(uint.MaxValue);
        for (int i = 0; i < words; i++)
        {
            var expected = (uint)((fraction >> ((words - 1 - i) * 32)) & mask);
            var actual = i < 18 ? BlowfishInitialState.P[i] : BlowfishInitialState.S[i - 18];
            Assert.True(expected == actual, $"word {i}: expected {expected:X8}, found {actual:X8}");
        }
    }

    private static BigInteger ArctanOfInverse(int x, BigInteger one)
    {
        var x2 = new BigInteger(x) * x;
        var term = one / x;
        var sum = term;
        int n = 1;
        bool subtract = true;
        while (!term.IsZero)
        {
            term /= x2;
            n += 2;
            sum = subtract ? sum - (term / n) : sum + (term / n);
            subtract = !subtract;
        }

        return sum;
    }
}
