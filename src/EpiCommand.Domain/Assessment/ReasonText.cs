using System.Collections;
using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Domain.Assessment;

/// <summary>A judgment in force, as a reason's fact: its region, first day and (for graded kinds) its value.</summary>
public sealed record JudgmentFact(
    string Region,
    string From,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value = null)
{
    public static JudgmentFact Of(Judgment judgment, string? value = null) =>
        new(judgment.Region, judgment.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), value);
}

/// <summary>A text in Chinese and English.</summary>
public readonly record struct Label(string Zh, string En)
{
    public string In(bool chinese) => chinese ? Zh : En;
}

/// <summary>What a fact's value is, so that it can be shown by name.</summary>
public enum FactValue { Number, CaseIds, DetectionIds, Regions, Settings, Grade, Day, Judgment, Boolean }

/// <summary>
/// The one catalogue of the words behind an assessment's reasons (issue 11 "readable reasons"): a Chinese and an English
/// label for every fact key the engine writes, for every expert judgment and for every reason status. Pages, the
/// command line and exports show reasons only through it; <c>ReasonTextTests</c> fails when a key has no label.
/// </summary>
public static partial class FactLabels
{
    private static readonly Dictionary<string, (Label Label, FactValue Value)> Fixed = new(StringComparer.Ordinal)
    {
        ["caseIds"] = (new("病例", "cases"), FactValue.CaseIds),
        ["detectionIds"] = (new("核酸检出", "detections"), FactValue.DetectionIds),
        ["clusterSettingIds"] = (new("聚集性疫情场所", "cluster settings"), FactValue.Settings),
        ["communitiesWithTransmission"] = (new("发生社区传播的社区（嘎查村）数", "communities with community transmission"), FactValue.Number),
        ["transmissionCommunities"] = (new("发生社区传播的社区（嘎查村）", "communities with transmission"), FactValue.Regions),
        ["unknownSourceCaseIds"] = (new("感染来源不明的病例", "cases of unknown source"), FactValue.CaseIds),
        ["chainCounties"] = (new("关联疫情波及的旗县（市、区）数", "counties one linked outbreak spans"), FactValue.Number),
        ["chainCountyCodes"] = (new("关联疫情波及的旗县（市、区）", "counties of the linked outbreak"), FactValue.Regions),
        ["chainCaseIds"] = (new("关联疫情的病例", "cases of the linked outbreak"), FactValue.CaseIds),
        ["neighborsAffected"] = (new("有疫情的毗邻地区数", "number of affected neighbours"), FactValue.Number),
        ["affectedNeighbors"] = (new("有疫情的毗邻地区", "affected neighbours"), FactValue.Regions),
        ["childRegion"] = (new("下级地区", "region below"), FactValue.Regions),
        ["childGrade"] = (new("下级地区疫情分级", "grade of the region below"), FactValue.Grade),
        ["childPendingGrade"] = (new("下级地区待研判分级", "pending grade of the region below"), FactValue.Grade),
        ["grade"] = (new("疫情分级", "epidemic grade"), FactValue.Grade),
        ["lastCaseDate"] = (new("末例病例日期", "last case day"), FactValue.Day),
        ["daysAfter"] = (new("末例后所需天数", "days required after the last case"), FactValue.Number),
        ["terminationEligibleFrom"] = (new("可终止响应日期", "response may end from"), FactValue.Day),
        ["eligible"] = (new("可终止响应", "response may end"), FactValue.Boolean),
    };

    private static readonly Dictionary<string, Label> Classes = new(StringComparer.Ordinal)
    {
        [""] = new("病例（含无症状感染者）", "cases (incl. asymptomatic)"),
        ["confirmed"] = new("确诊病例", "confirmed cases"),
        ["asymptomatic"] = new("无症状感染者", "asymptomatic cases"),
        ["suspected"] = new("疑似病例", "suspected cases"),
    };

    private static readonly Dictionary<string, Label> DetectionKinds = new(StringComparer.Ordinal)
    {
        [""] = new("食品或环境核酸检出", "food or environment detections"),
        ["food"] = new("食品核酸检出", "food detections"),
        ["environment"] = new("环境核酸检出", "environment detections"),
    };

    private static readonly Dictionary<string, Label> Levels = new(StringComparer.Ordinal)
    {
        ["provinces"] = new("省（自治区）", "provinces"),
        ["cities"] = new("盟市", "cities"),
        ["counties"] = new("旗县（市、区）", "counties"),
        ["townships"] = new("苏木乡镇（街道）", "townships"),
        ["communities"] = new("社区（嘎查村）", "communities"),
    };

