using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.People;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Plans;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Meetings;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Inspections;

public sealed record NewInspector(string? Unit, int? PersonId);

/// <param name="RegisterUnit">The entry of the units' "五有" register the inspection checks (optional; its results then record there).</param>
public sealed record NewInspection(string? Region, string? Title, string? Checklist, string? InspectedUnit, string? Place, DateTimeOffset? ScheduledAt, IReadOnlyList<NewInspector>? Inspectors,
    int? RegisterUnit = null);

public sealed record FindingResult(string? ItemId, bool? Passed, string? Note);

public sealed record InspectionResults(IReadOnlyList<FindingResult>? Findings, int? Version);

public sealed record RectificationOrder(string? Requirement, DateTimeOffset? DueAt, int? Version);

public sealed record Reinspection(bool? Passed, string? Note, int? Version);

public sealed record NewAccountability(long? FindingId, string? Who, string? Unit, string? What, string? Decision, DateTimeOffset? DecidedAt);

public sealed record Photo(string Name, string ContentType, byte[] Content);

/// <summary>One unit's inspection record: how often inspected, the items found wanting, those still open, ordered and overdue.</summary>
public sealed record UnitInspectionStats(string Region, string Unit, int Inspections, int Findings, int OpenFindings, int OpenRectifications, int Overdue);

/// <summary>
/// Inspections (督查检查, requirement I2): 002 §五(七) "适时组成督导组…进行督查…对因工作落实不到位造成疫情扩散等严重后果的，依法问责惩处";
/// 003 §三(四) 专项督查; 004 督查检查组 "对各地区、各部门疫情防控履职尽责情况的督查检查…对工作不力、失职失责的实施问责"; 001 §5.1.9
/// 加强督导 ("五有三严"). The headquarters plans an inspection of a unit against a checklist of the plan (plan data, docs/plans.md
/// <c>inspections</c>), records each item's result with photos, orders the rectification of a failed item — a task of the inspected
/// unit with a deadline, followed up and pressed (督办) by the existing task machinery — re-inspects (closing or re-opening the
/// finding) and records who was held to account. Every step audited; the inspected unit notified.
/// </summary>
public sealed class InspectionService(AppDbContext db, FactsCache facts, TimeProvider clock, Notifier notifier, MeetingService meetings, Readiness.ReadinessSignal readiness)
{
    public const string Clause = "002 §五(七)";

    public const int MaxInspectors = 50;

    public const int MaxPhotosPerFinding = 10;

    public const int MaxPhotoBytes = 5 * 1024 * 1024;

    public static readonly Keyset<Inspection> Newest = Keyset<Inspection>.By(i => i.ScheduledAt, i => i.Id, descending: true);

    public static readonly ListShape<Inspection, InspectionState> Shape = new(i => i.State, i => i.ScheduledAt, i => i.Title, i => i.InspectedUnit);

    public static readonly Keyset<UnitInspectionStats> ByUnit = Keyset<UnitInspectionStats>.By(s => s.Unit, s => s.Region);

    /// <summary>The headquarters (its 督查检查组) plans and makes inspections, orders rectification and records accountability.</summary>
    public static bool MayInspect(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters);

    /// <summary>The checklists of the plan in force (plan data).</summary>
    public IReadOnlyList<InspectionChecklist> Checklists => facts.Plan.Inspections;

    public Task<Page<Inspection>> ListAsync(Jurisdiction jurisdiction, ListFilter<InspectionState> filter, PageRequest page, CancellationToken ct) =>
        Newest.PageAsync(Shape.Apply(db.Inspections.AsNoTracking(), jurisdiction, filter), page, i => i, ct);

