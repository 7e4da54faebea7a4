namespace EpiCommand.Domain.Readiness;

/// <summary>医院等级: 一级/二级/三级 (the grading of the national hospital accreditation).</summary>
public enum HospitalLevel { Level1 = 1, Level2 = 2, Level3 = 3 }

/// <summary>General hospital (综合医院), infectious-disease hospital (传染病专科医院), or another specialist hospital.</summary>
public enum HospitalKind { General, InfectiousDisease, Other }

/// <summary>Whether a hospital is a designated treatment hospital (定点救治医院) or a backup one (后备定点医院), 001 §5.1.3(2).</summary>
public enum Designation { None, Designated, Backup }

/// <summary>Who runs a laboratory, in the categories of 001 §5.1.3(3).</summary>
public enum LabOwner { TertiaryHospital, InfectiousDiseaseHospital, CountyCdc, CountyHospital, Other }

/// <summary>A quarantine site in use or kept in reserve ("一用一备", 003 §二(四)4; 备用场所, 001 §5.1.3(5)).</summary>
public enum SiteStatus { InUse, Reserve }

/// <summary>
/// The facilities 001 §5.1.3(2) names for the retrofit of designated and backup hospitals: "重点加强“三区两通道”、供氧、通风、供暖、
/// 污水污物处理等设施改造…要做好与重症床位相匹配的相关医疗救治设备配备", in the clause's order.
/// </summary>
public enum RetrofitItem { ThreeZonesTwoPassages, Oxygen, Ventilation, Heating, SewageAndWaste, IcuEquipment }

/// <summary>Where one retrofit item of a hospital stands: 达标, 改造中, 未达标 (not checked yet is no status at all).</summary>
public enum RetrofitStatus { Compliant, InProgress, NotCompliant }

/// <param name="CityLevel">Registered at the city itself rather than in a county (盟市级).</param>
/// <param name="Retrofit">The retrofit checklist (001 §5.1.3(2)): each item checked and its status; an item missing is not checked yet. Null: none recorded.</param>
public sealed record HospitalCapacity(long Id, string Name, bool CityLevel, HospitalLevel Level, HospitalKind Kind, bool FeverClinic, Designation Designation,
    int Beds, int DesignatedBeds, int IcuBeds, int Doctors, int Nurses, IReadOnlyDictionary<RetrofitItem, RetrofitStatus>? Retrofit = null);

/// <summary>The kind of a nucleic-acid sampling site (001 §5.1.3(3) "核酸采样场所…充分调动社会检测机构积极性").</summary>
public enum SamplingSiteKind { Fixed, Hospital, SocialInstitution, Mobile }

/// <summary>
/// A nucleic-acid sampling site of the register: its kind, whether in use or kept in reserve, its booths, sampling staff and the
/// people it samples in a day.
/// </summary>
public sealed record SamplingCapacity(long Id, bool CityLevel, SamplingSiteKind Kind, SiteStatus Status, int Booths, int Staff, int PerDay);

/// <param name="HospitalId">The hospital the laboratory belongs to, if it belongs to one.</param>
public sealed record LabCapacity(long Id, string Name, bool CityLevel, LabOwner Owner, long? HospitalId, int PcrPerDay, bool Mobile);

public sealed record QuarantineCapacity(long Id, string Name, bool CityLevel, int Rooms, int RoomsForContacts, int RoomsForAsymptomatic, SiteStatus Status,
    bool ContractedHotel, int Staff);

public sealed record DrillRecord(long Id, DateOnly ScheduledOn, DateOnly? HeldOn);

/// <summary>
/// The kinds of response team 001 §5.1.3(1) names: "分级分类组建疫情研判、流行病学调查、实验室检测、消毒杀虫、医疗救治、社区防控、康复和心理疏导等方面队伍"
/// (seven; 000 §三(二)1 names four of them for the city's 综合医疗卫生救援队伍, its 心理干预 being the last).
/// </summary>
public enum TeamType { SituationAssessment, Epidemiology, LaboratoryTesting, Disinfection, MedicalTreatment, CommunityControl, RehabilitationAndPsychology }

