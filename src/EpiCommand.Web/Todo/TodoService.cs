using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Time;
using EpiCommand.Web.DailyReports;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using EpiCommand.Web.Warnings;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Todo;

/// <summary>What a to-do is about; the page names it, the API keeps the key.</summary>
public enum TodoKind { ConfirmDecisions, ApproveDecisions, IssueWarnings, DailyReports, OverdueClocks, OverdueTasks }

/// <summary>One thing to do: what, where (the code and the name of the region it concerns) and since or until when.</summary>
public sealed record TodoItem(string Title, string? RegionCode, string? Region, DateTimeOffset? Due);

/// <summary>One kind of to-do: how many there are, where they are worked, and the first few (oldest or most overdue first).</summary>
public sealed record TodoGroup(TodoKind Kind, int Count, string Link, IReadOnlyList<TodoItem> Top);

/// <summary>
/// My to-do (issue 14): what waits for the signed-in user, by role — the same conditions the services check before they
/// let the user act, so that nothing is listed that the user could not do. Each kind is one count and the first
/// <see cref="Shown"/> items: the queries are bounded whatever the size of the city. Only kinds with something waiting are returned.
/// </summary>
public sealed class TodoService(AppDbContext db, FactsCache facts, DailyReportService dailyReports, TimeProvider clock)
{
    public const int Shown = 5;

    public async Task<IReadOnlyList<TodoGroup>> GetAsync(ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var groups = new List<TodoGroup>();
        var regionNames = new Dictionary<string, string>();
        async Task<string> NameOf(string code)
        {
            if (!regionNames.TryGetValue(code, out var name))
            {
                var region = await db.Regions.AsNoTracking().Where(r => r.Code == code).Select(r => new { r.Name, r.NameEn }).FirstOrDefaultAsync(ct);
                regionNames[code] = name = region is null ? code : Ui.IsEnglish && region.NameEn is { Length: > 0 } en ? en : region.Name;
            }
            return name;
        }
        async Task Add(TodoKind kind, string link, int count, IEnumerable<(string Title, string? Region, DateTimeOffset? Due)> top)
        {
            if (count == 0) return;
            var items = new List<TodoItem>();
            foreach (var (title, region, due) in top) items.Add(new TodoItem(title, region, region is null ? null : await NameOf(region), due));
            groups.Add(new TodoGroup(kind, count, link, items));
        }

        // 001 §1.6: the experts confirm what the engine recommends (DecisionService.ConfirmAsync: an expert, within the jurisdiction).
        if (user.IsInRole(Roles.Expert))
        {
            var waiting = jurisdiction.Scope(db.Decisions.AsNoTracking()).Where(d => d.Status == DecisionStatus.Recommended);
            var top = await waiting.OrderBy(d => d.ProposedAt).Take(Shown).ToListAsync(ct);
            await Add(TodoKind.ConfirmDecisions, "/decisions", await waiting.CountAsync(ct), top.Select(d => (Messages.Decision.Describe(d).ToString(), (string?)d.RegionCode, (DateTimeOffset?)d.ProposedAt)));
        }

        if (user.IsInRole(Roles.Headquarters))
        {
            // 001 §5.2.1: the headquarters of the responding level approves — its own region's confirmed decisions only.
            var confirmed = db.Decisions.AsNoTracking().Where(d => d.Status == DecisionStatus.Confirmed && d.RegionCode == jurisdiction.RegionCode);
            var top = await confirmed.OrderBy(d => d.ConfirmedAt).Take(Shown).ToListAsync(ct);
            await Add(TodoKind.ApproveDecisions, "/decisions", await confirmed.CountAsync(ct), top.Select(d => (Messages.Decision.Describe(d).ToString(), (string?)d.RegionCode, d.ConfirmedAt)));

            // 001 §3.4.4: drafts the user's level may issue (WarningService.MayIssue), due first.
            var userRegion = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == jurisdiction.RegionCode, ct);
            var levels = Enum.GetValues<Domain.Assessment.Grade>().Where(g => WarningService.MayIssue(facts.Plan, user, userRegion, g)).ToList();
            var drafts = jurisdiction.Scope(db.Warnings.AsNoTracking()).Where(w => w.State == WarningState.Draft && levels.Contains(w.Level));
            var topDrafts = await drafts.OrderBy(w => w.DueAt).Take(Shown).Select(w => new { w.Name, w.RegionCode, w.DueAt }).ToListAsync(ct);
            await Add(TodoKind.IssueWarnings, "/warnings", await drafts.CountAsync(ct), topDrafts.Select(w => (w.Name, (string?)w.RegionCode, (DateTimeOffset?)w.DueAt)));
        }

        // 001 §5.2.1: today's reports of the counties under a response — the headquarters see their counties', a county's users their own.
        var today = ChinaTime.DayOf(now);
        var missing = (await dailyReports.ReportsAsync(jurisdiction, today, ct))
            .Where(c => c.Missing.Count > 0 && (user.IsInRole(Roles.Headquarters) || c.County.Code == jurisdiction.RegionCode)).ToList();
        await Add(TodoKind.DailyReports, "/daily-reports", missing.Sum(c => c.Missing.Count),
            missing.Take(Shown).Select(c => (string.Join(Ui.T("、", ", "), c.Missing.Select(k => Messages.ReportKind(k).ToString())), (string?)c.County.Code, (DateTimeOffset?)null)));

        // 001 §4.3, §4.4: reporting clocks run out in the jurisdiction — for the headquarters and the investigators who keep them.
        if (user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Investigator))
        {
            var overdue = jurisdiction.Scope(db.Clocks.AsNoTracking()).Where(c => c.CompletedAt == null && c.DueAt < now);
            var top = await overdue.OrderBy(c => c.DueAt).Take(Shown).Select(c => new { c.Name, c.Subject, c.RegionCode, c.DueAt }).ToListAsync(ct);
            await Add(TodoKind.OverdueClocks, "/clocks", await overdue.CountAsync(ct), top.Select(c => ($"{c.Name} · {c.Subject}", (string?)c.RegionCode, (DateTimeOffset?)c.DueAt)));
        }

        // Tasks past their deadline: a unit's own (TaskService.MayReport), or all of the jurisdiction's for the headquarters.
        var tasks = jurisdiction.Scope(db.Tasks.AsNoTracking()).Where(t => (t.State == TaskState.Open || t.State == TaskState.InProgress) && t.DueAt != null && t.DueAt < now);
        if (!user.IsInRole(Roles.Headquarters))
        {
            var unit = user.Unit();
            var region = user.RegionCode();
            tasks = unit is null ? tasks.Where(t => false) : tasks.Where(t => t.Unit == unit && t.RegionCode == region);
        }
        var topTasks = await tasks.OrderBy(t => t.DueAt).Take(Shown).Select(t => new { t.Title, t.Unit, t.RegionCode, t.DueAt }).ToListAsync(ct);
        await Add(TodoKind.OverdueTasks, "/tasks", await tasks.CountAsync(ct), topTasks.Select(t => ($"{t.Title} · {t.Unit}", (string?)t.RegionCode, t.DueAt)));
        return groups;
    }
}