    /// <summary>The expert judgments in words: what the experts are asked (requirements: "Expert judgments").</summary>
    private static readonly Dictionary<JudgmentKind, Label> Judgments = new()
    {
        [JudgmentKind.SpreadTrend] = new("是否有进一步扩散趋势", "whether there is a trend of further spread"),
        [JudgmentKind.RiskOverride] = new("专家组认定的风险等级", "the risk level the experts set"),
        [JudgmentKind.ImportRiskLow] = new("疫情输入风险是否已降低", "whether the risk of imported cases has fallen"),
        [JudgmentKind.ExternalSevere] = new("国内其他省市疫情是否较重", "whether other provinces are severely affected"),
        [JudgmentKind.OtherCircumstance] = new("专家组认定的其他情形（分级）", "other circumstances the experts set (a grade)"),
    };

    [GeneratedRegex("^(?<local>local)?(?<class>[cC]onfirmed|[aA]symptomatic|[sS]uspected)?(?:Cases|cases)(?:In(?<days>[0-9]+)Days|Total)$")]
    private static partial Regex CasesKey();

    [GeneratedRegex("^(?<kind>food|environment)?(?:Detections|detections)(?:In(?<days>[0-9]+)Days|Total)$")]
    private static partial Regex DetectionsKey();

    [GeneratedRegex("^clustersIn(?<days>[0-9]+)Days$")]
    private static partial Regex ClustersKey();

    [GeneratedRegex("^(?<level>provinces|cities|counties|townships|communities)Matching$")]
    private static partial Regex MatchingCountKey();

    [GeneratedRegex("^matching(?<level>Provinces|Cities|Counties|Townships|Communities)$")]
    private static partial Regex MatchingListKey();

    [GeneratedRegex("^(?<kind>[a-zA-Z]+)Judgment$")]
    private static partial Regex JudgmentKey();

    /// <summary>The label of a fact key and the kind of its value; false for a key the catalogue does not know.</summary>
    public static bool TryGet(string key, out Label label, out FactValue value)
    {
        if (Fixed.TryGetValue(key, out var known))
        {
            (label, value) = known;
            return true;
        }
        value = FactValue.Number;
        if (CasesKey().Match(key) is { Success: true } cases)
        {
            var noun = Classes[cases.Groups["class"].Value.ToLowerInvariant()];
            var local = cases.Groups["local"].Success;
            label = Windowed(cases.Groups["days"], new((local ? "本土" : "") + noun.Zh, (local ? "local " : "") + noun.En));
            return true;
        }
        if (DetectionsKey().Match(key) is { Success: true } detections)
        {
            label = Windowed(detections.Groups["days"], DetectionKinds[detections.Groups["kind"].Value]);
            return true;
        }
        if (ClustersKey().Match(key) is { Success: true } clusters)
        {
            var days = clusters.Groups["days"].Value;
            label = new($"{days}天内发生的聚集性疫情数", $"clusters occurring within {days} days");
            return true;
        }
        if (MatchingCountKey().Match(key) is { Success: true } count)
        {
            var level = Levels[count.Groups["level"].Value];
            label = new($"符合条件的{level.Zh}数", $"{level.En} meeting the criterion");
            return true;
        }
        if (MatchingListKey().Match(key) is { Success: true } list)
        {
            var level = Levels[list.Groups["level"].Value.ToLowerInvariant()];
            label = new($"符合条件的{level.Zh}", $"{level.En} meeting it");
            value = FactValue.Regions;
            return true;
        }
        if (JudgmentKey().Match(key) is { Success: true } judgment && EnumNames.TryParse<JudgmentKind>(judgment.Groups["kind"].Value, out var kind))
        {
            var asked = Judgments[kind];
            label = new($"专家研判（{asked.Zh}）", $"expert judgment ({asked.En})");
            value = FactValue.Judgment;
            return true;
        }
        label = default;
        return false;
    }

    private static Label Windowed(Group days, Label noun) => days.Success
        ? new($"{days.Value}天内{noun.Zh}数", $"{noun.En} within {days.Value} days")
        : new($"累计{noun.Zh}数", $"{noun.En} in all");

    /// <summary>An expert judgment in words, by its kind or its scenario name (<c>spreadTrend</c>).</summary>
    public static Label Judgment(JudgmentKind kind) => Judgments[kind];

    public static Label? Judgment(string? name) => EnumNames.TryParse<JudgmentKind>(name, out var kind) ? Judgments[kind] : null;

