using System.Globalization;
using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Documents;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tasks;

/// <summary>
/// The task list as the document a headquarters office prints for a meeting or sends down (issue 14 "a print view and .docx for a
/// task list"): 任务分解落实情况表 — a count by state, then one table row per task (measure and clause, region, unit, deadline,
/// state, progress, presses), ordered by clause; signed by the headquarters office with today's date.
/// </summary>
public static class TaskListDocument
{
    public static async Task<byte[]> BuildAsync(AppDbContext db, Plan plan, string regionCode, string? filterLine, IReadOnlyList<ResponseTask> tasks, int total,
        DateTimeOffset now, CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == regionCode, ct);
        var hq = await db.Headquarters.AsNoTracking().Where(h => h.RegionCode == regionCode).OrderBy(h => h.Id)
            .Select(h => new { h.Name, h.OfficeName }).FirstOrDefaultAsync(ct);
        var headquarters = hq?.Name ?? $"{region.Name}新冠肺炎疫情防控工作指挥部";
        var names = await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(region.Path) && r.Level <= Domain.Regions.RegionLevel.County)
            .Select(r => new { r.Code, r.Name }).ToDictionaryAsync(r => r.Code, r => r.Name, ct);

        var today = ChinaTime.DayOf(now);
        var document = new OfficialDocument($"{region.Name}应急响应任务分解落实情况表");
        var overdue = tasks.Count(t => TaskService.IsOverdue(t, now));
        document.Text(string.Join("", [
            $"截至{ChinaTime.Format(now)}，{filterLine ?? "全部任务"}共 {total} 项：",
            $"未开始 {tasks.Count(t => t.State == TaskState.Open)} 项，进行中 {tasks.Count(t => t.State == TaskState.InProgress)} 项，",
            $"已完成 {tasks.Count(t => t.State == TaskState.Done)} 项，其中逾期未完成 {overdue} 项。",
            total > tasks.Count ? $"本表列出前 {tasks.Count} 项，其余请按单位或措施筛选后导出。" : ""]));
        document.Table(
            ["序号", "措施（预案条款）", "地区", "责任单位", "时限", "状态", "进度", "督办"],
            [6, 30, 10, 16, 14, 9, 7, 8],
            tasks.Select((t, i) => (IReadOnlyList<string>)[
                (i + 1).ToString(CultureInfo.InvariantCulture),
                $"{t.Title}（§{t.Clause}，{LevelName(plan, t.Level)}）",
                names.GetValueOrDefault(t.RegionCode, t.RegionCode),
                t.Unit,
                t.DueAt is { } due ? ChinaTime.Format(due) : "未定",
                State(t, now),
                $"{t.Progress}%",
                t.PressCount > 0 ? $"{t.PressCount} 次" : "",
            ]));
        document.Signature(hq?.OfficeName is { } office ? headquarters + office : headquarters, today);
        return document.ToBytes();
    }

    /// <summary>What a filtered list holds, as its introduction says it ("疾病预防控制机构、逾期的任务"); null for all tasks.</summary>
    public static string? Scope(string? unit, string? measure, TaskListStatus? status)
    {
        var parts = new[] { unit, measure is null ? null : $"措施 {measure}", status is { } s ? StateWord(s) + "的任务" : null }.OfType<string>().ToList();
        return parts.Count == 0 ? null : string.Join("、", parts);
    }

    private static string StateWord(TaskListStatus status) => status switch
    {
        TaskListStatus.Overdue => "逾期",
        TaskListStatus.Open => "未开始",
        TaskListStatus.InProgress => "进行中",
        TaskListStatus.Done => "已完成",
        TaskListStatus.Closed => "已关闭",
        _ => "已取消",
    };

    /// <summary>Always Chinese, whatever the reader's language: the document is the headquarters' own.</summary>
    private static string LevelName(Plan plan, string level) => Domain.Assessment.Grades.ByName.ContainsKey(level)
        ? Domain.Assessment.Grades.ResponseName(level)
        : plan.ResponseLevels.FirstOrDefault(l => l.Level == level)?.Name ?? level;

    private static string State(ResponseTask t, DateTimeOffset now) => StateWord(TaskService.IsOverdue(t, now) ? TaskListStatus.Overdue : t.State switch
    {
        TaskState.Open => TaskListStatus.Open,
        TaskState.InProgress => TaskListStatus.InProgress,
        TaskState.Done => TaskListStatus.Done,
        TaskState.Closed => TaskListStatus.Closed,
        _ => TaskListStatus.Cancelled,
    });
}
