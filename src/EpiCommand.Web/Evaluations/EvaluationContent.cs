using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using EpiCommand.Web.Warnings;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Evaluations;

/// <summary>
/// The first draft of an evaluation report (001 §8.2.2), written from the record of one response: from the day after the
/// previous termination in the region (or the beginning) to the approval of this termination. The evaluation group edits it.
/// </summary>
public static class EvaluationContent
{
    public sealed record Draft(string Title, string Cause, string SourceAndRoute, string Course, string Treatment, string Measures, string Problems, string Lessons);

    public static async Task<Draft> BuildAsync(AppDbContext db, ResponseDecision termination, Region region, CancellationToken ct)
    {
        var end = termination.ApprovedAt!.Value;
        var start = await db.Decisions.AsNoTracking()
            .Where(d => d.RegionCode == region.Code && d.Kind == DecisionKind.Terminate && d.Status == DecisionStatus.Approved && d.Id != termination.Id && d.ApprovedAt < end)
            .OrderByDescending(d => d.ApprovedAt).Select(d => d.ApprovedAt).FirstOrDefaultAsync(ct);
        var decisions = await db.Decisions.AsNoTracking()
            .Where(d => d.RegionCode == region.Code && (d.Status == DecisionStatus.Approved || d.Status == DecisionStatus.Rejected) && d.ProposedAt <= end && (start == null || d.ProposedAt > start))
            .OrderBy(d => d.ProposedAt).ToListAsync(ct);
        var approvedIds = decisions.Where(d => d.Status == DecisionStatus.Approved).Select(d => d.Id).ToList();
        var cases = (await db.Cases.AsNoTracking()
            .Where(c => c.RegionPath.StartsWith(region.Path) && c.Outcome != CaseOutcome.Excluded && c.ReportedAt <= end && (start == null || c.ReportedAt > start))
            .OrderBy(c => c.ReportedAt)
            .Select(c => new { c.Id, c.Classification, c.Severity, c.Outcome, c.ReportedAt, c.InfectionSource, c.SettingId, c.OtherSettingIds, c.LinkedCaseIds, c.RegionCode })
            .ToListAsync(ct))
            .Select(c => new CaseFact(c.Id, c.Classification, c.Severity, c.Outcome, c.ReportedAt, c.InfectionSource,
                c.SettingId is { } first ? [first, .. c.OtherSettingIds.Where(s => s != first)] : c.OtherSettingIds.Distinct().ToList(), c.LinkedCaseIds.Count, c.RegionCode))
            .ToList();
        // Suspected cases never count as cases (requirements "Case"); they appear only in the treatment section.
        var counted = cases.Where(c => c.Classification != Classification.Suspected).ToList();
        var settingIds = cases.SelectMany(c => c.Settings).Distinct().ToList();
        var settings = await db.Settings.AsNoTracking().Where(s => settingIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var regionNames = await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(region.Path)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.RegionCode == region.Code && t.DecisionId != null && approvedIds.Contains(t.DecisionId.Value))
            .Select(t => new TaskFact(t.Title, t.Unit, t.State, t.DueAt, t.DoneAt, t.ClosedReason)).ToListAsync(ct);
        var warnings = await db.Warnings.AsNoTracking()
            .Where(w => w.RegionPath.StartsWith(region.Path) && w.DraftedAt <= end && (start == null || w.DraftedAt > start))
            .OrderBy(w => w.DraftedAt).ToListAsync(ct);

        return new Draft(
            $"{region.Name}新冠肺炎疫情{Ui.Numeral(termination.FromLevel)}级应急响应处理工作评估报告",
            Cause(counted, decisions, regionNames),
            SourceAndRoute(counted, settings),
            Course(region, counted, decisions, warnings, termination),
            Treatment(cases),
            Measures(tasks, warnings),
            Problems(tasks, warnings),
            // 001 §8.2.2 经验教训及改进建议: the evaluation group's own words; nothing in the record says them.
            "");
    }

    private sealed record CaseFact(string Id, Classification Classification, Severity? Severity, CaseOutcome? Outcome, DateTimeOffset ReportedAt, InfectionSource? Source, IReadOnlyList<string> Settings, int Links, string RegionCode);

    private sealed record TaskFact(string Title, string Unit, TaskState State, DateTimeOffset? DueAt, DateTimeOffset? DoneAt, string? ClosedReason);

    private static string Cause(List<CaseFact> cases, List<ResponseDecision> decisions, Dictionary<string, string> regionNames)
    {
        var lines = new List<string>();
        if (cases.Count == 0)
        {
            lines.Add("应急响应期间本地区未报告病例。");
        }
        else
        {
            var first = cases[0];
            lines.Add($"本次疫情共报告{Counts(cases)}。首例为{WarningContent.ClassificationName(first.Classification)} {first.Id}，"
                + $"{ChinaTime.Format(first.ReportedAt)} 于{regionNames.GetValueOrDefault(first.RegionCode, first.RegionCode)}报告，感染来源：{SourceName(first.Source)}。");
            lines.Add($"感染来源构成：{string.Join("、", cases.GroupBy(c => c.Source).OrderBy(g => g.Key).Select(g => $"{SourceName(g.Key)}{g.Count()}例"))}。");
        }
        if (decisions.FirstOrDefault(d => d.Status == DecisionStatus.Approved && d.Kind == DecisionKind.Activate) is { } activation)
        {
            lines.Add($"启动应急响应的依据：{activation.Reason}（§{activation.Clause}）。");
        }
        return string.Join("\n", lines);
    }

