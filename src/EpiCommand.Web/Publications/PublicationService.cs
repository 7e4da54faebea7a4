using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.DailyReports;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Publications;

/// <summary>A county's figures in a bulletin: from its submitted case report of the day (病情日报告), else from the record.</summary>
public sealed record BulletinRow(string Region, string RegionName, int NewConfirmed, int NewAsymptomatic, int UnderTreatment, bool Reported);

/// <summary>A medium- or high-risk area: a county at that risk (001 §1.6), or a published control zone or lockdown within it (001 §5.2.6).</summary>
public sealed record RiskArea(string Region, string RegionName, string Risk, string? Zone, string? ZoneKind, DateTimeOffset? Until);

/// <summary>A hospital of the readiness register with a fever clinic or a designation (001 §5.2.10).</summary>
public sealed record ClinicEntry(string Region, string RegionName, string Name, bool FeverClinic, string Designation);

/// <summary>A rumour rebuttal (辟谣, 001 §5.3.9 澄清不实传言): the claim and the facts, both checked for ID and phone numbers.</summary>
public sealed record RebuttalContent(string Claim, string Facts);

/// <summary>The released lists of one publication; only the one of its kind is set. Nothing in it names a person.</summary>
public sealed record PublicContent(IReadOnlyList<BulletinRow>? Cases, IReadOnlyList<RiskArea>? Areas, IReadOnlyList<ClinicEntry>? Hospitals, RebuttalContent? Rebuttal = null);

public sealed record NewPublication(string? Region, string? Kind, DateOnly? Day, string? Note);

public sealed record PublicationChange(int? Version, string? Reason);

