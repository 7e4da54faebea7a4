using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EpiCommand.Domain.Response;

/// <summary>
/// One entry of the append-only audit trail (requirements J2) as it is hashed. <paramref name="KeyId"/> names the key its
/// <paramref name="Hash"/> is a MAC with; null for the plain SHA-256 entries written before the chain was keyed.
/// </summary>
public sealed record AuditLink(long Sequence, DateTimeOffset At, string Actor, string Action, string SubjectType, string SubjectId, string Data, string PreviousHash, string Hash, string? KeyId = null);

/// <summary>Where a chain breaks: the first entry whose hash or link does not hold.</summary>
public sealed record AuditBreak(long Sequence, string Reason);

/// <summary>
/// The head of the chain as an instance saw it at <paramref name="At"/>, kept outside the database: how many entries there were
/// and the last one's hash (issue 13 §audit). <paramref name="Line"/> is where it was read, for the message.
/// </summary>
public sealed record AuditCheckpoint(long Entries, string Head, DateTimeOffset At, int Line = 0);

/// <summary>
/// The audit trail is a hash chain: each entry's hash covers its own fields and the previous entry's hash, so
/// changing, removing or reordering any stored entry breaks every link after it and the verifier points at the first.
/// Entries written with a key are chained by HMAC-SHA256 instead of SHA-256, so that someone who can write to the database but
/// does not hold the key cannot recompute the chain after editing it; checkpoints of the head kept outside the database catch the
/// removal of the newest entries, which leaves a shorter chain that is intact in itself.
/// </summary>
public static class AuditChain
{
    /// <summary>The hash before the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Stored time is kept to whole milliseconds, so that every database returns exactly what was hashed.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    /// <summary>The plain SHA-256 link, as entries were chained before the audit key (kept to verify those entries).</summary>
    public static string Hash(long sequence, DateTimeOffset at, string actor, string action, string subjectType, string subjectId, string data, string previousHash) =>
        Convert.ToHexStringLower(SHA256.HashData(Canonical(sequence, at, actor, action, subjectType, subjectId, data, previousHash, keyId: null)));

    /// <summary>The keyed link: HMAC-SHA256 with the key named <paramref name="keyId"/>, which is part of what is signed.</summary>
    public static string Mac(byte[] key, string keyId, long sequence, DateTimeOffset at, string actor, string action, string subjectType, string subjectId, string data, string previousHash) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Canonical(sequence, at, actor, action, subjectType, subjectId, data, previousHash, keyId)));

    private static byte[] Canonical(long sequence, DateTimeOffset at, string actor, string action, string subjectType, string subjectId, string data, string previousHash, string? keyId)
    {
        // Fields are length-prefixed so that no two different entries serialise to the same text.
        var text = new StringBuilder();
        string[] fields = [sequence.ToString(CultureInfo.InvariantCulture), Truncate(at).UtcDateTime.ToString("O", CultureInfo.InvariantCulture), actor, action, subjectType, subjectId, data, previousHash];
        foreach (var field in keyId is null ? fields : [.. fields, keyId])
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Walks the plain entries in sequence order and returns the first break, or null when the chain holds.</summary>
    public static AuditBreak? Verify(IEnumerable<AuditLink> entries) => Verify(entries, _ => null, []);

    /// <summary>
    /// Walks the entries in sequence order and returns the first break, or null when the chain holds: every link, every hash
    /// (a MAC with the key <paramref name="keys"/> gives for a keyed entry), no plain entry after the first keyed one, and every
    /// checkpoint met — the chain is at least as long as each says and has the head each recorded.
    /// </summary>
    public static AuditBreak? Verify(IEnumerable<AuditLink> entries, Func<string, byte[]?> keys, IReadOnlyCollection<AuditCheckpoint> checkpoints)
    {
        var marks = checkpoints.GroupBy(c => c.Entries).ToDictionary(g => g.Key, g => g.ToList());
        var previous = Genesis;
        long expected = 1;
        long? keyedFrom = null;
        foreach (var entry in entries)
        {
            if (entry.Sequence != expected) return new AuditBreak(entry.Sequence, $"sequence {expected} expected, found {entry.Sequence} (an entry is missing or out of order)");
            if (entry.PreviousHash != previous) return new AuditBreak(entry.Sequence, "its link to the previous entry does not match (the previous entry was changed or removed)");
            string hash;
            if (entry.KeyId is { } keyId)
            {
                if (keys(keyId) is not { } key) return new AuditBreak(entry.Sequence, $"it is signed with the audit key '{keyId}', which is not configured (Audit:Keys:{keyId}), so it cannot be verified");
                hash = Mac(key, keyId, entry.Sequence, entry.At, entry.Actor, entry.Action, entry.SubjectType, entry.SubjectId, entry.Data, entry.PreviousHash);
                keyedFrom ??= entry.Sequence;
            }
            else if (keyedFrom is { } from)
            {
                return new AuditBreak(entry.Sequence, $"it carries a plain hash after the keyed chain began at entry {from} (the chain was recomputed without the key)");
            }
            else
            {
                hash = Hash(entry.Sequence, entry.At, entry.Actor, entry.Action, entry.SubjectType, entry.SubjectId, entry.Data, entry.PreviousHash);
            }
            if (!FixedTimeEquals(entry.Hash, hash)) return new AuditBreak(entry.Sequence, "its content does not match its hash (the entry was changed)");
            if (marks.TryGetValue(entry.Sequence, out var met) && met.FirstOrDefault(c => c.Head != entry.Hash) is { } differs)
            {
                return new AuditBreak(entry.Sequence, $"its hash differs from the {Describe(differs)} (the chain was recomputed after it)");
            }
            previous = entry.Hash;
            expected++;
        }
        var count = expected - 1;
        if (checkpoints.Where(c => c.Entries > count).MaxBy(c => c.Entries) is { } longer)
        {
            return new AuditBreak(count + 1, $"the chain ends at entry {count}, but the {Describe(longer)} recorded {longer.Entries} entries (the newest entries were deleted)");
        }
        return null;
    }

    private static string Describe(AuditCheckpoint checkpoint) =>
        $"checkpoint of {checkpoint.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC" + (checkpoint.Line > 0 ? $" (line {checkpoint.Line})" : "");

    private static bool FixedTimeEquals(string stored, string computed) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(computed));
}
