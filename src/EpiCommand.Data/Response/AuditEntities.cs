using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Response;

namespace EpiCommand.Data.Response;

/// <summary>An entry of the append-only, hash-chained audit trail (requirements J2); see <see cref="AuditChain"/>.</summary>
public sealed class AuditEntry
{
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string SubjectType { get; set; }
    public required string SubjectId { get; set; }

    /// <summary>What changed, as JSON.</summary>
    public required string Data { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }

    /// <summary>The audit key <see cref="Hash"/> is an HMAC with (<c>Audit:Keys:&lt;id&gt;</c>); null for the plain SHA-256 entries written before the chain was keyed.</summary>
    public string? KeyId { get; set; }

    /// <summary>The region the subject belongs to (for jurisdiction-scoped reading); not part of the hash.</summary>
    public string? RegionPath { get; set; }
}
