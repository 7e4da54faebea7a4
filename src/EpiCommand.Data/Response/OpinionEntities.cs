using EpiCommand.Data.Surveillance;

namespace EpiCommand.Data.Response;

/// <summary>Where an item of public opinion was seen: an online platform, a news medium, a hotline, or elsewhere.</summary>
public enum OpinionSource { Platform, Media, Hotline, Other }

/// <summary>一般 / 较敏感 / 高度敏感; a highly sensitive item is announced to the headquarters at once.</summary>
public enum OpinionSensitivity { General, Sensitive, High }

public enum OpinionState { Reported, Assessed, Responded, Closed }

/// <summary>
/// An item of public opinion (舆情, requirement I5): seen and reported by a unit (001 §5.1.5 积极开展舆情监测; 004 新闻宣传组
/// 加强境内外舆情监测、研判与处置), assessed by the headquarters of its region — who handles it and by when, as a task of the
/// existing machinery — answered by a rumour rebuttal (辟谣, 001 §5.3.9 澄清不实传言) released as a <see cref="Publication"/>
/// of kind <see cref="PublicationKind.Rebuttal"/> once a second person of the headquarters approves it, and closed.
/// The item itself is internal: only the approved rebuttal reaches the public.
/// </summary>
public sealed class OpinionItem : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public OpinionSource Source { get; set; }

    /// <summary>The platform, medium or line by name (微博, 某某日报, 12345), if said.</summary>
    public string? Channel { get; set; }
    public required string Summary { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset ObservedAt { get; set; }
    public OpinionSensitivity Sensitivity { get; set; }
    public OpinionState State { get; set; }
    public required string ReportedBy { get; set; }

    /// <summary>The reporting user's unit, when the account has one.</summary>
    public string? ReportingUnit { get; set; }
    public DateTimeOffset ReportedAt { get; set; }

    /// <summary>The headquarters' judgment (研判) of the item.</summary>
    public string? Assessment { get; set; }
    public string? AssessedBy { get; set; }
    public DateTimeOffset? AssessedAt { get; set; }

    /// <summary>The member unit or working group that handles it, by <see cref="DueAt"/>; <see cref="TaskId"/> is its task.</summary>
    public string? Handler { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public long? TaskId { get; set; }

    /// <summary>The rebuttal drafted for it (a publication: draft, published or withdrawn).</summary>
    public long? RebuttalId { get; set; }
    public Publication? Rebuttal { get; set; }
    public DateTimeOffset? RespondedAt { get; set; }
    public string? ClosedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? CloseNote { get; set; }
    public int Version { get; set; }
}
