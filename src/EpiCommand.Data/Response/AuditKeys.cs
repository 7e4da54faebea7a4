using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace EpiCommand.Data.Response;

/// <summary>
/// The keys of the audit chain's HMAC (issue 13 §audit), from the <c>Audit</c> configuration section: <c>Audit:Keys:&lt;id&gt;</c>
/// holds each key (base64, at least 32 bytes) and <c>Audit:CurrentKeyId</c> names the one new entries are signed with. A key is
/// dedicated to the audit chain — not the data-protection ring, which rotates on its own and is not meant for verifying old
/// records. Rotating: add a new key, point CurrentKeyId at it, and keep the old one so that the entries it signed still verify.
/// </summary>
public sealed partial class AuditKeys
{
    public const string Section = "Audit";
    public const int MaxIdLength = 40;
    public const int MinKeyBytes = 32;

    public static readonly AuditKeys None = new(null, new Dictionary<string, byte[]>());

    private readonly IReadOnlyDictionary<string, byte[]> _keys;

    public AuditKeys(string? currentKeyId, IReadOnlyDictionary<string, byte[]> keys)
    {
        foreach (var (id, key) in keys)
        {
            if (!KeyIdPattern().IsMatch(id)) throw new InvalidOperationException($"Audit:Keys:{id}: a key id is 1 to {MaxIdLength} letters, digits, '-', '_' or '.'");
            if (key.Length < MinKeyBytes) throw new InvalidOperationException($"Audit:Keys:{id}: an audit key is at least {MinKeyBytes} bytes (base64 of `openssl rand -base64 32`)");
        }
        if (currentKeyId is not null && !keys.ContainsKey(currentKeyId))
        {
            throw new InvalidOperationException($"Audit:CurrentKeyId is '{currentKeyId}', but there is no Audit:Keys:{currentKeyId}");
        }
        CurrentKeyId = currentKeyId;
        _keys = keys;
    }

    /// <summary>The key new entries are signed with; null when none is configured (entries are then plain SHA-256 links).</summary>
    public string? CurrentKeyId { get; }

    public byte[]? CurrentKey => CurrentKeyId is null ? null : _keys[CurrentKeyId];

    public byte[]? Find(string id) => _keys.GetValueOrDefault(id);

    public static AuditKeys From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in section.GetSection("Keys").GetChildren())
        {
            if (string.IsNullOrWhiteSpace(key.Value)) continue;
            try
            {
                keys[key.Key] = Convert.FromBase64String(key.Value.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"Audit:Keys:{key.Key} is not base64 (make one with `openssl rand -base64 32`)");
            }
        }
        var current = section["CurrentKeyId"];
        return new AuditKeys(string.IsNullOrWhiteSpace(current) ? null : current.Trim(), keys);
    }

    [GeneratedRegex(@"\A[A-Za-z0-9._-]{1,40}\z")]
    private static partial Regex KeyIdPattern();
}