    private static string SourceAndRoute(List<CaseFact> cases, Dictionary<string, Setting> settings)
    {
        if (cases.Count == 0) return "无病例，无传染源和传播链记录。";
        var lines = new List<string>();
        var imported = cases.Where(c => c.Source == InfectionSource.Imported).Select(c => c.Id).ToList();
        var unknown = cases.Where(c => c.Source == InfectionSource.Unknown).Select(c => c.Id).ToList();
        if (imported.Count > 0) lines.Add($"输入病例（可能的传染源）：{string.Join("、", imported)}。");
        if (unknown.Count > 0) lines.Add($"感染来源不明的病例：{string.Join("、", unknown)}。");
        lines.Add($"记录了与其他病例关联的病例{cases.Count(c => c.Links > 0)}例。");
        // requirements.md "Cluster": a case counts once in each setting it names (a shopper who is also in a household).
        var clusters = cases.SelectMany(c => c.Settings.Select(s => (Setting: s, Case: c))).GroupBy(x => x.Setting, x => x.Case)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (clusters.Count == 0)
        {
            lines.Add("无病例关联到具体场所。");
        }
        foreach (var cluster in clusters)
        {
            var setting = settings.GetValueOrDefault(cluster.Key);
            var days = $"{ChinaTime.DayOf(cluster.Min(c => c.ReportedAt)):M月d日}至{ChinaTime.DayOf(cluster.Max(c => c.ReportedAt)):M月d日}";
            lines.Add($"场所“{setting?.Name ?? cluster.Key}”（{SettingTypeName(setting?.Type)}）：{days}报告{cluster.Count()}例（{string.Join("、", cluster.Select(c => c.Id))}）。");
        }
        return string.Join("\n", lines);
    }

    private static string Course(Region region, List<CaseFact> cases, List<ResponseDecision> decisions, List<WarningNotice> warnings, ResponseDecision termination)
    {
        var events = new List<(DateTimeOffset At, string Text)>();
        if (cases.Count > 0)
        {
            events.Add((cases[0].ReportedAt, $"报告首例病例 {cases[0].Id}。"));
            if (cases.Count > 1) events.Add((cases[^1].ReportedAt, $"报告末例病例 {cases[^1].Id}（共{cases.Count}例）。"));
        }
        foreach (var d in decisions)
        {
            var who = $"{d.ProposedBy}提出，{d.ConfirmedBy ?? "—"}于 {(d.ConfirmedAt is { } c ? ChinaTime.Format(c) : "—")} 确认";
            events.Add(d.Status == DecisionStatus.Approved
                ? (d.ApprovedAt!.Value, $"{DecisionService.Describe(d)}（{who}，{d.ApprovedBy}批准；§{d.Clause}）。")
                : (d.ConfirmedAt ?? d.ProposedAt, $"建议{DecisionService.Describe(d)}未获确认（{d.ProposedBy}提出，{d.ConfirmedBy}否决：{d.ConfirmationNote}）。"));
        }
        foreach (var w in warnings.Where(w => w.IssuedAt is not null))
        {
            var repeated = w.RepeatCount > 0 ? $"，重复预警{w.RepeatCount}次" : "";
            events.Add((w.IssuedAt!.Value, $"{w.Issuer}发布{w.Name}{repeated}。"));
            if (w.LiftedAt is { } lifted) events.Add((lifted, $"解除{w.Name}：{w.LiftReason}"));
        }
        var lines = events.OrderBy(e => e.At).Select(e => $"{ChinaTime.Format(e.At)} {e.Text}").ToList();
        if (!decisions.Any(d => d.Id == termination.Id))
        {
            lines.Add($"{ChinaTime.Format(termination.ApprovedAt!.Value)} {DecisionService.Describe(termination)}（{termination.ApprovedBy}批准；§{termination.Clause}）。");
        }
        lines.Insert(0, $"{region.Name}疫情发生、发展和控制过程如下：");
        return string.Join("\n", lines);
    }

    private static string Treatment(List<CaseFact> cases)
    {
        if (cases.Count == 0) return "无病例救治。";
        var lines = new List<string>();
        var confirmed = cases.Where(c => c.Classification == Classification.Confirmed).ToList();
        if (confirmed.Count > 0)
        {
            var severities = confirmed.GroupBy(c => c.Severity).OrderBy(g => g.Key).Select(g => $"{SeverityName(g.Key)}{g.Count()}例");
            lines.Add($"确诊病例{confirmed.Count}例，其中{string.Join("、", severities)}；{Outcomes(confirmed)}。");
        }
        var asymptomatic = cases.Where(c => c.Classification == Classification.Asymptomatic).ToList();
        if (asymptomatic.Count > 0) lines.Add($"无症状感染者{asymptomatic.Count}例；{Outcomes(asymptomatic)}。");
        var suspected = cases.Count(c => c.Classification == Classification.Suspected);
        if (suspected > 0) lines.Add($"疑似病例{suspected}例未排除。");
        return string.Join("\n", lines);
    }

