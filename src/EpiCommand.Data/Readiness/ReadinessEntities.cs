using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Readiness;

namespace EpiCommand.Data.Readiness;

/// <summary>A record of a capacity register: where it is registered, who changed it last, and the version a change must name.</summary>
public interface IRegisterEntry : IRegional
{
    string UpdatedBy { get; set; }
    DateTimeOffset UpdatedAt { get; set; }
    int Version { get; set; }
}

/// <summary>
/// A hospital of a jurisdiction's capacity register (001 §5.1.3(2)): its level and kind, fever clinic, designation, beds and
/// staff. Registered at the city (盟市级) or in a county; the plans' readiness norms are read over these figures.
/// </summary>
public sealed class Hospital : IRegisterEntry
{
    public int Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Name { get; set; }
    public HospitalLevel Level { get; set; }
    public HospitalKind Kind { get; set; }
    public bool FeverClinic { get; set; }
    public Designation Designation { get; set; }
    public int Beds { get; set; }

    /// <summary>Beds set aside for treatment as a designated or backup hospital (定点床位).</summary>
    public int DesignatedBeds { get; set; }

    public int IcuBeds { get; set; }
    public int Doctors { get; set; }
    public int Nurses { get; set; }

    // The retrofit checklist of a designated or backup hospital (001 §5.1.3(2) 重点加强“三区两通道”、供氧、通风、供暖、污水污物处理等设施改造…
    // 与重症床位相匹配的相关医疗救治设备配备): each item 达标 / 改造中 / 未达标, null while not checked; the day it was last checked and a note.
    public RetrofitStatus? RetrofitZones { get; set; }
    public RetrofitStatus? RetrofitOxygen { get; set; }
    public RetrofitStatus? RetrofitVentilation { get; set; }
    public RetrofitStatus? RetrofitHeating { get; set; }
    public RetrofitStatus? RetrofitSewage { get; set; }
    public RetrofitStatus? RetrofitIcuEquipment { get; set; }
    public DateOnly? RetrofitCheckedOn { get; set; }
    public string? RetrofitNote { get; set; }

    /// <summary>
    /// An influenza-like illness sentinel hospital (流感样病例哨点医院; 001 §5.1.4; 004 §七(三)): only these report weekly ILI
    /// visits, and the week's ILI% of the jurisdiction is read over them.
    /// </summary>
    public bool IliSentinel { get; set; }

    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>The retrofit checklist of a hospital by item, as the norms read it: the items checked and their status.</summary>
public static class HospitalRetrofit
{
    public static RetrofitStatus? Get(Hospital h, RetrofitItem item) => item switch
    {
        RetrofitItem.ThreeZonesTwoPassages => h.RetrofitZones,
        RetrofitItem.Oxygen => h.RetrofitOxygen,
        RetrofitItem.Ventilation => h.RetrofitVentilation,
        RetrofitItem.Heating => h.RetrofitHeating,
        RetrofitItem.SewageAndWaste => h.RetrofitSewage,
        _ => h.RetrofitIcuEquipment,
    };

    public static void Set(Hospital h, RetrofitItem item, RetrofitStatus? status)
    {
        switch (item)
        {
            case RetrofitItem.ThreeZonesTwoPassages: h.RetrofitZones = status; break;
            case RetrofitItem.Oxygen: h.RetrofitOxygen = status; break;
            case RetrofitItem.Ventilation: h.RetrofitVentilation = status; break;
            case RetrofitItem.Heating: h.RetrofitHeating = status; break;
            case RetrofitItem.SewageAndWaste: h.RetrofitSewage = status; break;
            default: h.RetrofitIcuEquipment = status; break;
        }
    }

    public static IReadOnlyDictionary<RetrofitItem, RetrofitStatus> Checklist(Hospital h) =>
        Enum.GetValues<RetrofitItem>().Where(i => Get(h, i) is not null).ToDictionary(i => i, i => Get(h, i)!.Value);
}

/// <summary>
/// A nucleic-acid sampling site (001 §5.1.3(3) 各地要做好核酸采样场所和采样人员的准备; 003 二(四)2 选取采样场所…为全员检测提供保障): where it is
/// (the township or community of its county, and the address), its kind, in use or kept in reserve, its booths, sampling staff and the
/// people it samples in a day.
/// </summary>
public sealed class SamplingSite : IRegisterEntry
{
    public int Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Name { get; set; }

    /// <summary>The township (苏木乡镇、街道) or community (社区、嘎查村) of its county it lies in; null when not given.</summary>
    public string? PlaceCode { get; set; }

    public string? Address { get; set; }
    public SamplingSiteKind Kind { get; set; }
    public SiteStatus Status { get; set; }

    /// <summary>Sampling booths (采样台).</summary>
    public int Booths { get; set; }

    /// <summary>Sampling staff (采样人员).</summary>
    public int Staff { get; set; }

    /// <summary>The people it samples in a day (日采样能力).</summary>
    public int PerDay { get; set; }

    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A laboratory able to run nucleic-acid tests (001 §5.1.3(3); 000 §三(二)4 mobile laboratories).</summary>
public sealed class Laboratory : IRegisterEntry
{
    public int Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Name { get; set; }
    public LabOwner Owner { get; set; }

    /// <summary>The registered hospital it belongs to, if any: a hospital "具备核酸检测能力" when one of its labs tests.</summary>
    public int? HospitalId { get; set; }

