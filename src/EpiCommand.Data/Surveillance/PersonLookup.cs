using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace EpiCommand.Data.Surveillance;

/// <summary>
/// A record about a person that can be found by the person's ID number or phone without the plain value ever being a
/// query parameter (issue 12 §1): <see cref="ResidentIdKey"/> and <see cref="PhoneKey"/> hold a keyed hash of each, indexed.
/// The context fills them on every save (<see cref="AppDbContext"/>), so no write path can forget them.
/// </summary>
public interface IPersonLookup
{
    string? ResidentId { get; }
    string? Phone { get; }
    string? ResidentIdKey { get; set; }
    string? PhoneKey { get; set; }
}

/// <summary>
/// The HMAC-SHA256 of the lookups (issue 12 §1), keyed from configuration (<c>Lookups:Key</c>, base64 of at least 32 bytes) —
/// never stored in the database, so that a copy of the database alone cannot test a guessed ID number against the keys.
/// Without a configured key (development, tests, the demo) a fixed development key is used; Production refuses to start
/// without one (<c>RequireLookupKeyInProduction</c>). Changing the key makes every stored lookup stale: clear the key columns and
/// restart, the backfill recomputes them (docs/security.md).
/// </summary>
public sealed class PersonLookup
{
    public const string Section = "Lookups";
    public const int KeyLength = 22; // base64url of the first 16 bytes of the HMAC

    private static readonly byte[] DevelopmentKey = SHA256.HashData("EpiCommand development lookup key — not for production"u8);

    public static readonly PersonLookup Development = new(DevelopmentKey, configured: false);

    private readonly byte[] _key;

    private PersonLookup(byte[] key, bool configured) => (_key, Configured) = (key, configured);

    /// <summary>Whether the key came from configuration (Production requires it).</summary>
    public bool Configured { get; }

    public static PersonLookup From(IConfiguration configuration)
    {
        var value = configuration[$"{Section}:Key"];
        if (string.IsNullOrWhiteSpace(value)) return Development;
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Lookups:Key is not base64 (make one with `openssl rand -base64 32`)");
        }
        if (key.Length < 32) throw new InvalidOperationException("Lookups:Key is at least 32 bytes (base64 of `openssl rand -base64 32`)");
        return new PersonLookup(key, configured: true);
    }

    /// <summary>The key of an ID number (upper-case X, no spaces); null when there is none.</summary>
    public string? OfResidentId(string? residentId) =>
        string.IsNullOrWhiteSpace(residentId) ? null : Hash("id:" + residentId.Trim().ToUpperInvariant());

    /// <summary>The key of a phone number, read as its digits without a leading +86/0086 (a landline keeps its area code).</summary>
    public string? OfPhone(string? phone)
    {
        var digits = PhoneDigits(phone);
        return digits is null ? null : Hash("tel:" + digits);
    }

    /// <summary>What <paramref name="search"/> names: an ID number (17 digits and a digit or X), a phone (7 to 15 digits), or neither.</summary>
    public (string? ResidentIdKey, string? PhoneKey) OfSearch(string? search)
    {
        if (string.IsNullOrWhiteSpace(search)) return (null, null);
        var text = search.Trim();
        if (text.Length == 18 && text[..17].All(char.IsAsciiDigit) && (char.IsAsciiDigit(text[17]) || text[17] is 'x' or 'X')) return (OfResidentId(text), null);
        return PhoneDigits(text) is { } digits ? (null, Hash("tel:" + digits)) : (null, null);
    }

    /// <summary>Fills the keys of <paramref name="record"/> from its plain values.</summary>
    public void Fill(IPersonLookup record)
    {
        record.ResidentIdKey = OfResidentId(record.ResidentId);
        record.PhoneKey = OfPhone(record.Phone);
    }

    private static string? PhoneDigits(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var text = phone.Trim();
        var digits = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c)) digits.Append(c);
            else if (c is not (' ' or '-' or '+' or '(' or ')')) return null;
        }
        var value = digits.ToString();
        if (value.StartsWith("0086", StringComparison.Ordinal)) value = value[4..];
        else if (text.StartsWith('+') && value.StartsWith("86", StringComparison.Ordinal)) value = value[2..];
        return value.Length is >= 7 and <= 15 ? value : null;
    }

    private string Hash(string value) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value)).AsSpan(0, 16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