    private static string Measures(List<TaskFact> tasks, List<WarningNotice> warnings)
    {
        var lines = new List<string>();
        if (tasks.Count == 0)
        {
            lines.Add("应急响应期间未下达任务。");
        }
        else
        {
            lines.Add($"按预案措施下达任务{tasks.Count}项：{StateCounts(tasks)}。");
            lines.AddRange(tasks.GroupBy(t => t.Unit).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key}：{g.Count()}项，{StateCounts(g.ToList())}。"));
        }
        var issued = warnings.Where(w => w.IssuedAt is not null).ToList();
        lines.Add(issued.Count == 0 ? "未发布预警。" : $"发布预警{issued.Count}项，重复预警{issued.Sum(w => w.RepeatCount)}次：{string.Join("；", issued.Select(w => w.Name))}。");
        return string.Join("\n", lines);
    }

    private static string Problems(List<TaskFact> tasks, List<WarningNotice> warnings)
    {
        var lines = new List<string>();
        var late = tasks.Where(t => t.DoneAt is { } done && t.DueAt is { } due && done > due).ToList();
        if (late.Count > 0) lines.Add($"逾期完成的任务{late.Count}项：{string.Join("；", late.Select(t => $"{t.Title}（{t.Unit}）"))}。");
        var unfinished = tasks.Where(t => t.State is TaskState.Open or TaskState.InProgress or TaskState.Closed).ToList();
        if (unfinished.Count > 0)
        {
            lines.Add($"未完成即结束或仍未完成的任务{unfinished.Count}项：{string.Join("；", unfinished.Select(t => $"{t.Title}（{t.Unit}{(t.ClosedReason is { } r ? "，" + r : "")}）"))}。");
        }
        var lateWarnings = warnings.Where(w => w.IssuedAt is { } issued && issued > w.DueAt).ToList();
        if (lateWarnings.Count > 0)
        {
            lines.Add($"超过24小时发布的预警{lateWarnings.Count}项（001 §3.4.4）：{string.Join("；", lateWarnings.Select(w => $"{w.Name}，应于 {ChinaTime.Format(w.DueAt)} 前发布，实际 {ChinaTime.Format(w.IssuedAt!.Value)}"))}。");
        }
        var neverIssued = warnings.Where(w => w.IssuedAt is null).ToList();
        if (neverIssued.Count > 0) lines.Add($"起草后未发布的预警{neverIssued.Count}项：{string.Join("；", neverIssued.Select(w => w.Name))}。");
        if (lines.Count == 0) lines.Add("记录中未见逾期或未完成的任务，也未见逾期发布的预警。");
        return string.Join("\n", lines);
    }

    private static string Counts(List<CaseFact> cases) =>
        string.Join("、", cases.GroupBy(c => c.Classification).OrderBy(g => g.Key).Select(g => $"{WarningContent.ClassificationName(g.Key)}{g.Count()}例"));

    private static string Outcomes(List<CaseFact> cases)
    {
        var recovered = cases.Count(c => c.Outcome == CaseOutcome.Recovered);
        var died = cases.Count(c => c.Outcome == CaseOutcome.Died);
        return $"治愈（解除隔离）{recovered}例、死亡{died}例、仍在治疗或观察{cases.Count - recovered - died}例";
    }

    private static string StateCounts(List<TaskFact> tasks) =>
        string.Join("、", Enum.GetValues<TaskState>().Select(s => (s, n: tasks.Count(t => t.State == s))).Where(x => x.n > 0).Select(x => $"{TaskStateName(x.s)}{x.n}"));

    public static string TaskStateName(TaskState state) => state switch
    {
        TaskState.Open => "未开始",
        TaskState.InProgress => "进行中",
        TaskState.Done => "已完成",
        TaskState.Closed => "已关闭",
        _ => "已取消",
    };

    private static string SourceName(InfectionSource? source) => source switch
    {
        InfectionSource.Imported => "输入",
        InfectionSource.Linked => "本地关联",
        InfectionSource.Unknown => "来源不明",
        _ => "未填写",
    };

    /// <summary>The small places of 001 §1.5.1.1 (家庭、学校、居民小区、工厂车间、自然村、医疗机构等), in the report's language (Chinese).</summary>
    private static string SettingTypeName(string? type) => Messages.SettingType(type).Zh;

    private static string SeverityName(Severity? severity) => severity switch
    {
        Severity.Mild => "轻型",
        Severity.Moderate => "普通型",
        Severity.Severe => "重型",
        Severity.Critical => "危重型",
        _ => "未分型",
    };
}
