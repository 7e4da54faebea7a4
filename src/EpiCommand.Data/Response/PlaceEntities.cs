using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Response;

namespace EpiCommand.Data.Response;

/// <summary>
/// A public place of the register (001 §5.2.11(3), §5.3.3, §5.4.3; 004 §九(二)–(四)): its kind
/// (<see cref="PlaceRules.Kinds"/>) and the state it is in; the state the response in force asks for is read from the plan.
/// </summary>
public sealed class PublicPlace : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Name { get; set; }
    public required string Kind { get; set; }
    public PlaceStatus Status { get; set; }
    public string? Note { get; set; }
    public required string ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A checkpoint (卡口, 004 §九(二)7; 001 §5.2.11(2)): where it is and how many staff it has.</summary>
public sealed class Checkpoint : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Name { get; set; }
    public string? Location { get; set; }
    public int Staff { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<CheckpointDay> Days { get; set; } = [];
}

/// <summary>A checkpoint's counts of one China day: vehicles and people checked, people turned back; a later report of the day replaces it.</summary>
public sealed class CheckpointDay
{
    public long Id { get; set; }
    public long CheckpointId { get; set; }
    public DateOnly Day { get; set; }
    public int Vehicles { get; set; }
    public int People { get; set; }
    public int TurnedBack { get; set; }
    public int Staff { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
