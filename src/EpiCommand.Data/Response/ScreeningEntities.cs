using EpiCommand.Data.Surveillance;

namespace EpiCommand.Data.Response;

/// <summary>Where a household of a control zone stands in the door-to-door search (001 §5.3.4 "挨门逐户全面排查").</summary>
public enum ScreeningState { NotScreened, Screened }

/// <summary>
/// A household of a control zone, to be visited in the active case search (004 §九(一)8: anyone with fever, respiratory or
/// digestive symptoms in the last 14 days is searched for and sent to be checked; 001 §5.3.4 "不漏一户、不漏一人").
/// Only the address and the number of residents are kept: the search records households, not people.
/// </summary>
public sealed class ScreeningHousehold : IRegional
{
    public long Id { get; set; }
    public long ZoneId { get; set; }

    /// <summary>The zone's region, copied so that jurisdiction scoping reads the household alone.</summary>
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }

    /// <summary>As the screening team finds it (e.g. 3号楼2单元501); unique within its zone.</summary>
    public required string Address { get; set; }
    public int? Residents { get; set; }
    public ScreeningState State { get; set; }

    /// <summary>Someone in the household had fever, respiratory or digestive symptoms in the last 14 days (004 §九(一)8): the CDC is told.</summary>
    public bool Symptomatic { get; set; }
    public string? Symptoms { get; set; }
    public DateTimeOffset? ScreenedAt { get; set; }
    public string? ScreenedBy { get; set; }
    public required string AddedBy { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public int Version { get; set; }
}
