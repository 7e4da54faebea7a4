using System.Globalization;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Domain.Tests.Support;

/// <summary>
/// The region codes of the test tree:
/// 内蒙古 150000 → 通辽市 150500 → 科尔沁区 150502 (neighbours 150521, 150523), 科左中旗 150521, 开鲁县 150523
/// (150521 and 150523 are not neighbours of each other); 赤峰市 150400 → 红山区 150402 (no neighbours).
/// Every county has one township and below it one or two communities.
/// </summary>
internal static class Codes
{
    public const string Province = "150000";
    public const string Tongliao = "150500";
    public const string Horqin = "150502";
    public const string HorqinTownship = "150502001";
    public const string CommunityA = "150502001001";
    public const string CommunityB = "150502001002";
    public const string ZuoZhong = "150521";
    public const string ZuoZhongTownship = "150521100";
    public const string ZuoZhongCommunity = "150521100400";
    public const string Kailu = "150523";
    public const string KailuTownship = "150523100";
    public const string KailuCommunity = "150523100001";
    public const string Chifeng = "150400";
    public const string Hongshan = "150402";
    public const string HongshanTownship = "150402001";
    public const string HongshanCommunity = "150402001001";
}

/// <summary>
/// Builds a <see cref="Scenario"/> in C#. Days are written "2020-11-10" (10:00 China Standard Time that day)
/// or "2020-11-10T21:40" (that time, CST). Case ids are C1, C2, … unless given.
/// </summary>
internal sealed class ScenarioBuilder
{
    private static readonly TimeSpan Cst = TimeSpan.FromHours(8);

    private readonly List<ScenarioRegion> _regions =
    [
        new(Codes.Province, "内蒙古自治区", RegionLevel.Province, null, []),
        new(Codes.Tongliao, "通辽市", RegionLevel.City, Codes.Province, []),
        new(Codes.Horqin, "科尔沁区", RegionLevel.County, Codes.Tongliao, [Codes.ZuoZhong, Codes.Kailu]),
        new(Codes.HorqinTownship, "科尔沁街道", RegionLevel.Township, Codes.Horqin, []),
        new(Codes.CommunityA, "铁区社区居委会", RegionLevel.Community, Codes.HorqinTownship, []),
        new(Codes.CommunityB, "露天社区居委会", RegionLevel.Community, Codes.HorqinTownship, []),
        new(Codes.ZuoZhong, "科尔沁左翼中旗", RegionLevel.County, Codes.Tongliao, [Codes.Horqin]),
        new(Codes.ZuoZhongTownship, "保康镇", RegionLevel.Township, Codes.ZuoZhong, []),
        new(Codes.ZuoZhongCommunity, "保康工业园区社区", RegionLevel.Community, Codes.ZuoZhongTownship, []),
        new(Codes.Kailu, "开鲁县", RegionLevel.County, Codes.Tongliao, [Codes.Horqin]),
        new(Codes.KailuTownship, "开鲁镇", RegionLevel.Township, Codes.Kailu, []),
        new(Codes.KailuCommunity, "东风社区", RegionLevel.Community, Codes.KailuTownship, []),
        new(Codes.Chifeng, "赤峰市", RegionLevel.City, Codes.Province, []),
        new(Codes.Hongshan, "红山区", RegionLevel.County, Codes.Chifeng, []),
        new(Codes.HongshanTownship, "红庙子镇", RegionLevel.Township, Codes.Hongshan, []),
        new(Codes.HongshanCommunity, "红庙子社区", RegionLevel.Community, Codes.HongshanTownship, []),
    ];

    private readonly List<ScenarioSetting> _settings = [];
    private readonly List<ScenarioCase> _cases = [];
    private readonly List<ScenarioDetection> _detections = [];
    private readonly List<Judgment> _judgments = [];

    /// <summary>A CST instant: "2020-11-10" is 10:00 that day, "2020-11-10T21:40" is that time.</summary>
    public static DateTimeOffset At(string cst)
    {
        var local = cst.Length == 10
            ? DateTime.ParseExact(cst, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddHours(10)
            : DateTime.ParseExact(cst, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        return new DateTimeOffset(local, Cst);
    }

    public static DateOnly Day(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public ScenarioBuilder Setting(string id, string region)
    {
        _settings.Add(new ScenarioSetting(id, id, "school", region));
        return this;
    }

    public ScenarioBuilder Case(
        string region,
        string reported,
        Classification classification = Classification.Confirmed,
        InfectionSource source = InfectionSource.Linked,
        string? setting = null,
        string[]? linkedTo = null,
        string? id = null,
        string? isolated = null) =>
        CaseAt(region, At(reported), classification, source, setting, linkedTo, id, isolated);

    public ScenarioBuilder CaseAt(
        string region,
        DateTimeOffset reportedAt,
        Classification classification = Classification.Confirmed,
        InfectionSource source = InfectionSource.Linked,
        string? setting = null,
        string[]? linkedTo = null,
        string? id = null,
        string? isolated = null)
    {
        _cases.Add(new ScenarioCase(
            id ?? $"C{_cases.Count + 1}",
            classification,
            region,
            reportedAt,
            isolated is null ? null : At(isolated),
            source,
            setting is null ? [] : setting.Split(','),
            linkedTo ?? []));
        return this;
    }

    /// <summary>Several cases with the same day and place.</summary>
    public ScenarioBuilder Cases(int count, string region, string reported, Classification classification = Classification.Confirmed,
        InfectionSource source = InfectionSource.Linked, string? setting = null)
    {
        for (var i = 0; i < count; i++) Case(region, reported, classification, source, setting);
        return this;
    }

    /// <summary>One case in the setting on each of the given days.</summary>
    public ScenarioBuilder SettingCases(string setting, string region, params string[] days)
    {
        foreach (var day in days) Case(region, day, setting: setting);
        return this;
    }

    public ScenarioBuilder Detection(string region, string detected, DetectionKind kind = DetectionKind.Environment)
    {
        _detections.Add(new ScenarioDetection($"E{_detections.Count + 1}", kind, region, At(detected)));
        return this;
    }

    public ScenarioBuilder Judgment(JudgmentKind kind, string region, string from, bool inForce = true)
    {
        _judgments.Add(new Judgment(kind, region, Day(from), inForce));
        return this;
    }

    public ScenarioBuilder OtherCircumstance(string region, string from, Grade grade)
    {
        _judgments.Add(new Judgment(JudgmentKind.OtherCircumstance, region, Day(from), InForce: true, Grade: grade));
        return this;
    }

    public ScenarioBuilder RiskOverride(string region, string from, RiskLevel risk)
    {
        _judgments.Add(new Judgment(JudgmentKind.RiskOverride, region, Day(from), InForce: true, Risk: risk));
        return this;
    }

    public Scenario Build() => new([.. _regions], [.. _settings], [.. _cases], [.. _detections], [.. _judgments]);
}
