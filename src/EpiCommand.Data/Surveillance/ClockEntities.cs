namespace EpiCommand.Data.Surveillance;

/// <summary>
/// One running reporting clock (001 §4.3, §4.4, §5.2.4): started by an event, due a number of hours later,
/// completed when the report is made. <see cref="Subject"/> is what it is about (a case id, a county code).
/// </summary>
public sealed class ReportingClockInstance : IRegional
{
    public long Id { get; set; }
    public required string PlanId { get; set; }
    public required string ClockId { get; set; }
    public required string Name { get; set; }
    public required string Clause { get; set; }
    public required string Subject { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public List<string> Responsible { get; set; } = [];
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public DateTimeOffset? OverdueNotifiedAt { get; set; }
}

/// <summary>An in-app notification for the people of a region (requirements J5).</summary>
public sealed class Notification : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public string? Link { get; set; }

    /// <summary>When set, the notification is for this member unit or working group of the region only.</summary>
    public string? Unit { get; set; }

    /// <summary>When set, for the users of the region with this role only (e.g. experts asked to confirm a decision).</summary>
    public string? Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>Each time someone asked to see an unmasked ID or phone number (requirements J3).</summary>
public sealed class UnmaskingRecord
{
    public long Id { get; set; }
    public required string UserName { get; set; }
    public required string SubjectType { get; set; }
    public required string SubjectId { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset At { get; set; }
}