    public async Task<Inspection?> FindAsync(long id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.Inspections.AsNoTracking()).Include(i => i.Inspectors).Include(i => i.Findings).AsSplitQuery().FirstOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>The photos (without their content) and the accountability records of an inspection.</summary>
    public async Task<(List<InspectionPhoto> Photos, List<InspectionAccountability> Accountability)> RecordsAsync(Inspection inspection, CancellationToken ct)
    {
        var photos = await db.InspectionPhotos.AsNoTracking().Where(p => p.InspectionId == inspection.Id).OrderBy(p => p.Id)
            .Select(p => new InspectionPhoto { Id = p.Id, InspectionId = p.InspectionId, FindingId = p.FindingId, Name = p.Name, ContentType = p.ContentType, Content = Array.Empty<byte>(), At = p.At, By = p.By })
            .ToListAsync(ct);
        var accountability = await db.InspectionAccountabilities.AsNoTracking().Where(a => a.InspectionId == inspection.Id).OrderBy(a => a.Id).ToListAsync(ct);
        return (photos, accountability);
    }

    /// <summary>The tasks the rectification orders became, for their state and progress.</summary>
    public async Task<Dictionary<long, ResponseTask>> TasksAsync(Inspection inspection, CancellationToken ct)
    {
        var ids = inspection.Findings.Where(f => f.TaskId != null).Select(f => f.TaskId!.Value).ToList();
        return await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
    }

    /// <summary>The people named as inspectors, by id.</summary>
    public async Task<Dictionary<int, Person>> PeopleAsync(IEnumerable<Inspection> inspections, CancellationToken ct)
    {
        var ids = inspections.SelectMany(i => i.Inspectors).Where(a => a.PersonId != null).Select(a => a.PersonId!.Value).Distinct().ToList();
        return await db.People.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
    }

    private static List<string> Ancestry(Region region) => region.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>The units that may inspect in <paramref name="region"/>: its organisation's and those of the regions above (a city group inspects a county).</summary>
    public async Task<List<string>> InspectorUnitsAsync(Region region, CancellationToken ct)
    {
        var units = new List<string>();
        foreach (var code in Ancestry(region).AsEnumerable().Reverse()) units.AddRange(await meetings.UnitsAsync(code, ct));
        return units.Distinct().ToList();
    }

    /// <summary>The people who may be named as inspectors: those of the region and of the regions above it, at most a page.</summary>
    public async Task<List<Person>> InspectorChoicesAsync(Region region, CancellationToken ct)
    {
        var above = Ancestry(region);
        return await db.People.AsNoTracking().Where(p => above.Contains(p.RegionCode)).OrderBy(p => p.RegionPath.Length).ThenBy(p => p.Unit).ThenBy(p => p.Name)
            .Take(Paging.MaxPageSize).ToListAsync(ct);
    }

