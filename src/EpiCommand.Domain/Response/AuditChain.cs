using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EpiCommand.Domain.Response;

/// <summary>One entry of the append-only audit trail (requirements J2) as it is hashed.</summary>
public sealed record AuditLink(long Sequence, DateTimeOffset At, string Actor, string Action, string SubjectType, string SubjectId, string Data, string PreviousHash, string Hash);

/// <summary>Where a chain breaks: the first entry whose hash or link does not hold.</summary>
public sealed record AuditBreak(long Sequence, string Reason);

/// <summary>
/// The audit trail is a hash chain: each entry's hash covers its own fields and the previous entry's hash, so
/// changing, removing or reordering any stored entry breaks every link after it and the verifier points at the first.
/// </summary>
public static class AuditChain
{
    /// <summary>The hash before the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Stored time is kept to whole milliseconds, so that every database returns exactly what was hashed.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    public static string Hash(long sequence, DateTimeOffset at, string actor, string action, string subjectType, string subjectId, string data, string previousHash)
    {
        // Fields are length-prefixed so that no two different entries serialise to the same text.
        var text = new StringBuilder();
        foreach (var field in new[] { sequence.ToString(CultureInfo.InvariantCulture), Truncate(at).UtcDateTime.ToString("O", CultureInfo.InvariantCulture), actor, action, subjectType, subjectId, data, previousHash })
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Walks the entries in sequence order and returns the first break, or null when the chain holds.</summary>
    public static AuditBreak? Verify(IEnumerable<AuditLink> entries)
    {
        var previous = Genesis;
        long expected = 1;
        foreach (var entry in entries)
        {
            if (entry.Sequence != expected) return new AuditBreak(entry.Sequence, $"sequence {expected} expected, found {entry.Sequence} (an entry is missing or out of order)");
            if (entry.PreviousHash != previous) return new AuditBreak(entry.Sequence, "its link to the previous entry does not match (the previous entry was changed or removed)");
            var hash = Hash(entry.Sequence, entry.At, entry.Actor, entry.Action, entry.SubjectType, entry.SubjectId, entry.Data, entry.PreviousHash);
            if (entry.Hash != hash) return new AuditBreak(entry.Sequence, "its content does not match its hash (the entry was changed)");
            previous = entry.Hash;
            expected++;
        }
        return null;
    }
}
