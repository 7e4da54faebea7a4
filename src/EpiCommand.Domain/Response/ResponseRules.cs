using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;

namespace EpiCommand.Domain.Response;

/// <summary>What a response decision does (001 §5, §8; 004 §八(一)–(三)).</summary>
public enum DecisionKind { Activate, Raise, Lower, Terminate }

/// <summary>
/// The chain every decision goes through (001 §5.2.1 "卫生健康委组织有关专家确认后报同级人民政府", 004 §八):
/// recommended (by the engine or proposed by a person) → confirmed by experts (or rejected) → approved by the
/// headquarters/government of the responding jurisdiction, which informs the level above. A newer recommendation
/// for the same jurisdiction supersedes an open one.
/// </summary>
public enum DecisionStatus { Recommended, Confirmed, Rejected, Approved, Superseded }

/// <summary>An engine recommendation for one jurisdiction: move its response from <see cref="From"/> to <see cref="To"/> (null = none).</summary>
public sealed record Recommendation(DecisionKind Kind, string? From, string? To, string Clause, string Reason);

/// <summary>Why a plan's rule refuses something: a stable code and the reason in Chinese and English.</summary>
public sealed record RuleRefusal(string Code, string Zh, string En)
{
    public override string ToString() => Zh;
}

/// <summary>The response levels of a plan and the rules that move between them.</summary>
public static class ResponseRules
{
    /// <summary>The levels that a grade triggers, lowest first (normal-time prevention is not a response and has no trigger).</summary>
    public static IReadOnlyList<ResponseLevel> Triggered(Plan plan) =>
        plan.ResponseLevels.Where(l => l.Trigger is not null).OrderBy(l => l.Trigger).ToList();

    /// <summary>Orders two response levels (null = no response): negative when <paramref name="a"/> is lower.</summary>
    public static int Compare(Plan plan, string? a, string? b) => Rank(plan, a).CompareTo(Rank(plan, b));

    private static int Rank(Plan plan, string? level) =>
        level is null ? 0 : plan.ResponseLevels.FirstOrDefault(l => l.Level == level)?.Trigger is { } grade ? (int)grade : 0;

    /// <summary>
    /// The response a jurisdiction must run for its grade: the highest level whose trigger the grade reaches and whose
    /// responding level is this jurisdiction's (001 §5.2.1 IV county, §5.3.1 III city, §5.4.1 II region). Null when none.
    /// </summary>
    public static ResponseLevel? Required(Plan plan, RegionLevel jurisdiction, Grade? grade) =>
        grade is null ? null : Triggered(plan).LastOrDefault(l => l.RespondingLevel == jurisdiction && l.Trigger <= grade);

    /// <summary>The levels a jurisdiction at this administrative level may run at all.</summary>
    public static IReadOnlyList<ResponseLevel> Runnable(Plan plan, RegionLevel jurisdiction) =>
        Triggered(plan).Where(l => l.RespondingLevel == jurisdiction).ToList();

    /// <summary>
    /// What the engine recommends for a jurisdiction whose response is <paramref name="current"/>: activate or raise to the
    /// required level (skipping levels when the grade jumps, 004 §八(二)), lower to it when the grade fell, and terminate
    /// only once the plan's termination day is reached (001 §8.1; 004 §八(三)). Null when nothing should change.
    /// </summary>
    public static Recommendation? Recommend(Plan plan, RegionLevel jurisdiction, Grade? grade, string? current, DateOnly? terminationEligibleFrom, DateOnly today)
    {
        var required = Required(plan, jurisdiction, grade);
        var order = Compare(plan, required?.Level, current);
        if (order > 0)
        {
            var kind = current is null ? DecisionKind.Activate : DecisionKind.Raise;
            return new Recommendation(kind, current, required!.Level, required.Clause,
                $"评估等级为{grade!.Value.ToChinese()}，应由本级启动{Grades.ResponseName(required.Level)}（§{required.Clause}）");
        }
        if (order == 0 || current is null) return null;
        if (required is not null)
        {
            return new Recommendation(DecisionKind.Lower, current, required.Level, required.Clause,
                $"评估等级降为{grade!.Value.ToChinese()}，可调整为{Grades.ResponseName(required.Level)}（§{required.Clause}）");
        }
        if (TerminationRefusal(plan, terminationEligibleFrom, grade, today) is not null) return null;
        var rule = plan.Termination!;
        var since = terminationEligibleFrom is { } from ? $"自{from:yyyy-MM-dd}起" : "本地无病例且已不构成疫情分级，";
        return new Recommendation(DecisionKind.Terminate, current, null, rule.Clause, $"{since}符合终止条件：{rule.Criterion}（§{rule.Clause}）");
    }

