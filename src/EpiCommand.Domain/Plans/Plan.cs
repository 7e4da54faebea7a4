using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Domain.Plans;

/// <summary>An emergency plan (预案) loaded from <c>plans/&lt;id&gt;.yaml</c>; the format is docs/plans.md.</summary>
public sealed record Plan
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    public required string Seed { get; init; }
    public required string Jurisdiction { get; init; }
    public required RegionLevel IssuingLevel { get; init; }
    public string? Base { get; init; }
    public PlanParameters Parameters { get; init; } = new();
    public IReadOnlyDictionary<string, Condition> Conditions { get; init; } = new Dictionary<string, Condition>();
    public IReadOnlyList<GradeCriterion> Grading { get; init; } = [];
    public RiskRules? Risk { get; init; }
    public WarningRules? Warning { get; init; }
    public TerminationRule? Termination { get; init; }
    public LockdownRule? Lockdown { get; init; }
    public ShelterRule? ShelterHospitals { get; init; }

    /// <summary>What each response level asks of public places (001 §5.2.11(3), §5.3.3, §5.4.3); empty when the plan names none.</summary>
    public IReadOnlyList<PublicPlaceRule> PublicPlaces { get; init; } = [];
    public IReadOnlyList<ReportingClock> ReportingClocks { get; init; } = [];
    public IReadOnlyList<ResponseLevel> ResponseLevels { get; init; } = [];
    public IReadOnlyList<ReadinessNorm> Readiness { get; init; } = [];
    public IReadOnlyList<DrillRule> Drills { get; init; } = [];

    /// <summary>The assumptions of the readiness forecast (issue 15 §4), each with its clause or none when the plan gives no figure; empty when the plan has none.</summary>
    public IReadOnlyList<EpiCommand.Domain.Readiness.ForecastAssumption> Forecast { get; init; } = [];

    /// <summary>
    /// The use of each reserve item at full load, per patient-day (001 §5.1.3(4) "30天满负荷运转需要"), by catalogue code: planning
    /// assumptions the headquarters sets in its plan; empty when the plan names none.
    /// </summary>
    public IReadOnlyList<EpiCommand.Domain.Readiness.ReserveUse> ReserveUse { get; init; } = [];
    public IReadOnlyList<KeyPopulationProtocol> KeyPopulations { get; init; } = [];
    public Organisation Organisation { get; init; } = new();

    /// <summary>The support mechanism (seed 000): which working group answers each kind of county request; null when the plan has none.</summary>
    public EpiCommand.Domain.Support.SupportRules? Support { get; init; }

    /// <summary>The checklists inspections (督查检查) are made against (001 §5.1.9 "五有三严", §5.1.7 "五有"); empty when the plan names none.</summary>
    public IReadOnlyList<InspectionChecklist> Inspections { get; init; } = [];

    /// <summary>The measures in force at a response level: its own and, through <c>inherits</c>, those of the levels below (001 §5.3 "在Ⅳ级响应基础上").</summary>
    public IReadOnlyList<Measure> MeasuresInForce(string level) => LeveledMeasuresInForce(level).Select(m => m.Measure).ToList();

    /// <summary><see cref="MeasuresInForce"/>, each with the level that defines it, lowest level first.</summary>
    public IReadOnlyList<(string Level, Measure Measure)> LeveledMeasuresInForce(string level)
    {
        var result = new List<(string, Measure)>();
        var seen = new HashSet<string>();
        for (var current = ResponseLevels.FirstOrDefault(l => l.Level == level); current is not null && seen.Add(current.Level);
             current = current.Inherits is null ? null : ResponseLevels.FirstOrDefault(l => l.Level == current.Inherits))
        {
            result.InsertRange(0, current.Measures.Select(m => (current.Level, m)));
        }
        return result;
    }
}

