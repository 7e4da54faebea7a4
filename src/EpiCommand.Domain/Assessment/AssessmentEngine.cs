using System.Globalization;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;

namespace EpiCommand.Domain.Assessment;

/// <summary>
/// Executes a plan against the facts of a scenario for one day: for every region its epidemic grade, pending
/// grade, risk level, warning level and termination dates, each with the clause and facts behind it.
/// Pure: no clock, no I/O. The meanings are those of requirements.md ("Assessment semantics").
/// </summary>
public static class AssessmentEngine
{
    /// <summary>Clause cited when a parent takes the grade of a child (requirements: "Grades"; 001 §1.5).</summary>
    private const string AggregationClause = "1.5";

    public static AssessmentResult Assess(Plan plan, Scenario scenario, DateOnly asOf) => Assess(plan, Index(plan, scenario), asOf);

    public static FactIndex Index(Plan plan, Scenario scenario) =>
        new(scenario, plan.Parameters.ClusterMinCases, plan.Parameters.ClusterWindowDays);

    public static AssessmentResult Assess(Plan plan, FactIndex index, DateOnly asOf)
    {
        var facts = new AsOfFacts(index, plan.Parameters, asOf);
        var evaluator = new ConditionEvaluator(facts, plan);
        var n = index.RegionCount;
        var grade = new Grade?[n];
        var pendingRaw = new Grade?[n];
        var reasons = new List<Reason>[n];
        for (var r = 0; r < n; r++) reasons[r] = [];

        // Deepest first, so that children are graded before their parents.
        foreach (var r in Enumerable.Range(0, n).Where(r => index.Level[r].IsAssessed()).OrderByDescending(r => index.Depth[r]))
        {
            GradeRegion(plan, facts, evaluator, r, grade, pendingRaw, reasons[r]);
        }

        var lastCase = LastCaseDays(plan, index, facts);
        var results = new RegionAssessment[n];
        for (var r = 0; r < n; r++)
        {
            var region = index.Scenario.Regions[r];
            if (!region.Level.IsAssessed())
            {
                // Township and community rows carry nulls (requirements: "Grades").
                results[r] = new RegionAssessment(region.Code, region.Name, region.Level, null, null, null, null, null, null, []);
                continue;
            }
            var pending = pendingRaw[r] is { } p && (grade[r] is null || p > grade[r]) ? pendingRaw[r] : null;
            if (pending is null) reasons[r].RemoveAll(x => x.Topic == ReasonTopic.PendingGrade);
            var risk = Risk(plan, facts, evaluator, r, reasons[r]);
            var warning = Warning(plan, evaluator, r, grade[r], reasons[r]);
            var (last, eligible) = Termination(plan, facts, r, lastCase[r], reasons[r]);
            results[r] = new RegionAssessment(region.Code, region.Name, region.Level, grade[r], pending, risk, warning, last, eligible, reasons[r]);
        }
        return new AssessmentResult(plan.Id, asOf, results, Clusters(plan, index, facts.Day));
    }

