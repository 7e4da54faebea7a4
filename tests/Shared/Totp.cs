using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EpiCommand.Testing;

/// <summary>
/// What an authenticator app computes (RFC 6238, HMAC-SHA1, 30-second steps, six digits) from the Base32 key the enrolment page
/// shows: the tests' phone. The server checks codes with ASP.NET Core Identity's own implementation, against the real clock.
/// </summary>
public static class Totp
{
    public static string Code(string sharedKey, DateTimeOffset? at = null)
    {
        var key = FromBase32(sharedKey);
        var step = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238 as authenticator apps implement it: HMAC-SHA1 (a MAC, where SHA-1's collisions do not matter)
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7fffffff) % 1_000_000;
        return binary.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 Base32, ignoring spaces and case as people type a key.</summary>
    public static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            if (c is ' ' or '=') continue;
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0) throw new FormatException($"'{c}' is not Base32");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return [.. bytes];
    }
}