public sealed record PlanParameters
{
    public int LongestIncubationDays { get; init; } = 14;
    public int ClusterMinCases { get; init; } = 5;
    public int ClusterWindowDays { get; init; } = 14;
    public int CommunityTransmissionMinCases { get; init; } = 2;
    public int CommunityTransmissionWindowDays { get; init; } = 14;
    public int ChainWindowDays { get; init; } = 14;
}

public sealed record GradeCriterion(Grade Grade, RegionLevel Scope, string Clause, string Name, string Criterion, Condition When, JudgmentKind? Requires);

public sealed record RiskRule(RiskLevel Level, string Clause, string Criterion, Condition When);

public sealed record RiskRules(RegionLevel Scope, JudgmentKind? Override, IReadOnlyList<RiskRule> Rules);

public sealed record WarningRule(Grade Level, string Clause, string Criterion, Condition When);

/// <param name="IssuerLevel">The administrative level of the issuer (001 §3.4.1); null for the nation, above every region on the platform.</param>
/// <param name="Recipients">The notice's 主送 line: addressees with <c>{region}</c> standing for the issuing jurisdiction's name (e.g.
/// "{region}新冠肺炎疫情防控指挥部各成员单位"); empty = the notice has no 主送 line.</param>
/// <param name="CopyTo">The notice's 抄报 line (the "同时报告…" of 001 §3.4.3), with <c>{region}</c> and <c>{parent}</c> (the jurisdiction above).</param>
public sealed record WarningLevel(Grade Level, string Name, string? Clause, string? Color, string Issuer, IReadOnlyList<string> Audiences, string? Text, RegionLevel? IssuerLevel = null)
{
    public IReadOnlyList<string> Recipients { get; init; } = [];
    public IReadOnlyList<string> CopyTo { get; init; } = [];
}

/// <summary>A rule the plan states in words only, with its clause (e.g. how long a warning lasts, 001 §3.4.4).</summary>
public sealed record ClauseText(string Clause, string Text);

/// <summary>When an issued warning ends unless its draft sets another end.</summary>
public enum WarningEnd
{
    /// <summary>At the end of the year in which the epidemic was graded (001 §3.4.4 预警时间持续至疫情发生当年年底).</summary>
    YearEnd,
}

/// <summary>How long a warning lasts: the rule in words with its clause, and the end it sets (<see cref="Until"/>; null: only in words).</summary>
public sealed record WarningDuration(string Clause, string Text, WarningEnd? Until);

public sealed record WarningRules(
    string Clause,
    IReadOnlyDictionary<Grade, Grade> FromGrade,
    IReadOnlyList<WarningRule> Otherwise,
    int? IssueWithinHours,
    IReadOnlyList<WarningLevel> Levels,
    IReadOnlyList<string> ContentFields,
    IReadOnlyList<string> Channels,
    WarningDuration? Duration,
    ClauseText? Repeat);

/// <summary>Lockdowns of epidemic areas (封锁疫区): allowed under a response of <see cref="MinimumLevel"/> or above (001 §5.3.2).</summary>
public sealed record LockdownRule(string MinimumLevel, string Clause);

/// <summary>
/// Fangcang shelter hospitals (方舱医院): a registered site may be made ready under a response of <see cref="PrepareLevel"/> or
/// above (001 §5.4.4 做好启用方舱医院准备) and opened to patients under <see cref="ActivateLevel"/> or above (004 §九(四)3).
/// </summary>
public sealed record ShelterRule(string PrepareLevel, string PrepareClause, string ActivateLevel, string ActivateClause);

/// <summary>
/// Public places under a response of <see cref="Level"/> (and the levels above it that name none): the kinds
/// (<see cref="Response.PlaceRules.Kinds"/>, or <c>*</c> for every kind) to be closed, and those open only with limits
/// (disinfection, ventilation, people kept apart); the rest stay open.
/// </summary>
public sealed record PublicPlaceRule(string Level, string Clause, IReadOnlyList<string> Closed, IReadOnlyList<string> Limited);

public enum LastCaseDay { Reported, IsolatedElseReported }

