using EpiCommand.Data.Supplies;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Support;

namespace EpiCommand.Data.Response;

/// <summary>Where a support request stands (000 §三(六)1 申请 → §三(一)–(五) the city's working group answers → delivery).</summary>
public enum SupportState
{
    /// <summary>已提交: waiting for the working group.</summary>
    Submitted,
    /// <summary>已同意: the city covers all of it.</summary>
    Accepted,
    /// <summary>部分同意: the city covers part of it (quantities below those asked); the rest may go to the region.</summary>
    PartlyAccepted,
    /// <summary>不予支援: declined with a reason; may go to the region.</summary>
    Declined,
    /// <summary>已调派: materials issued from depots (ledger lines), or the team sent.</summary>
    Dispatched,
    /// <summary>已接收: the requesting county confirmed receipt (materials received into its depot).</summary>
    Received,
}

/// <summary>
/// A support request (支援申请) from a county to the city (000 §三(六)1): what kind, how much, by when, where to and why, with the
/// facts as they stood; routed to the working group the plan names for its kind. Every change of state is one conditional update,
/// so that of two people answering at once one does.
/// </summary>
public sealed class SupportRequest : IRegional
{
    public long Id { get; set; }

    /// <summary>The requesting county.</summary>
    public required string RegionCode { get; set; }

    public required string RegionPath { get; set; }
    public SupportKind Kind { get; set; }

    /// <summary>The city working group that answers it, from the plan's support routes (docs/plans.md `support`).</summary>
    public required string WorkingGroup { get; set; }

    /// <summary>The plan clause of the route.</summary>
    public required string Clause { get; set; }

    /// <summary>Persons, teams or trips asked for; null for a materials request (its lines carry the quantities).</summary>
    public int? Quantity { get; set; }

    /// <summary>What the city accepted of <see cref="Quantity"/>.</summary>
    public int? AcceptedQuantity { get; set; }

    public DateTimeOffset NeededBy { get; set; }
    public required string Destination { get; set; }
    public required string Reason { get; set; }

    /// <summary>The county declared its short-term supply of living necessities in severe difficulty (000 §三(四)3).</summary>
    public bool SevereShortage { get; set; }

    /// <summary>The response level in force over the county when it asked (I–IV; null: none), as the plan's conditions read it.</summary>
    public string? ResponseLevel { get; set; }

    /// <summary>The facts when asked: the county's grade (I–IV, null: none) on the day of the request.</summary>
    public string? Grade { get; set; }

    /// <summary>The facts when asked: confirmed and asymptomatic cases of the county within 14 days.</summary>
    public int? RecentCases { get; set; }

    /// <summary>The facts when asked: the readiness norms the county did not meet, one per line (may be empty).</summary>
    public string? ReadinessGaps { get; set; }

    public SupportState State { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }

    /// <summary>The reason given with a partial acceptance or a refusal.</summary>
    public string? DecisionNote { get; set; }

    /// <summary>The city covers less than was asked (partly accepted or declined): the rest may go to the region.</summary>
    public bool Shortfall { get; set; }

    /// <summary>When what the city cannot cover was passed to the region (000 §三(一)3, §三(四)4); null: not escalated.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }

    public string? EscalatedBy { get; set; }
    public string? EscalationNote { get; set; }

    /// <summary>The region's answer to the escalated part (001 §5.4.10 请求自治区支援): when, by whom, yes or no, and why.</summary>
    public DateTimeOffset? RegionAnsweredAt { get; set; }

    public string? RegionAnsweredBy { get; set; }
    public bool? RegionAccepted { get; set; }
    public string? RegionNote { get; set; }

    /// <summary>When the request was found unanswered past its needed-by time and pressed (督办): once, the watcher claims it by setting this.</summary>
    public DateTimeOffset? OverdueAnnouncedAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public string? DispatchedBy { get; set; }
    public string? DispatchNote { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public string? ReceivedBy { get; set; }

    /// <summary>The county depot the materials were received into.</summary>
    public int? ReceivingDepotId { get; set; }

    /// <summary>Transport of the dispatch (000 §三(五)2): the vehicle, its driver, the route, when it left and when it is due.</summary>
    public string? Vehicle { get; set; }

    public string? Driver { get; set; }
    public string? DriverPhone { get; set; }
    public string? Route { get; set; }
    public DateTimeOffset? DepartsAt { get; set; }

    /// <summary>The expected arrival (after the departure); the arrival itself is the receipt (<see cref="ReceivedAt"/>).</summary>
    public DateTimeOffset? ArrivesAt { get; set; }

    public List<SupportLine> Lines { get; set; } = [];

    /// <summary>The teams of the rosters sent with the dispatch.</summary>
    public List<SupportTeam> Teams { get; set; } = [];
}

/// <summary>A registered team (<see cref="Readiness.Team"/>) sent with a dispatch: its name and size as they were when sent.</summary>
public sealed class SupportTeam
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public int TeamId { get; set; }
    public required string TeamName { get; set; }
    public int Members { get; set; }
}

