using EpiCommand.Data.Surveillance;

namespace EpiCommand.Data.Response;

/// <summary>What the headquarters tells the public (B7; 001 §4.5, §5.1.8(3), §5.2.6, §5.2.10).</summary>
/// <summary>A rebuttal (辟谣) is drafted from an <see cref="OpinionItem"/>, never from <c>/api/publications</c>.</summary>
public enum PublicationKind { Bulletin, RiskAreas, Clinics, Rebuttal }

public enum PublicationState { Draft, Published, Withdrawn }

/// <summary>
/// One public release of a region's headquarters: drafted from the record (its content is computed, never typed), approved by
/// the headquarters of the region that owns it, then shown on the public page, the public API and the feed until withdrawn.
/// <see cref="Content"/> is the JSON of the released lists; it holds no person by construction.
/// </summary>
public sealed class Publication : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public PublicationKind Kind { get; set; }

    /// <summary>The China day the content describes.</summary>
    public DateOnly Day { get; set; }
    public required string Title { get; set; }

    /// <summary>A short text of the drafter shown above the figures (optional).</summary>
    public string? Note { get; set; }
    public required string Content { get; set; }
    public PublicationState State { get; set; }
    public required string DraftedBy { get; set; }
    public DateTimeOffset DraftedAt { get; set; }
    public string? PublishedBy { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? WithdrawnBy { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawReason { get; set; }
    public int Version { get; set; }
}
