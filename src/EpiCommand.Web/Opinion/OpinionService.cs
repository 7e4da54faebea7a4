using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Meetings;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Publications;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Opinion;

public sealed record NewOpinion(string? Region, string? Source, string? Channel, string? Summary, string? Link, DateTimeOffset? ObservedAt, string? Sensitivity);

public sealed record OpinionAssessment(int? Version, string? Sensitivity, string? Assessment, string? Handler, DateTimeOffset? DueAt);

public sealed record NewRebuttal(int? Version, string? Claim, string? Facts);

public sealed record OpinionClosing(int? Version, string? Note);

/// <summary>
/// Public-opinion monitoring (舆情监测, requirement I5). The plans ask for it in so many words: 001 §5.1.5 "积极开展舆情监测…及时向公众
/// 解疑释惑，回应社会关切"; 001 §5.3.9 "加强舆情分析研判，有针对性地回应社会关切，科学解疑释惑，澄清不实传言"; 001 §5.4.7
/// "澄清不实传言，消除恐慌情绪"; 002 §五(六) "加强舆情监测"; 004 新闻宣传组 "加强境内外舆情监测、研判与处置，发布权威信息，及时组织辟谣";
/// 004 §九(四)6 "开展舆情监测". The flow:
/// <list type="number">
/// <item>a unit's user (headquarters or CDC staff) reports an item of its city or county — source, summary, link, when seen,
/// sensitivity; a highly sensitive one (高度敏感) notifies the headquarters of the region and the one above, in the app and by robot;</item>
/// <item>the region's own headquarters assesses it (研判): the sensitivity confirmed, who handles it and by when — a task of the
/// existing machinery (督办, progress, overdue announced);</item>
/// <item>the rebuttal (辟谣) is drafted by the region's headquarters or CDC staff as a publication of kind rebuttal and approved by a
/// second person of that headquarters through the publication machinery (four eyes, <see cref="PublicationService.PublishAsync"/>);
/// on approval the item is responded and the rebuttal is on the public page, the public API and the feed;</item>
/// <item>the headquarters closes the item (with or without a rebuttal: not every item calls for one), the handler's task with it.</item>
/// </list>
/// Every step audited; the region scoping is the jurisdiction's.
/// </summary>
public sealed class OpinionService(AppDbContext db, FactsCache facts, TimeProvider clock, Notifier notifier, MeetingService meetings)
{
    /// <summary>The clause the handler's task cites.</summary>
    public const string Clause = "001 §5.3.9";

    public const int RebuttalCharacters = 1_000;

    public static readonly Keyset<OpinionItem> Newest = Keyset<OpinionItem>.By(o => o.Id, descending: true);

    public static readonly ListShape<OpinionItem, OpinionState> Shape = new(o => o.State, o => o.ObservedAt, o => o.Summary);

    /// <summary>Reporting: the units' users — headquarters and CDC staff.</summary>
    public static bool MayReport(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Investigator);

    /// <summary>Assessing and closing: the headquarters of the item's own region (the level that owns it).</summary>
    public static bool MayHandle(ClaimsPrincipal user, OpinionItem item) => user.RegionCode() == item.RegionCode && user.IsInRole(Roles.Headquarters);

    /// <summary>Drafting the rebuttal: as any release, the region's own headquarters or CDC staff (<see cref="PublicationService.MayDraft"/>).</summary>
    public static bool MayDraftRebuttal(ClaimsPrincipal user, OpinionItem item) => PublicationService.MayDraft(user, item.RegionCode);

    public async Task<Page<OpinionItem>> ListAsync(Jurisdiction jurisdiction, ListFilter<OpinionState> filter, OpinionSensitivity? sensitivity, PageRequest page, CancellationToken ct)
    {
        var query = Shape.Apply(db.OpinionItems.AsNoTracking(), jurisdiction, filter);
        if (sensitivity is { } s) query = query.Where(o => o.Sensitivity == s);
        return await Newest.PageAsync(query, page, o => o, ct);
    }

