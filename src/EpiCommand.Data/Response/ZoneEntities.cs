using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Response;

namespace EpiCommand.Data.Response;

public enum ZoneKind { ControlZone, Lockdown }

public enum ZoneState { Draft, Published, Lifted }

/// <summary>A control zone at a minimum unit, or a lockdown of an epidemic area at level III and above (001 §5.2.6, §5.3.2; 004 §九(一)6–7).</summary>
public sealed class ControlZone : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public ZoneKind Kind { get; set; }

    /// <summary>The minimum unit (A1, 004 §九(一)6): building, ward, compound, villageGroup; class, unit, workshop, office, household; or area for a lockdown.</summary>
    public required string UnitKind { get; set; }
    public required string Name { get; set; }
    public required string Reason { get; set; }
    public ZoneState State { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? PublishedBy { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? LiftedBy { get; set; }
    public DateTimeOffset? LiftedAt { get; set; }
    public string? LiftReason { get; set; }

    /// <summary>Where a person placed the zone on the county map (issue 14), WGS-84; null: drawn at its county's centre.</summary>
    public double? Longitude { get; set; }
    public double? Latitude { get; set; }
    public int Version { get; set; }
}