    /// <summary>
    /// Why the response may not end yet (null when it may): the plan's termination rule is not met on <paramref name="today"/>.
    /// A jurisdiction that never had a case (a response started on a detection alone) may end once it is no longer graded and the
    /// plan needs no judgment: 001 §8.1 "新冠肺炎疫情隐患或相关危险因素消除".
    /// </summary>
    public static RuleRefusal? TerminationRefusal(Plan plan, DateOnly? terminationEligibleFrom, Grade? grade, DateOnly today)
    {
        if (plan.Termination is not { } rule) return new("no-termination-rule", "预案未规定终止条件，不能终止应急响应", "The plan sets no condition for ending a response; it cannot be terminated");
        if (terminationEligibleFrom is not { } from)
        {
            if (grade is null && rule.Requires is null) return null;
            return rule.Requires is { } judgment
                ? new("termination-not-met", $"尚不符合终止条件（§{rule.Clause}）：{rule.Criterion}；所需专家研判“{judgment}”尚未作出",
                    $"The condition for ending the response is not met yet (§{rule.Clause}): {rule.Criterion}; the experts' judgment '{judgment}' it requires has not been made")
                : new("termination-not-met", $"尚不符合终止条件（§{rule.Clause}）：{rule.Criterion}",
                    $"The condition for ending the response is not met yet (§{rule.Clause}): {rule.Criterion}");
        }
        return from > today
            ? new("termination-not-met", $"尚不符合终止条件（§{rule.Clause}）：最早可于 {from:yyyy-MM-dd} 终止，{rule.Criterion}",
                $"The condition for ending the response is not met yet (§{rule.Clause}): it may end on {from:yyyy-MM-dd} at the earliest; {rule.Criterion}")
            : null;
    }

    /// <summary>Checks a proposed move between levels; returns the reason it is refused, or null.</summary>
    public static RuleRefusal? CheckMove(Plan plan, RegionLevel jurisdiction, DecisionKind kind, string? current, string? target)
    {
        var runnable = Runnable(plan, jurisdiction);
        if (target is not null && runnable.All(l => l.Level != target))
        {
            var allowed = runnable.Count == 0 ? "无" : string.Join("、", runnable.Select(l => l.Level));
            var allowedEn = runnable.Count == 0 ? "none" : string.Join(", ", runnable.Select(l => l.Level));
            return new("level-not-runnable", $"本级（{jurisdiction.ToChinese()}）不能启动“{target}”级响应；本级可启动：{allowed}",
                $"A {jurisdiction.ToName()} cannot run a level {target} response; it may run: {allowedEn}");
        }
        return kind switch
        {
            DecisionKind.Activate when current is not null => new("already-active", $"已在{current}级响应中，应选择提级或降级", $"A level {current} response is in force; raise or lower it instead"),
            DecisionKind.Activate when target is null => new("level-required", "启动须指明响应级别", "Activating needs a response level"),
            DecisionKind.Raise when current is null => new("not-active", "尚未启动应急响应，应选择启动", "No response is in force; activate one instead"),
            DecisionKind.Raise when Compare(plan, target, current) <= 0 => new("raise-not-higher", $"提级的目标级别须高于当前的{current}级", $"A raise must go above the current level {current}"),
            DecisionKind.Lower when current is null => new("not-active", "尚未启动应急响应，无法降级", "No response is in force to lower"),
            DecisionKind.Lower when target is null || Compare(plan, target, current) >= 0 => new("lower-not-lower", $"降级的目标级别须低于当前的{current}级（结束响应请选择终止）",
                $"Lowering must go below the current level {current} (to end the response, terminate it)"),
            DecisionKind.Terminate when current is null => new("not-active", "尚未启动应急响应，无需终止", "No response is in force to terminate"),
            DecisionKind.Terminate when target is not null => new("terminate-with-level", "终止不带目标级别", "Terminating takes no target level"),
            _ => null,
        };
    }
}
