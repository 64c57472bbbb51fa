using System.Security.Cryptography;

namespace MiniCollector.Extensions.BasicAuth;

/// <summary>
/// The rounds MD5-crypt and SHA-crypt share (SHA-crypt took them over from MD5-crypt), which make a hash slow to guess:
/// each hashes the password, the salt and the previous digest in an order set by the round's number.
/// </summary>
internal static class CryptRounds
{
    /// <summary>Runs <paramref name="count"/> rounds, starting from and ending with the digest in <paramref name="digest"/>.</summary>
    public static void Run(IncrementalHash context, ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, Span<byte> digest, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if ((i & 1) != 0)
            {
                context.AppendData(password);
            }
            else
            {
                context.AppendData(digest);
            }

            if (i % 3 != 0)
            {
                context.AppendData(salt);
            }

            if (i % 7 != 0)
            {
                context.AppendData(password);
            }

            if ((i & 1) != 0)
            {
                context.AppendData(digest);
            }
            else
            {
                context.AppendData(password);
            }

            context.GetHashAndReset(digest);
        }
    }
}