    public async Task<OpinionItem?> FindAsync(long id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.OpinionItems.AsNoTracking()).FirstOrDefaultAsync(o => o.Id == id, ct);

    /// <summary>The handlers' tasks and the rebuttals of <paramref name="items"/>, by id (for the overdue mark and the rebuttal's state).</summary>
    public async Task<(Dictionary<long, ResponseTask> Tasks, Dictionary<long, Publication> Rebuttals)> LinkedAsync(IEnumerable<OpinionItem> items, CancellationToken ct)
    {
        var list = items.ToList();
        var taskIds = list.Where(o => o.TaskId != null).Select(o => o.TaskId!.Value).ToList();
        var rebuttalIds = list.Where(o => o.RebuttalId != null).Select(o => o.RebuttalId!.Value).ToList();
        var tasks = taskIds.Count == 0 ? [] : await db.Tasks.AsNoTracking().Where(t => taskIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var rebuttals = rebuttalIds.Count == 0 ? [] : await db.Publications.AsNoTracking().Where(p => rebuttalIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return (tasks, rebuttals);
    }

    /// <summary>The units that may handle an item of <paramref name="regionCode"/>: its organisation's member units, working groups and office.</summary>
    public Task<List<string>> HandlersAsync(string regionCode, CancellationToken ct) => meetings.UnitsAsync(regionCode, ct);

    public async Task<Outcome<OpinionItem>> ReportAsync(NewOpinion request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayReport(user)) return Problem.Forbidden("opinion-report-not-allowed", Messages.OpinionReportNotAllowed);
        var found = await RegionLookup.FindAsync(jurisdiction, db, request.Region, "region", ct);
        if (found.Problem is { } noRegion) return noRegion;
        var region = found.Value!;
        var errors = new FieldErrors();
        if (region.Level is not (RegionLevel.City or RegionLevel.County)) errors.Add("region", Messages.OpinionLevel);
        if (!EnumNames.TryParse<OpinionSource>(request.Source, out var source)) errors.Add("source", Messages.OneOf(request.Source ?? "", EnumNames.List<OpinionSource>()));
        if (!EnumNames.TryParse<OpinionSensitivity>(request.Sensitivity, out var sensitivity))
            errors.Add("sensitivity", Messages.OneOf(request.Sensitivity ?? "", EnumNames.List<OpinionSensitivity>()));
        var channel = errors.Text("channel", request.Channel, Limits.LineCharacters);
        var summary = errors.Text("summary", request.Summary, Limits.NoteCharacters, Messages.Required(new("舆情摘要", "the summary")), multiline: true);
        var link = errors.Text("link", request.Link, 500);
        if (link is not null && (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host)))
            errors.Add("link", Messages.OpinionLink);
        var now = clock.GetUtcNow();
        var observedAt = request.ObservedAt?.ToUniversalTime();
        if (observedAt is null) errors.Add("observedAt", Messages.Required(new("发现时间", "when it was seen")));
        else errors.NotAhead("observedAt", observedAt, now);
        if (errors.Problem is { } invalid) return invalid;

        var item = new OpinionItem
        {
            RegionCode = region.Code, RegionPath = region.Path, Source = source, Channel = channel, Summary = summary!, Link = link, ObservedAt = observedAt!.Value,
            Sensitivity = sensitivity, State = OpinionState.Reported, ReportedBy = user.UserName(), ReportingUnit = user.Unit(), ReportedAt = now,
        };
        db.OpinionItems.Add(item);
        var messages = sensitivity == OpinionSensitivity.High ? await AlarmAsync(item, region, now, ct) : [];
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
            [Audit("opinion.reported", item, new { item.Source, item.Channel, item.Summary, item.Link, item.ObservedAt, item.Sensitivity, notified = messages.Count })], ct);
        await notifier.SendAsync(db, messages, ct);
        return item;
    }

    /// <summary>研判: the sensitivity confirmed, the handling unit and its deadline — a task for the unit. Reported → assessed.</summary>
    public async Task<Outcome<OpinionItem>> AssessAsync(long id, OpinionAssessment request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (item, refused) = await WritableAsync(id, request.Version, user, jurisdiction, MayHandle, ct);
        if (refused is not null) return refused;
        var errors = new FieldErrors();
        if (!EnumNames.TryParse<OpinionSensitivity>(request.Sensitivity, out var sensitivity))
            errors.Add("sensitivity", Messages.OneOf(request.Sensitivity ?? "", EnumNames.List<OpinionSensitivity>()));
        var assessment = errors.Text("assessment", request.Assessment, Limits.NoteCharacters, Messages.Required(new("研判意见", "the assessment")), multiline: true);
        var handler = errors.Text("handler", request.Handler, Limits.LineCharacters, Messages.Required(new("处置单位", "the handling unit")));
        if (handler is not null && !(await HandlersAsync(item!.RegionCode, ct)).Contains(handler)) errors.Add("handler", Messages.NotAnOrganisationUnit(handler));
        var now = clock.GetUtcNow();
        var due = request.DueAt?.ToUniversalTime();
        if (due is null) errors.Add("dueAt", Messages.DueRequired);
        else
        {
            if (due <= now) errors.Add("dueAt", Messages.DueMustBeAhead);
            errors.NotFarAhead("dueAt", due, now);
        }
        if (errors.Problem is { } invalid) return invalid;
        if (item!.State != OpinionState.Reported) return Problem.Conflict("opinion-state", Messages.OpinionAssessedAlready(id));

        var raised = sensitivity == OpinionSensitivity.High && item.Sensitivity != OpinionSensitivity.High;
        item.Sensitivity = sensitivity;
        item.Assessment = assessment;
        item.Handler = handler;
        item.DueAt = due;
        item.AssessedBy = user.UserName();
        item.AssessedAt = now;
        item.State = OpinionState.Assessed;
        item.Version++;
        var task = new ResponseTask
        {
            PlanId = facts.Plan.Id, RegionCode = item.RegionCode, RegionPath = item.RegionPath, DecisionId = null, Level = "", MeasureId = $"opinion-{item.Id}",
            Clause = Clause, Title = Shorten($"舆情处置：{item.Summary}", 120), Text = $"{item.Summary}\n研判意见：{assessment}", Unit = handler!, CreatedAt = now, DueAt = due,
            State = TaskState.Open,
        };
        db.Tasks.Add(task);
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == item.RegionCode, ct);
        var messages = new List<Message>(Notifier.Add(db, now, new Message(item.RegionCode, item.RegionPath, $"舆情处置：{Shorten(item.Summary, 40)}",
            $"请{handler}于 {ChinaTime.Format(due!.Value)} 前完成舆情处置并报告进展。研判意见：{assessment}", "/tasks", Unit: handler)));
        if (raised) messages.AddRange(await AlarmAsync(item, region, now, ct));
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            item.TaskId = task.Id;
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [Audit("opinion.assessed", item, new { item.Sensitivity, item.Assessment, item.Handler, item.DueAt, task = task.Id }),
                 new AuditRecord("task.created", "task", task.Id.ToString(CultureInfo.InvariantCulture), new { task.Title, task.Unit, task.DueAt, opinion = item.Id }, task.RegionPath)], ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("opinion-changed", Messages.OpinionChangedMeanwhile(id));
        }
        await notifier.SendAsync(db, messages, ct);
        return item;
    }

    /// <summary>辟谣: a draft release of kind rebuttal, for a second person of the headquarters to approve (four eyes).</summary>
    public async Task<Outcome<Publication>> DraftRebuttalAsync(long id, NewRebuttal request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (item, refused) = await WritableAsync(id, request.Version, user, jurisdiction, MayDraftRebuttal, ct);
        if (refused is not null) return refused;
        var errors = new FieldErrors();
        var claim = errors.Text("claim", request.Claim, RebuttalCharacters, Messages.Required(new("不实传言", "the claim rebutted")), multiline: true);
        var factsText = errors.Text("facts", request.Facts, RebuttalCharacters, Messages.Required(new("权威信息（事实）", "the facts")), multiline: true);
        if (claim is not null && PublicationService.HoldsPersonalData(claim)) errors.Add("claim", Messages.RebuttalHoldsPersonalData);
        if (factsText is not null && PublicationService.HoldsPersonalData(factsText)) errors.Add("facts", Messages.RebuttalHoldsPersonalData);
        if (errors.Problem is { } invalid) return invalid;
        if (item!.State != OpinionState.Assessed) return Problem.Conflict("opinion-state", Messages.OpinionNotAssessed(id));
        if (item.RebuttalId is { } pending && await db.Publications.AnyAsync(p => p.Id == pending && p.State != PublicationState.Withdrawn, ct))
            return Problem.Conflict("rebuttal-pending", Messages.RebuttalPending(id));

        var now = clock.GetUtcNow();
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == item.RegionCode, ct);
        var content = new PublicContent(null, null, null, new RebuttalContent(claim!, factsText!));
        var publication = new Publication
        {
            RegionCode = item.RegionCode, RegionPath = item.RegionPath, Kind = PublicationKind.Rebuttal, Day = ChinaTime.Today(clock),
            Title = $"{region.Name}辟谣：{Shorten(claim!, 60)}", Content = JsonSerializer.Serialize(content, PublicationService.Json), State = PublicationState.Draft,
            DraftedBy = user.UserName(), DraftedAt = now,
        };
        item.Rebuttal = publication;
        item.Version++;
        db.Publications.Add(publication);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [new AuditRecord("publication.drafted", "publication", publication.Id.ToString(CultureInfo.InvariantCulture),
                     new { publication.Kind, publication.Day, publication.Title, opinion = item.Id }, publication.RegionPath),
                 Audit("opinion.rebuttal-drafted", item, new { rebuttal = publication.Id, claim, facts = factsText })], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("opinion-changed", Messages.OpinionChangedMeanwhile(id));
        }
        return publication;
    }

    /// <summary>Assessed or responded → closed, with a note; the handler's task is done with it.</summary>
    public async Task<Outcome<OpinionItem>> CloseAsync(long id, OpinionClosing request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (item, refused) = await WritableAsync(id, request.Version, user, jurisdiction, MayHandle, ct);
        if (refused is not null) return refused;
        if (TextFields.Check("note", request.Note, Limits.NoteCharacters, Messages.Required(new("办结情况", "how it was handled")), multiline: true) is { } badNote) return badNote;
        if (item!.State is not (OpinionState.Assessed or OpinionState.Responded)) return Problem.Conflict("opinion-state", Messages.OpinionNotClosable(id));
        if (item.RebuttalId is { } pending && await db.Publications.AnyAsync(p => p.Id == pending && p.State == PublicationState.Draft, ct))
            return Problem.Conflict("rebuttal-pending", Messages.RebuttalPending(id));
        var now = clock.GetUtcNow();
        item.State = OpinionState.Closed;
        item.ClosedBy = user.UserName();
        item.ClosedAt = now;
        item.CloseNote = request.Note!.Trim();
        item.Version++;
        var records = new List<AuditRecord> { Audit("opinion.closed", item, new { note = item.CloseNote }) };
        if (item.TaskId is { } taskId && await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId, ct) is { } task && Tasks.TaskService.IsActive(task.State))
        {
            task.State = TaskState.Done;
            task.Progress = 100;
            task.DoneAt = now;
            task.DoneBy = user.UserName();
            task.Version++;
            db.TaskUpdates.Add(new TaskUpdate { TaskId = task.Id, At = now, By = user.UserName(), Note = $"舆情已办结：{item.CloseNote}", Progress = 100 });
            records.Add(new AuditRecord("task.done", "task", task.Id.ToString(CultureInfo.InvariantCulture), new { note = item.CloseNote, opinion = item.Id, overdue = task.DueAt < now }, task.RegionPath));
        }
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => records, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("opinion-changed", Messages.OpinionChangedMeanwhile(id));
        }
        return item;
    }

    /// <summary>
    /// Called in the unit of work that publishes <paramref name="publication"/>: when it is an item's rebuttal, the item is responded
    /// (in the same save, so a refused approval changes nothing). Returns the audit entry to write with it, or null.
    /// </summary>
    public static async Task<AuditRecord?> RespondedAsync(AppDbContext db, Publication publication, DateTimeOffset now, CancellationToken ct)
    {
        if (publication.Kind != PublicationKind.Rebuttal) return null;
        var item = await db.OpinionItems.FirstOrDefaultAsync(o => o.RebuttalId == publication.Id && o.State == OpinionState.Assessed, ct);
        if (item is null) return null;
        item.State = OpinionState.Responded;
        item.RespondedAt = now;
        item.Version++;
        return Audit("opinion.responded", item, new { rebuttal = publication.Id });
    }

    /// <summary>A withdrawn rebuttal takes the item back to assessed (if it was not closed meanwhile), for a corrected one.</summary>
    public static async Task<AuditRecord?> RebuttalWithdrawnAsync(AppDbContext db, Publication publication, CancellationToken ct)
    {
        if (publication.Kind != PublicationKind.Rebuttal) return null;
        var item = await db.OpinionItems.FirstOrDefaultAsync(o => o.RebuttalId == publication.Id && o.State == OpinionState.Responded, ct);
        if (item is null) return null;
        item.State = OpinionState.Assessed;
        item.RespondedAt = null;
        item.Version++;
        return Audit("opinion.rebuttal-withdrawn", item, new { rebuttal = publication.Id });
    }

    private async Task<(OpinionItem?, Problem?)> WritableAsync(long id, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, Func<ClaimsPrincipal, OpinionItem, bool> may,
        CancellationToken ct)
    {
        var item = await jurisdiction.Scope(db.OpinionItems).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (item is null) return (null, Problem.NotFound("no-such-opinion", Messages.NoSuchOpinion(id)));
        if (!may(user, item)) return (null, Problem.Forbidden("opinion-not-allowed", Messages.OpinionHandleNotAllowed));
        if (version is { } seen && seen != item.Version) return (null, Problem.Conflict("opinion-changed", Messages.OpinionChangedMeanwhile(id)));
        return (item, null);
    }

    /// <summary>A highly sensitive item: the headquarters of its region and of the region above are told at once (in the app and by robot).</summary>
    private async Task<List<Message>> AlarmAsync(OpinionItem item, Region region, DateTimeOffset now, CancellationToken ct)
    {
        var regions = new List<(string Code, string Path)> { (region.Code, region.Path) };
        if (region.Level == RegionLevel.County && region.ParentCode is { } parentCode
            && await db.Regions.AsNoTracking().Where(r => r.Code == parentCode).Select(r => r.Path).FirstOrDefaultAsync(ct) is { } parentPath)
            regions.Add((parentCode, parentPath));
        var title = $"高度敏感舆情：{region.Name}";
        var body = $"{Messages.OpinionSourceName(item.Source).Zh}{(item.Channel is null ? "" : $"（{item.Channel}）")} {ChinaTime.Format(item.ObservedAt)}：{Shorten(item.Summary, 200)}";
        return Notifier.Add(db, now, regions.Select(r => new Message(r.Code, r.Path, title, body, "/opinion", Role: Roles.Headquarters))).ToList();
    }

    private static string Shorten(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }

    private static AuditRecord Audit(string action, OpinionItem item, object data) =>
        new(action, "opinion", item.Id.ToString(CultureInfo.InvariantCulture), data, item.RegionPath);
}