    /// <summary>The region codes the facts name (to look their names up before showing them).</summary>
    public static IEnumerable<string> RegionCodes(IReadOnlyDictionary<string, object?> facts) => Values(facts, FactValue.Regions)
        .Concat(facts.Values.OfType<JudgmentFact>().Select(j => j.Region));

    /// <summary>The setting ids the facts name.</summary>
    public static IEnumerable<string> SettingIds(IReadOnlyDictionary<string, object?> facts) => Values(facts, FactValue.Settings);

    private static IEnumerable<string> Values(IReadOnlyDictionary<string, object?> facts, FactValue kind)
    {
        foreach (var (key, value) in facts)
        {
            if (!TryGet(key, out _, out var k) || k != kind) continue;
            if (value is string one) yield return one;
            else if (value is IEnumerable many) foreach (var item in many) if (item?.ToString() is { } s) yield return s;
        }
    }
}

/// <summary>One fact of a reason in words: its label and its value, names instead of codes.</summary>
public sealed record FactLine(string Key, string Label, string Value);

/// <summary>
/// Shows reasons in one language: fact labels from <see cref="FactLabels"/>, regions and settings by name (the lookups
/// return null for an unknown code, which is then shown as it is), judgments in words, booleans as 是/否.
/// </summary>
public sealed class ReasonText(bool chinese, Func<string, string?> regionName, Func<string, string?> settingName)
{
    private string Separator => chinese ? "、" : ", ";

    /// <summary>The status of a reason (met, pending, notYet) in words, with the missing judgment or the day.</summary>
    public string Status(string status, string? missingJudgment, IReadOnlyDictionary<string, object?> facts) => status switch
    {
        "met" => chinese ? "成立" : "met",
        "notYet" => facts.TryGetValue("terminationEligibleFrom", out var day) && day is not null
            ? chinese ? $"未到期（{day}起）" : $"not yet (from {day})"
            : chinese ? "未到期" : "not yet",
        "pending" => Missing(missingJudgment),
        _ => status,
    };

    public string Status(ReasonStatus status, string? missingJudgment, IReadOnlyDictionary<string, object?> facts) =>
        Status(EnumNames.Of(status), missingJudgment, facts);

    /// <summary>"待专家研判：是否有进一步扩散趋势" — which judgment is missing, in words.</summary>
    public string Missing(string? missingJudgment)
    {
        if (FactLabels.Judgment(missingJudgment) is { } asked) return chinese ? $"待专家研判：{asked.Zh}" : $"awaiting expert judgment: {asked.En}";
        return chinese ? "待专家研判" : "awaiting expert judgment";
    }

    public IReadOnlyList<FactLine> Facts(IReadOnlyDictionary<string, object?> facts) =>
        facts.Select(f => FactLabels.TryGet(f.Key, out var label, out var kind)
            ? new FactLine(f.Key, label.In(chinese), Value(f.Value, kind))
            : new FactLine(f.Key, f.Key, Value(f.Value, FactValue.Number))).ToList();

    /// <summary>All facts on one line: "14天内病例数：3；病例：C1、C2、C3".</summary>
    public string FactsLine(IReadOnlyDictionary<string, object?> facts) =>
        string.Join(chinese ? "；" : "; ", Facts(facts).Select(f => chinese ? $"{f.Label}：{f.Value}" : $"{f.Label}: {f.Value}"));

    private string Value(object? value, FactValue kind) => value switch
    {
        null => "—",
        bool b => chinese ? (b ? "是" : "否") : (b ? "yes" : "no"),
        JudgmentFact j => Judgment(j),
        string s => One(s, kind),
        IEnumerable list => string.Join(Separator, list.Cast<object?>().Select(item => Value(item, kind))),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private string One(string text, FactValue kind) => kind switch
    {
        FactValue.Regions => regionName(text) ?? text,
        FactValue.Settings => settingName(text) ?? text,
        FactValue.Grade when Grades.ByName.TryGetValue(text, out var grade) => chinese ? grade.ToChinese() : $"grade {text}",
        _ => text,
    };

    private string Judgment(JudgmentFact j)
    {
        var region = regionName(j.Region) ?? j.Region;
        var value = j.Value is null ? null
            : Grades.ByName.TryGetValue(j.Value, out var grade) ? (chinese ? grade.ToChinese() : $"grade {j.Value}")
            : Grades.RiskByName.TryGetValue(j.Value, out var risk) ? (chinese ? risk.ToChinese() : $"{j.Value} risk")
            : j.Value;
        return chinese
            ? $"{region}，{j.From}起{(value is null ? "" : $"：{value}")}"
            : $"{region}, from {j.From}{(value is null ? "" : $": {value}")}";
    }
}