    private static void GradeRegion(Plan plan, AsOfFacts facts, ConditionEvaluator evaluator, int r, Grade?[] grade, Grade?[] pendingRaw, List<Reason> reasons)
    {
        var index = facts.Index;
        foreach (var criterion in plan.Grading.Where(c => c.Scope == index.Level[r]))
        {
            var found = new Dictionary<string, object?>();
            if (!evaluator.Holds(criterion.When, r, found)) continue;
            if (criterion.Requires is not { } required || JudgmentSatisfied(facts, r, required, criterion.Grade, found))
            {
                grade[r] = Grades.Max(grade[r], criterion.Grade);
                reasons.Add(new Reason(ReasonTopic.Grade, criterion.Clause, $"{criterion.Grade.ToChinese()}{criterion.Name}：{criterion.Criterion}", ReasonStatus.Met, null, found));
            }
            else
            {
                pendingRaw[r] = Grades.Max(pendingRaw[r], criterion.Grade);
                reasons.Add(new Reason(ReasonTopic.PendingGrade, criterion.Clause, $"{criterion.Grade.ToChinese()}{criterion.Name}：{criterion.Criterion}", ReasonStatus.Pending, EnumNames.Of(required), found));
            }
        }

        // An expert-set grade raises the grade to its value (001 §1.5.4; 004 §四 "专家组认定的其他情形").
        if (facts.Judgment(r, JudgmentKind.OtherCircumstance) is { Grade: { } set } judgment && (grade[r] is null || set > grade[r]))
        {
            grade[r] = set;
            reasons.Add(new Reason(ReasonTopic.Grade, "otherCircumstance", $"专家组认定的其他情形：{set.ToChinese()}", ReasonStatus.Met, null,
                new Dictionary<string, object?> { ["otherCircumstanceJudgment"] = JudgmentFact.Of(judgment, set.ToString()) }));
        }

        // A parent's grade is at least the highest grade of its children, and so is its pending grade.
        foreach (var child in index.Children[r])
        {
            if (grade[child] is { } childGrade && (grade[r] is null || childGrade > grade[r]))
            {
                grade[r] = childGrade;
                reasons.Add(new Reason(ReasonTopic.Grade, AggregationClause, $"下级地区为{childGrade.ToChinese()}，本级不低于下级", ReasonStatus.Met, null,
                    new Dictionary<string, object?> { ["childRegion"] = index.Code(child), ["childGrade"] = childGrade.ToString() }));
            }
            if (pendingRaw[child] is { } childPending && (pendingRaw[r] is null || childPending > pendingRaw[r]))
            {
                pendingRaw[r] = childPending;
                reasons.Add(new Reason(ReasonTopic.PendingGrade, AggregationClause, $"下级地区待研判{childPending.ToChinese()}", ReasonStatus.Pending,
                    null, new Dictionary<string, object?> { ["childRegion"] = index.Code(child), ["childPendingGrade"] = childPending.ToString() }));
            }
        }
        // Keep the grade reasons that still explain the final grade, and pending reasons for the final pending grade.
        var final = grade[r];
        reasons.RemoveAll(x => x.Topic == ReasonTopic.Grade && x.Facts.TryGetValue("childGrade", out var g) && g is string s && final is { } f && Grades.ByName[s] < f);
    }

    private static bool JudgmentSatisfied(AsOfFacts facts, int r, JudgmentKind kind, Grade grade, Dictionary<string, object?> found)
    {
        var judgment = facts.Judgment(r, kind);
        if (judgment is null) return false;
        if (kind == JudgmentKind.OtherCircumstance && (judgment.Grade is null || judgment.Grade < grade)) return false;
        found[$"{EnumNames.Of(kind)}Judgment"] = JudgmentFact.Of(judgment);
        return true;
    }

    /// <summary>001 §1.6: county risk, first matching rule; an expert override wins from its day on.</summary>
    private static RiskLevel? Risk(Plan plan, AsOfFacts facts, ConditionEvaluator evaluator, int r, List<Reason> reasons)
    {
        if (plan.Risk is not { } risk || facts.Index.Level[r] != risk.Scope) return null;
        if (risk.Override is { } overrideKind && facts.Judgment(r, overrideKind) is { Risk: { } overridden } judgment)
        {
            reasons.Add(new Reason(ReasonTopic.Risk, "1.6", $"专家组认定的其他情形：{overridden.ToChinese()}", ReasonStatus.Met, null,
                new Dictionary<string, object?> { [$"{EnumNames.Of(overrideKind)}Judgment"] = JudgmentFact.Of(judgment, overridden.ToName()) }));
            return overridden;
        }
        foreach (var rule in risk.Rules)
        {
            var found = new Dictionary<string, object?>();
            if (!evaluator.Holds(rule.When, r, found)) continue;
            reasons.Add(new Reason(ReasonTopic.Risk, rule.Clause, $"{rule.Level.ToChinese()}：{rule.Criterion}", ReasonStatus.Met, null, found));
            return rule.Level;
        }
        return null;
    }

    /// <summary>001 §3.4.2: the warning follows the grade; otherwise the plan's other rules (neighbours, other provinces).</summary>
    private static Grade? Warning(Plan plan, ConditionEvaluator evaluator, int r, Grade? grade, List<Reason> reasons)
    {
        if (plan.Warning is not { } warning) return null;
        if (grade is { } g && warning.FromGrade.TryGetValue(g, out var mapped))
        {
            reasons.Add(new Reason(ReasonTopic.Warning, warning.Clause, $"疫情分级为{g.ToChinese()}，发布{mapped.ToChinese()}预警", ReasonStatus.Met, null,
                new Dictionary<string, object?> { ["grade"] = g.ToString() }));
            return mapped;
        }
        foreach (var rule in warning.Otherwise)
        {
            var found = new Dictionary<string, object?>();
            if (!evaluator.Holds(rule.When, r, found)) continue;
            reasons.Add(new Reason(ReasonTopic.Warning, rule.Clause, $"{rule.Level.ToChinese()}预警：{rule.Criterion}", ReasonStatus.Met, null, found));
            return rule.Level;
        }
        return null;
    }