/// <summary>One catalogue item of a materials request: asked, accepted, dispatched (issued from city depots) and received.</summary>
public sealed class SupportLine
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public int ItemId { get; set; }
    public SupplyItem? Item { get; set; }
    public int Quantity { get; set; }
    public int? Accepted { get; set; }

    /// <summary>Dispatched in units of the item, substitutes included (<see cref="Substitutions"/>, 1:1).</summary>
    public int Dispatched { get; set; }

    public int Received { get; set; }

    /// <summary>Why less was dispatched than accepted (the shortfall, accepted − dispatched), recorded with the dispatch; null: none short.</summary>
    public string? ShortfallReason { get; set; }

    /// <summary>What of <see cref="Dispatched"/> was a substitute item (e.g. KN95 for N95), issued and received as that item.</summary>
    public List<SupportSubstitution> Substitutions { get; set; } = [];
}

/// <summary>Part of a line dispatched as an accepted substitute (<see cref="SupplySubstitute"/>): the item issued instead, and how many (1:1).</summary>
public sealed class SupportSubstitution
{
    public long Id { get; set; }
    public long LineId { get; set; }

    /// <summary>The substitute item issued from the depot and received by the county.</summary>
    public int ItemId { get; set; }

    public SupplyItem? Item { get; set; }
    public int Quantity { get; set; }
}

/// <summary>
/// The city's catalogue of accepted substitutes (issue 16 §3 代用品): where an item falls short, <see cref="SubstituteId"/> may be
/// shipped for <see cref="ItemId"/>, one for one (same unit). City-level data, kept by the city's headquarters (物资保障组), audited;
/// it applies to the requests of the counties under <see cref="RegionPath"/>.
/// </summary>
public sealed class SupplySubstitute : IRegional
{
    public long Id { get; set; }

    /// <summary>The city whose catalogue it is.</summary>
    public required string RegionCode { get; set; }

    public required string RegionPath { get; set; }
    public int ItemId { get; set; }
    public SupplyItem? Item { get; set; }
    public int SubstituteId { get; set; }
    public SupplyItem? Substitute { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

/// <summary>Where a mutual-aid offer stands (000 §二(五) 相互支援; 001 §5.4.9): offered by a county, approved or declined by the city.</summary>
public enum SupportOfferState
{
    /// <summary>已提出: waiting for the city.</summary>
    Offered,
    /// <summary>已批准: the items were issued from the offering county's depot and the request dispatched.</summary>
    Approved,
    /// <summary>未批准: the city declined it, with a reason.</summary>
    Declined,
    /// <summary>已撤回: the offering county withdrew it before the city decided.</summary>
    Withdrawn,
}

/// <summary>
/// A mutual-aid offer (互助支援, 000 §二(五) 资源共享、相互支援, §三(四)3 畅通跨区域间应急支援物资调剂渠道; 001 §5.4.9): a county's headquarters
/// offers items from one of its own depots to another county's open materials request; the city approves (the items are issued from
/// that depot through the stock ledger and the request is dispatched) or declines it. <see cref="RegionPath"/> is the offering county.
/// </summary>
public sealed class SupportOffer : IRegional
{
    public long Id { get; set; }
    public long RequestId { get; set; }

    /// <summary>The offering county.</summary>
    public required string RegionCode { get; set; }

    public required string RegionPath { get; set; }

    /// <summary>The requesting county's path (copied from the request: who may see the offer).</summary>
    public required string RequestRegionPath { get; set; }

    /// <summary>The offering county's depot the items come from.</summary>
    public int DepotId { get; set; }

    public SupportOfferState State { get; set; }
    public DateTimeOffset OfferedAt { get; set; }
    public required string OfferedBy { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionNote { get; set; }
    public List<SupportOfferLine> Lines { get; set; } = [];
}

/// <summary>One item of an offer: how much of it the offering county gives.</summary>
public sealed class SupportOfferLine
{
    public long Id { get; set; }
    public long OfferId { get; set; }
    public int ItemId { get; set; }
    public SupplyItem? Item { get; set; }
    public int Quantity { get; set; }
}

/// <summary>
/// A vehicle the transport group (交通保障组, 000 §三(五)2; 001 §5.3.7 应急运输力) may use from a depot: its plate, what one trip carries (litres,
/// as <see cref="SupplyItem.UnitVolume"/>) and how many trips a day it makes. Registered by the depot's county (or the city for its
/// depots); when the depots of an allocation have vehicles, their capacity couples the items (docs/support.md "Vehicles").
/// </summary>
public sealed class SupportVehicle : IRegional
{
    public int Id { get; set; }
    public int DepotId { get; set; }
    public Depot? Depot { get; set; }

    /// <summary>The depot's region.</summary>
    public required string RegionCode { get; set; }

    public required string RegionPath { get; set; }

    /// <summary>The plate or name (蒙G·12345).</summary>
    public required string Plate { get; set; }

    public string? Driver { get; set; }
    public string? DriverPhone { get; set; }

    /// <summary>Litres one trip carries.</summary>
    public int Capacity { get; set; }

    /// <summary>Trips it can make a day (one allocation plans at most this many).</summary>
    public int Trips { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}