    public async Task<Outcome<Inspection>> PlanAsync(NewInspection request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayInspect(user)) return Problem.Forbidden("inspection-not-allowed", Messages.InspectionNotAllowed);
        var found = await RegionLookup.FindAsync(jurisdiction, db, request.Region, "region", ct);
        if (found.Problem is { } noRegion) return noRegion;
        var region = found.Value!;
        var errors = new FieldErrors();
        if (region.Level is not (RegionLevel.City or RegionLevel.County or RegionLevel.Province)) errors.Add("region", Messages.InspectionLevel);
        var title = errors.Text("title", request.Title, 200, Messages.Required(new("督查检查名称", "the title")));
        var checklistId = errors.Text("checklist", request.Checklist, 60, Messages.Required(new("检查清单", "the checklist")));
        var checklist = checklistId is null ? null : Checklists.FirstOrDefault(c => c.Id == checklistId);
        if (checklistId is not null && checklist is null) errors.Add("checklist", Messages.NoSuchChecklist(checklistId));
        var units = await meetings.UnitsAsync(region.Code, ct);
        var inspected = errors.Text("inspectedUnit", request.InspectedUnit, Limits.LineCharacters, Messages.Required(new("被检查单位", "the unit inspected")));
        if (inspected is not null && !units.Contains(inspected)) errors.Add("inspectedUnit", Messages.NotAnOrganisationUnit(inspected));
        var place = errors.Text("place", request.Place, 200);
        var now = clock.GetUtcNow();
        if (request.ScheduledAt?.ToUniversalTime() is not { } scheduledAt)
        {
            errors.Add("scheduledAt", Messages.Required(new("检查时间", "the date")));
            scheduledAt = now;
        }
        errors.NotFarAhead("scheduledAt", scheduledAt, now);
        var inspectorUnits = await InspectorUnitsAsync(region, ct);
        var above = Ancestry(region);
        var people = request.Inspectors?.Where(a => a.PersonId is not null).Select(a => a.PersonId!.Value).Distinct().ToList() ?? [];
        var known = await db.People.AsNoTracking().Where(p => people.Contains(p.Id) && above.Contains(p.RegionCode)).Select(p => p.Id).ToListAsync(ct);
        var inspectors = new List<InspectionInspector>();
        if (request.Inspectors is not { Count: > 0 }) errors.Add("inspectors", Messages.InspectionNeedsInspectors);
        else if (request.Inspectors.Count > MaxInspectors) errors.Add("inspectors", Messages.TooManyItems(MaxInspectors));
        else
        {
            for (var i = 0; i < request.Inspectors.Count; i++)
            {
                var item = request.Inspectors[i];
                var unit = errors.Text($"inspectors[{i}].unit", item.Unit, Limits.LineCharacters, Messages.Required(new("检查单位", "the inspecting unit")));
                if (unit is not null && !inspectorUnits.Contains(unit)) errors.Add($"inspectors[{i}].unit", Messages.NotAnOrganisationUnit(unit));
                if (item.PersonId is { } person && !known.Contains(person)) errors.Add($"inspectors[{i}].personId", Messages.NoSuchPerson(person));
                if (unit is not null) inspectors.Add(new InspectionInspector { Unit = unit, PersonId = item.PersonId });
            }
        }
        if (request.RegisterUnit is { } registerId)
        {
            // 001 §5.1.9 加强督导…落实"五有三严": the register's unit must lie in the inspected region, the checklist record something of it,
            // and the three stricts only a medical institution's.
            var entry = await jurisdiction.Scope(db.UnitPreparedness.AsNoTracking()).Where(u => u.Id == registerId && u.RegionPath.StartsWith(region.Path))
                .Select(u => new { u.Kind }).FirstOrDefaultAsync(ct);
            if (entry is null) errors.Add("registerUnit", Messages.NoSuchRegistryEntry(new Text("单位", "unit").ToString(), registerId));
            else if (checklist is not null && checklist.Items.All(i => i.Register is null)) errors.Add("registerUnit", Messages.ChecklistRecordsNoRegister(checklist.Name));
            else if (checklist is not null && entry.Kind != Data.Readiness.UnitKind.MedicalInstitution && checklist.Items.Any(i => i.Register is { } r && ChecklistItem.StrictItems.Contains(r)))
                errors.Add("registerUnit", Messages.UnitStrictsMedicalOnly);
        }
        if (errors.Problem is { } invalid) return invalid;