/// <summary>
/// Public information (B7): the headquarters releases the daily bulletin, the medium/high-risk areas and the fever clinics and
/// designated hospitals. A release is drafted from the record — the content is computed here, never typed — and appears publicly
/// only once approved by a second person of the headquarters of the level that owns it. Who owns what:
/// <list type="bullet">
/// <item>the bulletin of case figures: the city (001 §4.5 市卫生健康委负责发布全市新冠肺炎疫情信息), never a county;</item>
/// <item>risk areas and control zones: the city or the county (001 §1.6 risk by county; §5.2.6 及时公布防控区域相关信息);</item>
/// <item>fever clinics and designated hospitals: the city or the county (001 §5.2.10 各地区要及时公布发热门诊和定点医疗机构信息);</item>
/// <item>rumour rebuttals: the city or the county whose public-opinion item it answers, drafted from the item (Opinion/OpinionService.cs).</item>
/// </list>
/// Every step is audited.
/// </summary>
public sealed partial class PublicationService(AppDbContext db, FactsCache facts, PictureCache pictures, TimeProvider clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Zones of these minimum units are never released: a household names its people (004 §九(一)6).</summary>
    public static readonly string[] PrivateUnitKinds = ["household"];

    public static readonly Keyset<Publication> Newest = Keyset<Publication>.By(p => p.Id, descending: true);

    public static readonly ListShape<Publication, PublicationState> Shape = new(p => p.State, p => p.DraftedAt, p => p.Title);

    public static PublicContent ContentOf(Publication publication) => JsonSerializer.Deserialize<PublicContent>(publication.Content, Json)!;

    /// <summary>The level that may release a kind (see the class summary).</summary>
    public static bool MayOwn(PublicationKind kind, RegionLevel level) => kind == PublicationKind.Bulletin ? level == RegionLevel.City : level is RegionLevel.City or RegionLevel.County;

    /// <summary>Drafting: the headquarters or the CDC staff of the owning region itself.</summary>
    public static bool MayDraft(ClaimsPrincipal user, string regionCode) =>
        user.RegionCode() == regionCode && (user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Investigator));

    /// <summary>Approving: the headquarters of the owning region itself, not a level above or below (the level owns what it says).</summary>
    public static bool MayPublish(ClaimsPrincipal user, Publication publication) =>
        user.RegionCode() == publication.RegionCode && user.IsInRole(Roles.Headquarters);

    public Task<Page<Publication>> ListAsync(Jurisdiction jurisdiction, ListFilter<PublicationState> filter, PageRequest page, CancellationToken ct) =>
        Newest.PageAsync(Shape.Apply(db.Publications.AsNoTracking(), jurisdiction, filter), page, p => p, ct);

    public async Task<Publication?> FindAsync(long id, Jurisdiction jurisdiction, CancellationToken ct) =>
        await jurisdiction.Scope(db.Publications.AsNoTracking()).FirstOrDefaultAsync(p => p.Id == id, ct);

    public async Task<Outcome<Publication>> DraftAsync(NewPublication request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Headquarters) && !user.IsInRole(Roles.Investigator)) return Problem.Forbidden("draft-publication-not-allowed", Messages.DraftPublicationNotAllowed);
        var found = await RegionLookup.FindAsync(jurisdiction, db, request.Region, "region", ct);
        if (found.Problem is { } noRegion) return noRegion;
        var region = found.Value!;
        if (!MayDraft(user, region.Code)) return Problem.Forbidden("draft-publication-not-allowed", Messages.DraftPublicationNotAllowed);
        var errors = new FieldErrors();
        if (!EnumNames.TryParse<PublicationKind>(request.Kind, out var kind)) errors.Add("kind", Messages.OneOf(request.Kind ?? "", EnumNames.List<PublicationKind>()));
        else if (kind == PublicationKind.Rebuttal) errors.Add("kind", Messages.RebuttalFromOpinion);
        else if (!MayOwn(kind, region.Level)) errors.Add("region", kind == PublicationKind.Bulletin ? Messages.BulletinIsTheCitys : Messages.PublicationLevel);
        var today = ChinaTime.Today(clock);
        var day = request.Day ?? today;
        if (day > today || day < DailyReportService.FirstDay) errors.Add("day", Messages.PublicationDay(DailyReportService.FirstDay));
        var note = errors.Text("note", request.Note, Limits.NoteCharacters, multiline: true);
        if (note is not null && HoldsPersonalData(note)) errors.Add("note", Messages.NoteHoldsPersonalData);
        if (errors.Problem is { } invalid) return invalid;

        var content = kind switch
        {
            PublicationKind.Bulletin => new PublicContent(await BulletinAsync(region, day, ct), null, null),
            PublicationKind.RiskAreas => new PublicContent(null, await RiskAreasAsync(region, day, ct), null),
            _ => new PublicContent(null, null, await ClinicsAsync(region, ct)),
        };
        var now = clock.GetUtcNow();
        var publication = new Publication
        {
            RegionCode = region.Code, RegionPath = region.Path, Kind = kind, Day = day, Title = $"{region.Name}{Messages.PublicationKindName(kind).Zh}（{day:yyyy年M月d日}）",
            Note = note, Content = JsonSerializer.Serialize(content, Json), State = PublicationState.Draft, DraftedBy = user.UserName(), DraftedAt = now,
        };
        db.Publications.Add(publication);
        await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => [Audit("publication.drafted", publication, new { publication.Kind, publication.Day, publication.Title })], ct);
        return publication;
    }

    /// <summary>Draft → published, by a second person of the owning headquarters; from now on the public sees it.</summary>
    public async Task<Outcome<Publication>> PublishAsync(long id, PublicationChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (publication, refused) = await WritableAsync(id, change, user, jurisdiction, ct);
        if (refused is not null) return refused;
        if (publication!.State != PublicationState.Draft) return Problem.Conflict("publication-state", Messages.OnlyDraftsPublishable(id));
        if (publication.DraftedBy == user.UserName()) return Problem.Forbidden("publisher-must-differ", Messages.PublisherMustDiffer);
        var now = clock.GetUtcNow();
        publication.State = PublicationState.Published;
        publication.PublishedBy = user.UserName();
        publication.PublishedAt = now;
        // A rebuttal's public-opinion item is responded in the same save (I5).
        var responded = await Opinion.OpinionService.RespondedAsync(db, publication, now, ct);
        return await SaveAsync(publication, user, now, "publication.published", new { publication.Kind, publication.Day }, ct, responded);
    }

    /// <summary>Published → withdrawn, with the reason: it leaves the public page, the API and the feed.</summary>
    public async Task<Outcome<Publication>> WithdrawAsync(long id, PublicationChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var (publication, refused) = await WritableAsync(id, change, user, jurisdiction, ct);
        if (refused is not null) return refused;
        if (publication!.State != PublicationState.Published) return Problem.Conflict("publication-state", Messages.OnlyPublishedWithdrawn(id));
        if (TextFields.Check("reason", change.Reason, Limits.NoteCharacters, Messages.Required(new("撤回理由", "the reason")), multiline: true) is { } badReason) return badReason;
        var now = clock.GetUtcNow();
        publication.State = PublicationState.Withdrawn;
        publication.WithdrawnBy = user.UserName();
        publication.WithdrawnAt = now;
        publication.WithdrawReason = change.Reason!.Trim();
        var reopened = await Opinion.OpinionService.RebuttalWithdrawnAsync(db, publication, ct);
        return await SaveAsync(publication, user, now, "publication.withdrawn", new { reason = publication.WithdrawReason }, ct, reopened);
    }

    private async Task<(Publication?, Problem?)> WritableAsync(long id, PublicationChange change, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        var publication = await jurisdiction.Scope(db.Publications).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (publication is null) return (null, Problem.NotFound("no-such-publication", Messages.NoSuchPublication(id)));
        if (!MayPublish(user, publication)) return (null, Problem.Forbidden("publish-not-allowed", Messages.PublishNotAllowed));
        if (change.Version is { } seen && seen != publication.Version) return (null, Problem.Conflict("publication-changed", Messages.PublicationChangedMeanwhile(id)));
        return (publication, null);
    }

    private async Task<Outcome<Publication>> SaveAsync(Publication publication, ClaimsPrincipal user, DateTimeOffset now, string action, object data, CancellationToken ct,
        AuditRecord? also = null)
    {
        publication.Version++;
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () => also is null ? [Audit(action, publication, data)] : [Audit(action, publication, data), also], ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("publication-changed", Messages.PublicationChangedMeanwhile(publication.Id));
        }
        return publication;
    }

    /// <summary>Each county's new cases of the day and those under treatment: its submitted case report (001 §5.2.1), else the record.</summary>
    private async Task<List<BulletinRow>> BulletinAsync(Region region, DateOnly day, CancellationToken ct)
    {
        var counties = await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(region.Path) && r.Level == RegionLevel.County).OrderBy(r => r.Code).ToListAsync(ct);
        var reports = await db.DailyReports.AsNoTracking().Where(r => r.RegionPath.StartsWith(region.Path) && r.Day == day && r.Kind == DailyReportKind.Cases)
            .ToDictionaryAsync(r => r.RegionCode, ct);
        var daily = new DailyReportService(db, facts, clock);
        var rows = new List<BulletinRow>();
        foreach (var county in counties)
        {
            if (reports.TryGetValue(county.Code, out var report))
            {
                rows.Add(new BulletinRow(county.Code, county.Name, report.NewConfirmed, report.NewAsymptomatic, report.UnderTreatment, true));
                continue;
            }
            var figures = await daily.FiguresAsync(county, day, ct);
            rows.Add(new BulletinRow(county.Code, county.Name, figures.NewConfirmed, figures.NewAsymptomatic, figures.UnderTreatment, false));
        }
        return rows;
    }

    /// <summary>The counties the assessment grades medium or high risk on the day (001 §1.6), and the published zones in force (001 §5.2.6).</summary>
    private async Task<List<RiskArea>> RiskAreasAsync(Region region, DateOnly day, CancellationToken ct)
    {
        var picture = await new PictureService(db, facts, pictures, clock).GetAsync(region, day, ct);
        var risky = picture.Rows.Where(r => r.Risk is "medium" or "high").ToList();
        var areas = risky.Select(r => new RiskArea(r.Code, r.Name, r.Risk!, null, null, null)).ToList();
        var at = day >= ChinaTime.Today(clock) ? clock.GetUtcNow() : ChinaTime.StartOf(day.AddDays(1));
        var zones = await db.ControlZones.AsNoTracking()
            .Where(z => z.RegionPath.StartsWith(region.Path) && z.State == ZoneState.Published && z.StartsAt <= at && z.EndsAt > at && !PrivateUnitKinds.Contains(z.UnitKind))
            .OrderBy(z => z.RegionCode).ThenBy(z => z.Id).Take(Paging.MaxPageSize).ToListAsync(ct);
        var codes = zones.Select(z => z.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        foreach (var zone in zones)
        {
            // A zone is high risk (封控); the county's grade, when higher, is listed above.
            areas.Add(new RiskArea(zone.RegionCode, names.GetValueOrDefault(zone.RegionCode, zone.RegionCode), "high", zone.Name, zone.Kind == ZoneKind.Lockdown ? "lockdown" : zone.UnitKind, zone.EndsAt));
        }
        return areas;
    }

    /// <summary>The register's hospitals with a fever clinic or a designation (001 §5.1.3(2), §5.2.10).</summary>
    private async Task<List<ClinicEntry>> ClinicsAsync(Region region, CancellationToken ct)
    {
        var hospitals = await db.Hospitals.AsNoTracking()
            .Where(h => h.RegionPath.StartsWith(region.Path) && (h.FeverClinic || h.Designation != Domain.Readiness.Designation.None))
            .OrderBy(h => h.RegionCode).ThenBy(h => h.Name).Take(500).ToListAsync(ct);
        var codes = hospitals.Select(h => h.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return hospitals.Select(h => new ClinicEntry(h.RegionCode, names.GetValueOrDefault(h.RegionCode, h.RegionCode), h.Name, h.FeverClinic, EnumNames.Of(h.Designation))).ToList();
    }

    /// <summary>An 18-digit resident ID (GB 11643) or a mainland mobile or landline number.</summary>
    public static bool HoldsPersonalData(string text) => PersonalData().IsMatch(text);

    [GeneratedRegex(@"(?<!\d)(\d{17}[\dXx]|1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")]
    private static partial Regex PersonalData();

    private static AuditRecord Audit(string action, Publication publication, object data) =>
        new(action, "publication", publication.Id.ToString(CultureInfo.InvariantCulture), data, publication.RegionPath);

    /// <summary>The published releases the public sees: newest first, a page at a time, optionally of one kind.</summary>
    public Task<Page<Publication>> PublishedAsync(PublicationKind? kind, PageRequest page, CancellationToken ct)
    {
        var query = db.Publications.AsNoTracking().Where(p => p.State == PublicationState.Published);
        if (kind is { } k) query = query.Where(p => p.Kind == k);
        return Newest.PageAsync(query, page, p => p, ct);
    }

    /// <summary>The latest published release of a kind per region (the current list), at most <see cref="Paging.MaxPageSize"/> regions.</summary>
    public async Task<List<Publication>> CurrentAsync(PublicationKind kind, CancellationToken ct)
    {
        var latest = await db.Publications.AsNoTracking().Where(p => p.State == PublicationState.Published && p.Kind == kind)
            .GroupBy(p => p.RegionCode).Select(g => g.Max(p => p.Id)).Take(Paging.MaxPageSize).ToListAsync(ct);
        return await db.Publications.AsNoTracking().Where(p => latest.Contains(p.Id)).OrderBy(p => p.RegionPath).ToListAsync(ct);
    }

    /// <summary>The names the public sees as the publisher: the headquarters of the region (never a person).</summary>
    public async Task<Dictionary<string, string>> PublishersAsync(IEnumerable<string> regionCodes, CancellationToken ct)
    {
        var codes = regionCodes.Distinct().ToList();
        var regions = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var hqs = await db.Headquarters.AsNoTracking().Where(h => codes.Contains(h.RegionCode)).ToDictionaryAsync(h => h.RegionCode, h => h.Name, ct);
        return codes.ToDictionary(c => c, c => hqs.GetValueOrDefault(c) ?? $"{regions.GetValueOrDefault(c, c)}疫情防控指挥部");
    }
}