public sealed record TerminationRule(
    string Clause,
    string Criterion,
    IReadOnlyList<Classification> Classifications,
    bool LocalOnly,
    LastCaseDay Day,
    int DaysAfter,
    JudgmentKind? Requires);

/// <summary>A reporting deadline; <see cref="DueHours"/> is null where the plan says "immediately" (立即/及时) without hours.</summary>
public sealed record ReportingClock(string Id, string Clause, string Name, string StartsOn, double? DueHours, IReadOnlyList<string> Responsible, IReadOnlyList<string> EscalateTo, string? Text, string? CompletionEvent = null);

public sealed record Measure(string Id, string Clause, string Title, string Text, IReadOnlyList<string> Responsible, double? DeadlineHours);

public sealed record ResponseLevel(string Level, string Name, string Clause, Grade? Trigger, RegionLevel? RespondingLevel, string? Inherits, IReadOnlyList<Measure> Measures);

public sealed record ReadinessNorm(string Id, string Clause, string Title, string? Text, string? Scope, string? Metric, IReadOnlyDictionary<string, string> Norm, IReadOnlyList<string> Responsible);

public sealed record DrillRule(string Id, string Clause, string? Scope, int? MinMonths, int? MaxMonths, string? Text);

/// <summary>
/// A key-population protocol (003 §二(三); 001 §5.1.8(4)): observation from arrival, the tests to take ("1+1", "2+1"),
/// and, for returnees, the exemption a recent negative test gives and the hours within which an unexempted person is tested.
/// </summary>
public sealed record KeyPopulationProtocol(string Id, string Clause, string Name, string? ObservationKind, int? ObservationDays, string? ObservationFrom,
    IReadOnlyList<(string Kind, int Count)> Tests, bool ClosedLoop, string? Text, int? ExemptIfNegativeWithinDays = null, int? TestWithinHours = null);

public sealed record Organisation
{
    public Headquarters? Headquarters { get; init; }
    public IReadOnlyList<OrgUnit> Units { get; init; } = [];
    public IReadOnlyList<WorkingGroup> WorkingGroups { get; init; } = [];
    public IReadOnlyList<ExpertGroup> ExpertGroups { get; init; } = [];
    public IReadOnlyList<Liaison> Liaison { get; init; } = [];
}

public sealed record Headquarters(string Name, string? Clause, string? Commander, IReadOnlyList<string> DeputyCommanders, string? OfficeName, string? OfficeLocatedAt);

public sealed record OrgUnit(string Name, string? Clause, IReadOnlyList<string> Duties);

public sealed record WorkingGroup(string Name, string? Clause, string? Lead, IReadOnlyList<string> Members, IReadOnlyList<string> Duties);

public sealed record ExpertGroup(string Name, string? Clause, IReadOnlyList<string> Duties);

public sealed record Liaison(string Role, string? Clause, string? Text);

/// <summary>A checklist of an inspection (督查检查, 001 §5.1.9): its items in the plan's words, each with its clause.</summary>
public sealed record InspectionChecklist(string Id, string Name, string Clause, IReadOnlyList<ChecklistItem> Items);

/// <summary>
/// A checklist item; <paramref name="Register"/>: which entry of a unit's "五有" register (001 §5.1.7, §5.1.9) its result records, when an
/// inspection names the register's unit (one of <see cref="RegisterItems"/>).
/// </summary>
public sealed record ChecklistItem(string Id, string Clause, string Text, string? Register = null)
{
    /// <summary>The five haves and the three stricts of the units' register, as a checklist item names them.</summary>
    public static readonly IReadOnlyList<string> RegisterItems =
        ["guide", "system", "materials", "medicalSupport", "isolationTransfer", "feverClinic", "investigation", "infectionControl"];

    /// <summary>The three stricts (§5.1.9), a medical institution's only.</summary>
    public static readonly IReadOnlyList<string> StrictItems = ["feverClinic", "investigation", "infectionControl"];
}