        var inspection = new Inspection
        {
            RegionCode = region.Code, RegionPath = region.Path, Title = title!, ChecklistId = checklist!.Id, ChecklistName = checklist.Name, Clause = checklist.Clause,
            InspectedUnit = inspected!, Place = place, RegisterUnitId = request.RegisterUnit, ScheduledAt = scheduledAt, State = InspectionState.Planned, CreatedBy = user.UserName(), CreatedAt = now,
            Inspectors = inspectors,
            Findings = checklist.Items.Select((item, n) => new InspectionFinding { Number = n + 1, ItemId = item.Id, Clause = item.Clause, Text = item.Text, Register = item.Register, State = FindingState.Pending }).ToList(),
        };
        db.Inspections.Add(inspection);
        var messages = Notifier.Add(db, now, new Message(region.Code, region.Path, $"督查检查通知：{inspection.Title}",
            $"定于 {ChinaTime.Format(scheduledAt)} 对{inspection.InspectedUnit}{(place is null ? "" : $"（{place}）")}开展督查检查（{checklist.Name}，{checklist.Clause}）。检查单位：{string.Join("、", inspectors.Select(a => a.Unit).Distinct())}。",
            "/inspections", Unit: inspection.InspectedUnit)).ToList();
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("inspection.planned", inspection, new
        {
            inspection.Title, inspection.ChecklistId, inspection.InspectedUnit, inspection.Place, inspection.RegisterUnitId, inspection.ScheduledAt,
            inspectors = inspectors.Select(a => new { a.Unit, a.PersonId }).ToList(),
        })], ct);
        await notifier.SendAsync(db, messages, ct);
        return inspection;
    }

    /// <summary>The result of every checklist item (pass, or fail with a note saying what was found); failed items become open findings.</summary>
    public async Task<Outcome<Inspection>> RecordResultsAsync(long id, InspectionResults results, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (inspection, refused) = await WritableAsync(id, user, jurisdiction, ct);
        if (refused is not null) return refused;
        if (inspection!.State != InspectionState.Planned) return Problem.Conflict("inspection-state", Messages.InspectionAlreadyInspected(id));
        if (results.Version is { } seen && seen != inspection.Version) return Problem.Conflict("inspection-changed", Messages.InspectionChangedMeanwhile(id));
        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        var given = new Dictionary<string, (bool Passed, string? Note)>();
        if (results.Findings is not { Count: > 0 }) errors.Add("findings", Messages.FindingsRequired);
        else if (results.Findings.Count > inspection.Findings.Count) errors.Add("findings", Messages.TooManyItems(inspection.Findings.Count));
        else
        {
            for (var i = 0; i < results.Findings.Count; i++)
            {
                var item = results.Findings[i];
                var itemId = errors.Text($"findings[{i}].itemId", item.ItemId, 60, Messages.Required(new("检查项", "the checklist item")));
                if (itemId is not null && inspection.Findings.All(f => f.ItemId != itemId)) errors.Add($"findings[{i}].itemId", Messages.NoSuchChecklistItem(itemId));
                else if (itemId is not null && given.ContainsKey(itemId)) errors.Add($"findings[{i}].itemId", Messages.ItemGivenTwice(itemId));
                if (item.Passed is null) errors.Add($"findings[{i}].passed", Messages.Required(new("检查结果（合格或不合格）", "whether it passed")));
                var note = errors.Text($"findings[{i}].note", item.Note, Limits.NoteCharacters, item.Passed == false ? Messages.FailedNeedsNote : null, multiline: true);
                if (itemId is not null && item.Passed is { } passed && !given.ContainsKey(itemId)) given[itemId] = (passed, note);
            }
            var missing = inspection.Findings.Where(f => !given.ContainsKey(f.ItemId)).Select(f => f.Text).ToList();
            if (!errors.Any && missing.Count > 0) errors.Add("findings", Messages.ItemsWithoutResult(string.Join("、", missing)));
        }
        if (errors.Problem is { } invalid) return invalid;

        foreach (var finding in inspection.Findings)
        {
            var (passed, note) = given[finding.ItemId];
            finding.State = passed ? FindingState.Passed : FindingState.Failed;
            finding.Note = note;
            finding.Version++;
        }
        var failed = inspection.Findings.Where(f => f.State == FindingState.Failed).ToList();
        inspection.State = failed.Count == 0 ? InspectionState.Closed : InspectionState.Inspected;
        inspection.InspectedAt = now;
        inspection.InspectedBy = user.UserName();
        if (failed.Count == 0) inspection.ClosedAt = now;
        inspection.Version++;
        var messages = Notifier.Add(db, now, new Message(inspection.RegionCode, inspection.RegionPath, $"督查检查结果：{inspection.Title}",
            failed.Count == 0 ? $"{inspection.InspectedUnit}督查检查各项合格。" : $"{inspection.InspectedUnit}督查检查发现问题 {failed.Count} 项：{string.Join("；", failed.Select(f => f.Text))}。",
            "/inspections", Unit: inspection.InspectedUnit)).ToList();
        var registered = await RecordOnRegisterAsync(inspection, inspection.Findings, user, now, ct);
        var saved = await SaveAsync(inspection, user, now, () =>
        {
            List<AuditRecord> records = [Audit("inspection.inspected", inspection, new
            {
                passed = inspection.Findings.Count(f => f.State == FindingState.Passed),
                failed = failed.Select(f => new { f.Id, f.ItemId, f.Note }).ToList(),
            })];
            if (registered is not null) records.Add(registered);
            return records;
        }, ct);
        if (saved.Problem is null) await notifier.SendAsync(db, messages, ct);
        if (saved.Problem is null && registered is not null) readiness.Changed();
        return saved;
    }

    /// <summary>A rectification order for a failed item: a task of the inspected unit with its deadline (督办 as any task); the unit is notified.</summary>
    public async Task<Outcome<Inspection>> OrderRectificationAsync(long id, long findingId, RectificationOrder order, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (inspection, finding, refused) = await FindingAsync(id, findingId, order.Version, user, jurisdiction, ct);
        if (refused is not null) return refused;
        if (finding!.State != FindingState.Failed) return Problem.Conflict("finding-state", Messages.FindingNotOpen(findingId));
        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        var requirement = errors.Text("requirement", order.Requirement, Limits.NoteCharacters, Messages.Required(new("整改要求", "what is to be put right")), multiline: true);
        var due = order.DueAt?.ToUniversalTime() ?? now;
        if (order.DueAt is null) errors.Add("dueAt", Messages.DueRequired);
        else
        {
            if (due <= now) errors.Add("dueAt", Messages.DueMustBeAhead);
            errors.NotFarAhead("dueAt", due, now);
        }
        if (errors.Problem is { } invalid) return invalid;

        var task = new ResponseTask
        {
            PlanId = facts.Plan.Id, RegionCode = inspection!.RegionCode, RegionPath = inspection.RegionPath, DecisionId = null, Level = "",
            MeasureId = $"inspection-{inspection.Id}", Clause = Clause, Title = Shorten($"督查整改：{finding.Text}（{inspection.Title}）"),
            Text = $"{finding.Text}：{finding.Note}\n整改要求：{requirement}", Unit = inspection.InspectedUnit, CreatedAt = now, DueAt = due, State = TaskState.Open,
        };
        db.Tasks.Add(task);
        finding.State = FindingState.Rectifying;
        finding.Requirement = requirement;
        finding.DueAt = due;
        finding.Version++;
        inspection.Version++;
        var messages = Notifier.Add(db, now, new Message(inspection.RegionCode, inspection.RegionPath, $"督查整改通知：{finding.Text}",
            $"{inspection.Title}发现：{finding.Text}（{finding.Note}）。整改要求：{requirement}。请{inspection.InspectedUnit}于 {ChinaTime.Format(due)} 前整改到位并报告。", "/tasks",
            Unit: inspection.InspectedUnit)).ToList();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            finding.TaskId = task.Id;
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [Audit("inspection.rectification-ordered", inspection, new { finding = finding.Id, finding.ItemId, requirement, due, task = task.Id }),
                 new AuditRecord("task.created", "task", task.Id.ToString(CultureInfo.InvariantCulture), new { task.Title, task.Unit, task.DueAt, inspection = inspection.Id }, task.RegionPath)], ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("finding-changed", Messages.FindingChangedMeanwhile(findingId));
        }
        await notifier.SendAsync(db, messages, ct);
        return inspection;
    }

    /// <summary>
    /// Re-inspection (复查) of an open finding: passed closes it (销号) — and its rectification task, if the unit has not closed it
    /// itself — and the inspection once nothing is open; not passed re-opens it for a new order. Two at once: one 409.
    /// </summary>
    public async Task<Outcome<Inspection>> ReinspectAsync(long id, long findingId, Reinspection request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (inspection, finding, refused) = await FindingAsync(id, findingId, request.Version, user, jurisdiction, ct);
        if (refused is not null) return refused;
        if (finding!.State is not (FindingState.Failed or FindingState.Rectifying)) return Problem.Conflict("finding-state", Messages.FindingNotOpen(findingId));
        var errors = new FieldErrors();
        if (request.Passed is not { } passed)
        {
            errors.Add("passed", Messages.Required(new("复查结果（合格或不合格）", "whether it passed")));
            passed = false;
        }
        var note = errors.Text("note", request.Note, Limits.NoteCharacters, passed ? null : Messages.FailedNeedsNote, multiline: true);
        if (errors.Problem is { } invalid) return invalid;

        var now = clock.GetUtcNow();
        finding.ReinspectionNote = note;
        finding.Version++;
        ResponseTask? task = null;
        if (passed)
        {
            finding.State = FindingState.Closed;
            finding.ClosedAt = now;
            finding.ClosedBy = user.UserName();
            if (finding.TaskId is { } taskId)
            {
                task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId && (t.State == TaskState.Open || t.State == TaskState.InProgress), ct);
                if (task is not null)
                {
                    task.State = TaskState.Closed;
                    task.ClosedAt = now;
                    task.ClosedReason = "督查复查合格，整改销号";
                    task.Version++;
                }
            }
            if (inspection!.Findings.All(f => f.State is FindingState.Passed or FindingState.Closed))
            {
                inspection.State = InspectionState.Closed;
                inspection.ClosedAt = now;
            }
        }
        else
        {
            finding.State = FindingState.Failed;
            finding.Reopened++;
        }
        inspection!.Version++;
        var registered = await RecordOnRegisterAsync(inspection, [finding], user, now, ct);
        var saved = await SaveAsync(inspection, user, now, () =>
        {
            List<AuditRecord> records = [Audit(passed ? "inspection.finding-closed" : "inspection.finding-reopened", inspection, new { finding = finding.Id, finding.ItemId, note, inspection = EnumNames.Of(inspection.State) })];
            if (task is not null) records.Add(new AuditRecord("task.closed", "task", task.Id.ToString(CultureInfo.InvariantCulture), new { reason = task.ClosedReason, inspection = inspection.Id }, task.RegionPath));
            if (registered is not null) records.Add(registered);
            return records;
        }, ct, Messages.FindingChangedMeanwhile(findingId));
        if (saved.Problem is null && registered is not null) readiness.Changed();
        return saved;
    }

    /// <summary>A photo for a finding: JPEG, PNG or WebP by its content (not by what the client says), at most <see cref="MaxPhotoBytes"/>.</summary>
    public async Task<Outcome<InspectionPhoto>> AddPhotoAsync(long id, long findingId, Photo photo, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (inspection, finding, refused) = await FindingAsync(id, findingId, null, user, jurisdiction, ct);
        if (refused is not null) return refused;
        if (photo.Content.Length == 0) return Problem.Invalid("file", Messages.EmptyAttachment(photo.Name));
        if (photo.Content.Length > MaxPhotoBytes) return Problem.Invalid("file", Messages.AttachmentTooLarge(photo.Name, MaxPhotoBytes));
        if (ImageType(photo.Content) is not { } type) return Problem.Invalid("file", Messages.NotAPhoto(photo.Name));
        if (TextFields.Check("file", photo.Name, 200, Messages.AttachmentName) is { } badName) return badName;
        if (await db.InspectionPhotos.CountAsync(p => p.FindingId == finding!.Id, ct) >= MaxPhotosPerFinding) return Problem.Rule("too-many-photos", Messages.TooManyPhotos(MaxPhotosPerFinding));
        var now = clock.GetUtcNow();
        var stored = new InspectionPhoto { InspectionId = inspection!.Id, FindingId = finding!.Id, Name = photo.Name.Trim(), ContentType = type, Content = photo.Content, At = now, By = user.UserName() };
        db.InspectionPhotos.Add(stored);
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("inspection.photo-added", inspection, new { finding = finding.Id, photo = stored.Id, stored.Name, stored.ContentType, bytes = stored.Content.Length })], ct);
        return stored;
    }

    /// <summary>A photo of an inspection of the jurisdiction, or null.</summary>
    public async Task<InspectionPhoto?> PhotoAsync(long id, long photoId, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!await jurisdiction.Scope(db.Inspections.AsNoTracking()).AnyAsync(i => i.Id == id, ct)) return null;
        return await db.InspectionPhotos.AsNoTracking().FirstOrDefaultAsync(p => p.Id == photoId && p.InspectionId == id, ct);
    }

    /// <summary>An accountability record (问责): who, of which unit, for what, and the decision; on an inspection made, optionally for one of its findings.</summary>
    public async Task<Outcome<InspectionAccountability>> RecordAccountabilityAsync(long id, NewAccountability request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (inspection, refused) = await WritableAsync(id, user, jurisdiction, ct);
        if (refused is not null) return refused;
        if (inspection!.State == InspectionState.Planned) return Problem.Rule("inspection-not-made", Messages.InspectionNotMadeYet(id));
        var now = clock.GetUtcNow();
        var errors = new FieldErrors();
        if (request.FindingId is { } findingId && inspection.Findings.All(f => f.Id != findingId)) errors.Add("findingId", Messages.NoSuchFinding(findingId));
        var who = errors.Text("who", request.Who, 100, Messages.Required(new("问责对象", "who is held to account")));
        var unit = errors.Text("unit", request.Unit, 100, Messages.Required(new("所在单位", "their unit")));
        var what = errors.Text("what", request.What, Limits.NoteCharacters, Messages.Required(new("问责事由", "what for")), multiline: true);
        var decision = errors.Text("decision", request.Decision, Limits.NoteCharacters, Messages.Required(new("处理决定", "the decision")), multiline: true);
        if (request.DecidedAt?.ToUniversalTime() is not { } decidedAt)
        {
            errors.Add("decidedAt", Messages.Required(new("决定时间", "when it was decided")));
            decidedAt = now;
        }
        errors.NotAhead("decidedAt", decidedAt, now);
        if (errors.Problem is { } invalid) return invalid;

        var record = new InspectionAccountability
        {
            InspectionId = inspection.Id, FindingId = request.FindingId, Who = who!, Unit = unit!, What = what!, Decision = decision!, DecidedAt = decidedAt,
            RecordedBy = user.UserName(), RecordedAt = now,
        };
        db.InspectionAccountabilities.Add(record);
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("inspection.accountability", inspection, new { record.Id, record.FindingId, record.Who, record.Unit, record.What, record.Decision, record.DecidedAt })], ct);
        return record;
    }

    /// <summary>
    /// Inspection statistics per inspected unit of the jurisdiction (or of <paramref name="regionPath"/>), a page at a time by unit name:
    /// inspections, items found wanting, those still open, under a rectification order, and overdue.
    /// </summary>
    public async Task<Page<UnitInspectionStats>> StatsAsync(Jurisdiction jurisdiction, string regionPath, PageRequest page, CancellationToken ct)
    {
        var inspections = jurisdiction.Scope(db.Inspections.AsNoTracking());
        if (regionPath != jurisdiction.Path) inspections = inspections.Where(i => i.RegionPath.StartsWith(regionPath));
        var counts = await inspections.GroupBy(i => new { i.RegionCode, i.InspectedUnit }).Select(g => new { g.Key.RegionCode, g.Key.InspectedUnit, Count = g.Count() }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var findings = await inspections.Join(db.InspectionFindings, i => i.Id, f => f.InspectionId, (i, f) => new { i.RegionCode, i.InspectedUnit, f.State, f.DueAt })
            .Where(f => f.State == FindingState.Failed || f.State == FindingState.Rectifying || f.State == FindingState.Closed)
            .GroupBy(f => new { f.RegionCode, f.InspectedUnit })
            .Select(g => new
            {
                g.Key.RegionCode, g.Key.InspectedUnit, Found = g.Count(),
                Open = g.Count(f => f.State == FindingState.Failed || f.State == FindingState.Rectifying),
                Rectifying = g.Count(f => f.State == FindingState.Rectifying),
                Overdue = g.Count(f => f.State == FindingState.Rectifying && f.DueAt < now),
            }).ToListAsync(ct);
        var rows = counts.Select(c =>
        {
            var f = findings.FirstOrDefault(x => x.RegionCode == c.RegionCode && x.InspectedUnit == c.InspectedUnit);
            return new UnitInspectionStats(c.RegionCode, c.InspectedUnit, c.Count, f?.Found ?? 0, f?.Open ?? 0, f?.Rectifying ?? 0, f?.Overdue ?? 0);
        }).OrderBy(r => r.Unit, StringComparer.Ordinal).ThenBy(r => r.Region, StringComparer.Ordinal).ToList();
        return ByUnit.PageOf(rows, page, r => r);
    }

    private async Task<(Inspection?, Problem?)> WritableAsync(long id, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var inspection = await jurisdiction.Scope(db.Inspections).Include(i => i.Findings).AsSplitQuery().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (inspection is null) return (null, Problem.NotFound("no-such-inspection", Messages.NoSuchInspection(id)));
        if (!MayInspect(user)) return (null, Problem.Forbidden("inspection-not-allowed", Messages.InspectionNotAllowed));
        return (inspection, null);
    }

    private async Task<(Inspection?, InspectionFinding?, Problem?)> FindingAsync(long id, long findingId, int? version, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (inspection, refused) = await WritableAsync(id, user, jurisdiction, ct);
        if (refused is not null) return (null, null, refused);
        var finding = inspection!.Findings.FirstOrDefault(f => f.Id == findingId);
        if (finding is null) return (null, null, Problem.NotFound("no-such-finding", Messages.NoSuchFinding(findingId)));
        if (version is { } seen && seen != finding.Version) return (null, null, Problem.Conflict("finding-changed", Messages.FindingChangedMeanwhile(findingId)));
        return (inspection, finding, null);
    }

    private async Task<Outcome<Inspection>> SaveAsync(Inspection inspection, ClaimsPrincipal user, DateTimeOffset now, Func<IReadOnlyList<AuditRecord>> audit, CancellationToken ct, Text? conflict = null)
    {
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [.. audit()], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("inspection-changed", conflict ?? Messages.InspectionChangedMeanwhile(inspection.Id));
        }
        return inspection;
    }

    /// <summary>The image type by the file's first bytes: JPEG, PNG or WebP, else null (what the client declares is not trusted).</summary>
    public static string? ImageType(ReadOnlySpan<byte> content)
    {
        if (content.Length >= 3 && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF) return "image/jpeg";
        if (content.Length >= 8 && content[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (content.Length >= 12 && content[..4].SequenceEqual("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        return null;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..119] + "…";

    /// <summary>
    /// 001 §5.1.9 加强督导…落实"五有三严": the one rule joining inspections to the units' register. When an inspection names a register entry,
    /// each of <paramref name="findings"/> whose item records a register entry sets it to the finding's standing — passed or closed on
    /// re-inspection: in place; failed or under rectification: wanting — and the day checked to today. A change is a new version of
    /// the register's entry (a concurrent change of it makes the save a 409), audited as <c>unit.changed</c> naming the inspection.
    /// </summary>
    private async Task<AuditRecord?> RecordOnRegisterAsync(Inspection inspection, IEnumerable<InspectionFinding> findings, ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct)
    {
        if (inspection.RegisterUnitId is not { } unitId) return null;
        var unit = await db.UnitPreparedness.FirstOrDefaultAsync(u => u.Id == unitId, ct);
        if (unit is null) return null;
        var changes = new Dictionary<string, bool>();
        foreach (var finding in findings.Where(f => f.Register is not null && f.State != FindingState.Pending))
        {
            var inPlace = finding.State is FindingState.Passed or FindingState.Closed;
            // A register keeps the three stricts for medical institutions only (RegistryService.CheckUnit).
            if (unit.Kind != Data.Readiness.UnitKind.MedicalInstitution && ChecklistItem.StrictItems.Contains(finding.Register!)) continue;
            if (Readiness.RegistryService.SetRegisterItem(unit, finding.Register!, inPlace)) changes[finding.Register!] = inPlace;
        }
        var today = ChinaTime.DayOf(now);
        if (changes.Count == 0 && unit.CheckedOn == today) return null;
        unit.CheckedOn = today;
        unit.Version++;
        unit.UpdatedBy = user.UserName();
        unit.UpdatedAt = now;
        return new AuditRecord("unit.changed", "unit", unit.Id.ToString(CultureInfo.InvariantCulture),
            new { unit.Name, inspection = inspection.Id, changes, checkedOn = today, unit.Version }, unit.RegionPath);
    }

    private static AuditRecord Audit(string action, Inspection inspection, object data) =>
        new(action, "inspection", inspection.Id.ToString(CultureInfo.InvariantCulture), data, inspection.RegionPath);
}