/// <param name="Mobile">A mobile (机动) team, ready to be sent elsewhere (000 §三(二)3, 4).</param>
/// <param name="Members">The people on its roster.</param>
public sealed record TeamCapacity(long Id, string Name, bool CityLevel, TeamType Type, bool Mobile, int Members);

/// <summary>Whether a team's session was a training (培训) or a drill (演练), 001 §5.1.3(1) "加强培训和演练".</summary>
public enum TrainingKind { Training, Drill }

/// <summary>
/// The subjects 001 §5.1.3(1) lists for training: 病例发现与报告、流行病学调查追踪、标本采集、实验室检测、预检分诊、医疗救治、院感管理、
/// 密切接触者管理、个人防护 (003 §二(四)5 the same), in the clause's order.
/// </summary>
[Flags]
public enum TrainingTopics
{
    None = 0,
    CaseFinding = 1,
    ContactTracing = 2,
    Sampling = 4,
    LabTesting = 8,
    Triage = 16,
    Treatment = 32,
    InfectionControl = 64,
    ContactManagement = 128,
    PersonalProtection = 256,
}

/// <summary>A training or drill a team held on a day (the team register's training records).</summary>
public sealed record TrainingRecord(long TeamId, DateOnly HeldOn, TrainingKind Kind);

/// <summary>
/// The sizing inputs a headquarters sets for its jurisdiction, which the plan's ratio norms are sized from
/// (001 §5.1.3(5) "根据不同疫情规模，按照确诊病例1:100的比例"). Null: not set yet.
/// </summary>
/// <param name="Population">The resident population (常住人口) the headquarters sets, which a 全员核酸 (whole-population testing) norm is sized from.</param>
public sealed record Sizing(int? PlannedConfirmedCases, int? Population = null);

/// <summary>A unit of the "五有" register (001 §5.1.7): whether it has all five, and for a medical institution the "三严" too (§5.1.9).</summary>
public sealed record UnitRecord(long Id, bool Medical, bool FiveHaves, bool ThreeStricts);

/// <summary>
/// The registered capacity of one jurisdiction (a county, or the whole city), the day it is read on and the sizing its
/// headquarters set: everything a norm is measured over. <c>MedicalSupplyCategoriesInStock</c>: the medical categories of the
/// reserve catalogue (防护用品, 药品, 恢复期血浆, 试剂, 消杀用品, 设备) with stock on hand in the jurisdiction's depots; null when not read. <c>Teams</c>: the team register (001 §5.1.3(1)); null when not read. <c>Units</c>: the units' "五有" register (001 §5.1.7, §5.1.9); null when not read. <c>Trainings</c>: the teams' training and drill records; null when not read. <c>SamplingSites</c>: the nucleic-acid sampling sites (001 §5.1.3(3)); null when not read. <c>Reserves</c>: the reserve items the plan gives a full-load use (<see cref="ReserveUse"/>) that are in the catalogue, each with its stock on hand in the jurisdiction's depots; null when not read.
/// </summary>
public sealed record CapacityRegisters(
    DateOnly Today,
    IReadOnlyList<HospitalCapacity> Hospitals,
    IReadOnlyList<LabCapacity> Labs,
    IReadOnlyList<QuarantineCapacity> QuarantineSites,
    IReadOnlyList<DrillRecord> Drills,
    Sizing Sizing,
    IReadOnlyList<string>? MedicalSupplyCategoriesInStock = null,
    IReadOnlyList<TeamCapacity>? Teams = null,
    IReadOnlyList<UnitRecord>? Units = null,
    IReadOnlyList<TrainingRecord>? Trainings = null,
    IReadOnlyList<SamplingCapacity>? SamplingSites = null,
    IReadOnlyList<ReserveStock>? Reserves = null);
