using EpiCommand.Data.Surveillance;

namespace EpiCommand.Data.People;

/// <summary>
/// A person of the organisation (requirements A3): the one record of who someone is — name, unit, position, phone — that user
/// accounts, team rosters, the directory and the on-duty lists all point to, so a phone number changed once is changed everywhere.
/// A person need not sign in (<see cref="UserId"/> null): a liaison of a member unit or a member of a medical team often does not.
/// </summary>
public sealed class Person : IRegional
{
    public int Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Name { get; set; }

    /// <summary>The member unit or working group as the plan's organisation names it (001 §2.2.1; 000 §三), if any.</summary>
    public string? Unit { get; set; }

    public string? Position { get; set; }
    public string? Phone { get; set; }

    /// <summary>The unit's fixed liaison (固定联络员, 001 §2.2.2): the person the headquarters reaches the unit through.</summary>
    public bool Liaison { get; set; }

    /// <summary>The account of this person, if they sign in (one account per person).</summary>
    public string? UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// Who is on duty for a unit on a day (值班, 001 §2.2.2 "固定联络员…保持24小时通讯畅通"): the on-duty list of the directory and
/// the person a unit's messages name. One row per unit, day and person; a day may have several.
/// </summary>
public sealed class DutyAssignment : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Unit { get; set; }

    /// <summary>The day in China Standard Time.</summary>
    public DateOnly Day { get; set; }

    public int PersonId { get; set; }
    public Person? Person { get; set; }
    public string? Role { get; set; }
    public required string AssignedBy { get; set; }
    public DateTimeOffset AssignedAt { get; set; }
}