    public int PcrPerDay { get; set; }
    public bool Mobile { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A centralised quarantine site (001 §5.1.3(5); 003 §二(四)4 "一用一备"): its rooms, their use, and its staff.</summary>
public sealed class QuarantineSite : IRegisterEntry
{
    public int Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Name { get; set; }
    public int Rooms { get; set; }
    public int RoomsForContacts { get; set; }
    public int RoomsForAsymptomatic { get; set; }
    public SiteStatus Status { get; set; }

    /// <summary>A hotel contracted in advance (提前签约具备隔离条件的宾馆、饭店).</summary>
    public bool ContractedHotel { get; set; }

    public int Staff { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>An emergency command drill (003 §二(一) 每 1—2 个月要组织开展一次应急指挥演练): scheduled, held, what it found.</summary>
public sealed class Drill : IRegisterEntry
{
    public int Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Title { get; set; }
    public DateOnly ScheduledOn { get; set; }
    public DateOnly? HeldOn { get; set; }
    public string? Findings { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// The sizing inputs a headquarters sets for its jurisdiction (the planned scale of an outbreak the norms are sized from,
/// 001 §5.1.3(5) "根据不同疫情规模"). One row per region; a region without a row has set nothing yet.
/// </summary>
public sealed class ReadinessSizing : IRegional
{
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public int? PlannedConfirmedCases { get; set; }

    /// <summary>The resident population (常住人口) a whole-population testing norm is sized from; null while not set.</summary>
    public int? Population { get; set; }

    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// The forecast's assumptions a headquarters set for its jurisdiction in place of the plan's (issue 15 §4; docs/readiness.md
/// "Forecast"). One row per region (the city's apply to its counties that set none of their own); a null value is not set: the
/// city's, or else the plan's, is used. Changed with the version read (409 when someone saved meanwhile), audited.
/// </summary>
public sealed class ForecastSetting : IRegional
{
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public int? WindowDays { get; set; }
    public double? LengthOfStayDays { get; set; }
    public double? IcuShare { get; set; }
    public double? IcuStayDays { get; set; }
    public double? ContactsPerCase { get; set; }
    public double? QuarantineDays { get; set; }
    public int? AdmissionDelayDays { get; set; }
    public bool? CountAsymptomatic { get; set; }
    public double? AsymptomaticDays { get; set; }
    public double? AsymptomaticHospitalShare { get; set; }

    /// <summary>
    /// The use per patient-day of reserve items the headquarters set in place of the plan's <c>reserveUse</c> (001 §5.1.3(4)), as JSON
    /// <c>{"FH-N95": 8}</c> by catalogue code; an item not in it (or null) is not set here. Kept on the row of the forecast's
    /// assumptions and saved under the same version: both are the region's planning figures.
    /// </summary>
    public string? ReserveUse { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// A response team (应急队伍, 001 §5.1.3(1); 000 §三(二) the city's mobile teams): its type, whether it is mobile (机动, may be sent to
/// another county), and its roster of the organisation's people. Registered at the city or in a county like every register.
/// </summary>
public sealed class Team : IRegisterEntry
{
    public int Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string Name { get; set; }
    public TeamType Type { get; set; }
    public bool Mobile { get; set; }
    public List<TeamMember> Members { get; set; } = [];
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>A person of the organisation on a team's roster (their phone is the person's: changed once, changed everywhere).</summary>
public sealed class TeamMember
{
    public long Id { get; set; }
    public int TeamId { get; set; }
    public int PersonId { get; set; }
    public People.Person? Person { get; set; }

    /// <summary>队长, 队员, … as the team names it.</summary>
    public string? Role { get; set; }

    /// <summary>On duty (在岗): may be sent now.</summary>
    public bool OnDuty { get; set; }
}

/// <summary>
/// A training or drill a team held (001 §5.1.3(1) "加强培训和演练"; 003 §二(四)5): the day, the kind, the subjects of the clause it
/// covered, how many took part. Registered where its team is (its region copied from the team), kept with versions and audit like
/// every register; removed with its team.
/// </summary>
public sealed class TeamTraining : IRegisterEntry
{
    public int Id { get; set; }
    public int TeamId { get; set; }

    /// <summary>Not in the audit entry's data (the team is named by <see cref="TeamId"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Team? Team { get; set; }

    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public DateOnly HeldOn { get; set; }
    public TrainingKind Kind { get; set; }
    public TrainingTopics Topics { get; set; }
    public int Participants { get; set; }
    public string? Note { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// One change of state of a plan's norm in a jurisdiction (issue 15 §3 "the history of each norm"): the first reading, and each
/// later reading that found it met, not met or not measurable where the last one did not. Written by the readiness watcher,
/// which reads every norm each day and after every change of a register; never changed afterwards. <see cref="Sequence"/>
/// counts the changes of one (region, norm) from 1: unique, so two instances recording the same change store it once.
/// </summary>
public sealed class NormChange : IRegional
{
    public long Id { get; set; }
    public required string RegionCode { get; set; }
    public required string RegionPath { get; set; }
    public required string NormId { get; set; }
    public required string Plan { get; set; }
    public int Sequence { get; set; }
    public NormStatus Status { get; set; }
    /// <summary>The state before; null on the first reading.</summary>
    public NormStatus? Previous { get; set; }
    public DateTimeOffset At { get; set; }
    public double? Value { get; set; }
    public double? Required { get; set; }
    /// <summary>The shortfall ("差 38 间") when not met, the reason when not measurable, in both languages.</summary>
    public string? DetailZh { get; set; }
    public string? DetailEn { get; set; }
}