    /// <summary>Every cluster formed on or before D, with its run's cases up to D (requirements: "Cluster").</summary>
    private static List<ClusterAssessment> Clusters(Plan plan, FactIndex index, int day)
    {
        var result = new List<ClusterAssessment>();
        foreach (var cluster in index.Clusters)
        {
            if (cluster.FormedDay > day) continue;
            var setting = index.Scenario.Settings[cluster.Setting];
            var county = index.CountyOf[index.SettingRegion[cluster.Setting]];
            var ids = cluster.Cases.Take(cluster.CasesUpTo(day)).Select(c => index.CaseId[c]).ToList();
            result.Add(new ClusterAssessment(setting.Id, setting.Name, setting.Type, county < 0 ? null : index.Code(county),
                DateOnly.FromDayNumber(cluster.FormedDay), DateOnly.FromDayNumber(cluster.LastCaseDayUpTo(day)), ids,
                cluster.OccursWithin(plan.Parameters.ClusterWindowDays, day)));
        }
        return result;
    }

    /// <summary>The day L of the plan's termination rule for every region (the latest qualifying case known on D).</summary>
    private static int[] LastCaseDays(Plan plan, FactIndex index, AsOfFacts facts)
    {
        var last = new int[index.RegionCount];
        Array.Fill(last, int.MinValue);
        if (plan.Termination is not { } rule) return last;
        var confirmedOk = rule.Classifications.Contains(Classification.Confirmed);
        var asymptomaticOk = rule.Classifications.Contains(Classification.Asymptomatic);
        var (_, known) = index.CasesBetween(int.MinValue, facts.Day);
        for (var c = 0; c < known; c++)
        {
            if (!(index.CaseConfirmed[c] ? confirmedOk : asymptomaticOk)) continue;
            if (rule.LocalOnly && index.CaseImported[c]) continue;
            var day = rule.Day == LastCaseDay.IsolatedElseReported ? index.CaseIsolationDay[c] : index.CaseDay[c];
            foreach (var r in index.AncestorsOrSelf[index.CaseRegion[c]])
            {
                if (day > last[r]) last[r] = day;
            }
        }
        return last;
    }

    /// <summary>
    /// 001 §8.1: from L+14 on. 004: from the later of L+28 and the first day of an importRiskLow judgment
    /// for the district; none yet: not eligible.
    /// </summary>
    private static (DateOnly? Last, DateOnly? EligibleFrom) Termination(Plan plan, AsOfFacts facts, int r, int lastDay, List<Reason> reasons)
    {
        if (plan.Termination is not { } rule || lastDay == int.MinValue) return (null, null);
        var last = DateOnly.FromDayNumber(lastDay);
        DateOnly? eligible = last.AddDays(rule.DaysAfter);
        var found = new Dictionary<string, object?> { ["lastCaseDate"] = last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["daysAfter"] = rule.DaysAfter };
        string? missing = null;
        if (rule.Requires is { } required)
        {
            if (facts.Judgment(r, required) is { } judgment)
            {
                found[$"{EnumNames.Of(required)}Judgment"] = JudgmentFact.Of(judgment);
                if (judgment.From > eligible) eligible = judgment.From;
            }
            else
            {
                eligible = null;
                missing = EnumNames.Of(required);
            }
        }
        // met from the day on, notYet before it, pending while the day cannot be known (requirements: "Scenario files and assess").
        var status = eligible is not { } e ? ReasonStatus.Pending : e <= facts.AsOf ? ReasonStatus.Met : ReasonStatus.NotYet;
        if (eligible is { } from) found["terminationEligibleFrom"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        reasons.Add(new Reason(ReasonTopic.Termination, rule.Clause, rule.Criterion, status, missing, found));
        return (last, eligible);
    }
}
