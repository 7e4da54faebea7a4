using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Clocks;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Surveillance;

public sealed record NewCase(
    string? Id, string? Classification, string? Severity, string? PersonName, string? ResidentId, string? Phone, string? Region,
    DateTimeOffset? OnsetAt, DateTimeOffset? FoundAt, DateTimeOffset? ReportedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? IsolatedAt,
    string? InfectionSource, string? Setting, IReadOnlyList<string>? LinkedTo, IReadOnlyList<string>? Settings = null);

/// <summary>Where a new case's references lead: the registry asks the database, a line-list import an index it loaded once.</summary>
public interface ICaseReferences
{
    ValueTask<(RegionAccess Access, Region? Region)> FindRegionAsync(string code, CancellationToken ct);

    /// <summary>Whether a setting of this id lies within the jurisdiction.</summary>
    ValueTask<bool> SettingExistsAsync(string id, CancellationToken ct);
}

/// <summary>What the checks made of a <see cref="NewCase"/>: the case to store, or why not (invalid fields, or a region outside the jurisdiction).</summary>
public sealed record CaseCheck(CaseRecord? Case, Problem? Problem);

/// <summary>
/// The checks a new case passes whether it is typed in or read from a line list (requirements B1, J3). Errors are
/// keyed by the field names of <see cref="NewCase"/>. Whether the id is free and whether the linked cases exist is
/// left to the caller: the registry asks the database, an import first reads the whole file.
/// </summary>
public static partial class CaseRules
{
    public const int MaxNameLength = PersonFields.MaxNameLength;

    public static async Task<CaseCheck> CheckAsync(NewCase request, ICaseReferences references, string user, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var id = request.Id?.Trim();
        if (string.IsNullOrEmpty(id)) errors.Add("id", Messages.CaseIdRequired);
        else if (!RecordId().IsMatch(id)) errors.Add("id", Messages.NotACaseId(id));

        Classification classification = default;
        if (!EnumNames.TryParse(request.Classification, out classification)) errors.Add("classification", Messages.OneOf(request.Classification ?? "", EnumNames.List<Classification>()));
        Severity? severity = null;
        if (request.Severity is not null)
        {
            if (!EnumNames.TryParse<Severity>(request.Severity, out var parsed)) errors.Add("severity", Messages.OneOf(request.Severity, EnumNames.List<Severity>()));
            else if (classification != Classification.Confirmed) errors.Add("severity", Messages.SeverityOnlyConfirmed);
            else severity = parsed;
        }
        var (name, residentId, phone) = PersonFields.Check(errors, request.PersonName, request.ResidentId, request.Phone);

        Region? region = null;
        if (string.IsNullOrWhiteSpace(request.Region)) errors.Add("region", Messages.RegionRequired);
        else
        {
            (var access, region) = await references.FindRegionAsync(request.Region.Trim(), ct);
            if (access == RegionAccess.NotFound) errors.Add("region", Messages.NoSuchRegion(request.Region.Trim()));
            if (access == RegionAccess.Forbidden) return new CaseCheck(null, Problem.Forbidden("outside-jurisdiction", Messages.OutsideJurisdiction(request.Region.Trim())));
        }

        if (request.ReportedAt is not { } reportedAt) errors.Add("reportedAt", Messages.ReportedAtRequired);
        else if (reportedAt > now.AddMinutes(5)) errors.Add("reportedAt", Messages.InFuture);
        errors.NotAhead("onsetAt", request.OnsetAt, now);
        errors.NotAhead("foundAt", request.FoundAt, now);
        errors.NotAhead("confirmedAt", request.ConfirmedAt, now);
        errors.NotAhead("isolatedAt", request.IsolatedAt, now);
        if (request.OnsetAt is { } onset && request.ReportedAt is { } reported && onset > reported && !errors.Has("onsetAt")) errors.Add("onsetAt", Messages.OnsetAfterReport);
        if (request.FoundAt is { } found && request.ReportedAt is { } reported2 && found > reported2 && !errors.Has("foundAt")) errors.Add("foundAt", Messages.FoundAfterReport);

        InfectionSource? source = null;
        if (request.InfectionSource is not null)
        {
            if (EnumNames.TryParse<InfectionSource>(request.InfectionSource, out var parsedSource)) source = parsedSource;
            else errors.Add("infectionSource", Messages.OneOf(request.InfectionSource, EnumNames.List<InfectionSource>()));
        }
        if (request.Setting is { Length: > 0 } settingId && !await references.SettingExistsAsync(settingId, ct)) errors.Add("setting", Messages.NoSuchSetting(settingId));
        // A case may name several settings (`setting` and/or `settings`); each counts once (requirements: "Cluster").
        var others = request.Settings ?? [];
        for (var i = 0; i < others.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(others[i])) continue;
            if (!await references.SettingExistsAsync(others[i].Trim(), ct)) errors.Add($"settings[{i}]", Messages.NoSuchSetting(others[i].Trim()));
        }
        var settings = new[] { request.Setting }.Concat(others).Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var linked = request.LinkedTo?.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()).Distinct().ToList() ?? [];
        if (linked.FirstOrDefault(l => !RecordId().IsMatch(l)) is { } notAnId) errors.Add("linkedTo", Messages.NotACaseId(notAnId.Length > 40 ? notAnId[..40] : notAnId));

        if (errors.Problem is { } invalid) return new CaseCheck(null, invalid);
        var record = new CaseRecord
        {
            Id = id!, Classification = classification, Severity = severity, PersonName = name!,
            ResidentId = residentId, Phone = phone, RegionCode = region!.Code, RegionPath = region.Path,
            OnsetAt = request.OnsetAt?.ToUniversalTime(), FoundAt = request.FoundAt?.ToUniversalTime(), ReportedAt = request.ReportedAt!.Value.ToUniversalTime(),
            ConfirmedAt = request.ConfirmedAt?.ToUniversalTime(), IsolatedAt = request.IsolatedAt?.ToUniversalTime(), InfectionSource = source,
            SettingId = settings.FirstOrDefault(), OtherSettingIds = settings.Skip(1).ToList(), LinkedCaseIds = linked, CreatedAt = now, CreatedBy = user,
        };
        return new CaseCheck(record, null);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_\-]{0,39}\z")]
    public static partial System.Text.RegularExpressions.Regex RecordId();
}


/// <summary>
/// Registers cases: checks every field, keeps the case inside the user's jurisdiction, records the event,
/// starts the reporting clocks and tells the live picture that the facts changed.
/// </summary>
public sealed class CaseService(AppDbContext db, FactsCache facts, ClockService clocks, ClockOptions clockOptions, TimeProvider clock)
{
    /// <summary>Checks and stores a new case with its event and clocks.</summary>
    public async Task<Outcome<CaseRecord>> RegisterAsync(NewCase request, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var (record, problem) = await CaseRules.CheckAsync(request, new DatabaseReferences(db, jurisdiction), user, clock.GetUtcNow(), ct);
        if (problem is { Kind: ProblemKind.Forbidden }) return problem;
        var errors = new FieldErrors();
        errors.Add(problem);
        var id = request.Id?.Trim();
        // A case may be linked to any stored case, in the jurisdiction or not, as in the line-list import (CaseImport):
        // chains of transmission cross county lines. The answer tells no more than the id check above: that an id is taken.
        var linked = request.LinkedTo?.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()).Distinct().ToList() ?? [];
        if (linked.Count > 0 && !errors.Has("linkedTo"))
        {
            var known = await db.Cases.Where(c => linked.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
            var unknown = linked.Except(known).ToList();
            if (unknown.Count > 0) errors.Add("linkedTo", Messages.UnknownCases(unknown));
        }
        if (errors.Problem is { } invalid) return invalid;
        // An id taken anywhere answers the same 409, in the jurisdiction or not, once the rest is valid: it tells that the id
        // is unique, as it must, and not where the case lies or what it is (issue 13, defect 7).
        if (await db.Cases.AnyAsync(c => c.Id == id, ct)) return IdNotAvailable(id!);

        Add(record!, await CountyOfAsync(record!, ct), note: null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another registration of the same id committed between the check above and this insert.
            db.ChangeTracker.Clear();
            if (await db.Cases.AsNoTracking().AnyAsync(c => c.Id == record!.Id, CancellationToken.None)) return IdNotAvailable(record!.Id);
            throw;
        }
        facts.CasesChanged([record!.Id]);
        return record!;
    }

    /// <summary>A page of the cases a filter keeps, newest report first (issue 12 §1): the API and the Cases page both list through here.</summary>
    public Task<Page<CaseDto>> ListAsync(Jurisdiction jurisdiction, ListFilter<Classification> filter, PageRequest page, CancellationToken ct) =>
        CasePaging.Newest.PageAsync(Shape.Apply(db.Cases.AsNoTracking(), jurisdiction, filter, db.PersonLookup), page, CasesApi.ToDto, ct);

    /// <summary>A list of cases filters on the classification and the report time, and searches an id or a name prefix.</summary>
    public static readonly ListShape<CaseRecord, Classification> Shape = new(c => c.Classification, c => c.ReportedAt, c => c.Id, c => c.PersonName);
    /// <summary>The one answer to an id that is taken, wherever the record lies (issue 13, defect 7).</summary>
    public static Problem IdNotAvailable(string id) => Problem.Conflict("id-not-available", Messages.IdNotAvailable(id));

    /// <summary>
    /// Adds a checked case with its "registered" event and starts its clocks; the caller saves and invalidates the
    /// facts. <paramref name="county"/> is the county the case lies in (null above county level). A case read from a
    /// line list (<paramref name="imported"/>) starts only the clocks whose deadline is still ahead when it is added:
    /// a deadline that passed before the case reached the platform was met or missed elsewhere, and starting it would
    /// only raise an overdue alarm, to the headquarters and their group robots, for every row of an old list.
    /// </summary>
    public void Add(CaseRecord record, Region? county, string? note, bool imported = false)
    {
        db.Cases.Add(record);
        db.CaseEvents.Add(Registered(record, note));
        foreach (var (startsOn, subject, regionCode, regionPath, at) in ClockEvents(record, county, imported ? record.CreatedAt : null))
        {
            clocks.Start(startsOn, subject, regionCode, regionPath, at);
        }
    }

    /// <summary>The "registered" event of a new case.</summary>
    public static CaseEvent Registered(CaseRecord record, string? note) =>
        new() { CaseId = record.Id, At = record.CreatedAt, By = record.CreatedBy, Kind = "registered", To = EnumNames.Of(record.Classification), Note = note };

    /// <summary>
    /// The clocks a case read from a line list starts (as <see cref="Add"/> with <c>imported</c>), not checked against
    /// those stored: the bulk import stores them in one batch that skips a clock already running for its subject.
    /// </summary>
    public IEnumerable<ReportingClockInstance> ImportedClocks(CaseRecord record, Region? county) =>
        ClockEvents(record, county, record.CreatedAt).SelectMany(e => clocks.Instances(e.StartsOn, e.Subject, e.RegionCode, e.RegionPath, e.At));

    /// <summary>
    /// B1: the changes a case may go through — suspected → confirmed, asymptomatic or excluded; asymptomatic → confirmed;
    /// a confirmed case's severity; confirmed or asymptomatic → recovered or died. Anything else is refused with the reason.
    /// </summary>
    public async Task<Outcome<CaseRecord>> ReclassifyAsync(string id, Reclassification request, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var record = await jurisdiction.Scope(db.Cases).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (record is null) return Problem.NotFound("case-not-found", Messages.NoSuchCase(id));
        var now = clock.GetUtcNow();
        var classification = Parse<Classification>(request.Classification, "classification", errors);
        var severity = Parse<Severity>(request.Severity, "severity", errors);
        var outcome = Parse<CaseOutcome>(request.Outcome, "outcome", errors);
        var note = errors.Text("note", request.Note, Limits.NoteCharacters, multiline: true);
        if (errors.Problem is { } unreadable) return unreadable;
        if (classification is null && severity is null && outcome is null) errors.Add("classification", Messages.NothingToChange);
        if (record.Outcome is { } closed) errors.Add("outcome", Messages.CaseClosed(EnumNames.Of(closed)));
        if (errors.Problem is { } refused) return refused;
        var (wasClassified, wasSeverity) = (record.Classification, record.Severity);

        if (classification is { } to)
        {
            var allowed = record.Classification == Classification.Suspected ? to != Classification.Suspected : record.Classification == Classification.Asymptomatic && to == Classification.Confirmed;
            if (!allowed) errors.Add("classification", Messages.CannotBecome(EnumNames.Of(record.Classification), EnumNames.Of(to)));
            else
            {
                db.CaseEvents.Add(new CaseEvent { CaseId = id, At = now, By = user, Kind = "reclassified", From = EnumNames.Of(record.Classification), To = EnumNames.Of(to), Note = note });
                record.Classification = to;
                if (to == Classification.Confirmed) record.ConfirmedAt ??= now;
            }
        }
        if (severity is { } level)
        {
            if (record.Classification != Classification.Confirmed) errors.Add("severity", Messages.SeverityOnlyConfirmed);
            else
            {
                db.CaseEvents.Add(new CaseEvent { CaseId = id, At = now, By = user, Kind = "severity", From = record.Severity is { } s ? EnumNames.Of(s) : null, To = EnumNames.Of(level), Note = note });
                record.Severity = level;
            }
        }
        if (outcome is { } end)
        {
            if (end == CaseOutcome.Excluded && record.Classification != Classification.Suspected) errors.Add("outcome", Messages.OnlySuspectedExcluded);
            else if (end != CaseOutcome.Excluded && record.Classification == Classification.Suspected) errors.Add("outcome", Messages.SuspectedNotClosed);
            else
            {
                db.CaseEvents.Add(new CaseEvent { CaseId = id, At = now, By = user, Kind = "outcome", To = EnumNames.Of(end), Note = note });
                record.Outcome = end;
            }
        }
        if (errors.Problem is { } invalid)
        {
            db.ChangeTracker.Clear();
            return invalid;
        }
        // The change was judged on the case as read: it is stored only if the case is still so (a row lock on PostgreSQL, the
        // write lock on SQLite), so that of two changes sent at once one is stored and the other told (issue 13: six parallel
        // "recovered" were six 200s and six events).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var unchanged = await db.Cases.Where(c => c.Id == id && c.Classification == wasClassified && c.Severity == wasSeverity && c.Outcome == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Classification, c => c.Classification), ct);
        if (unchanged == 0)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Problem.Conflict("case-changed", Messages.CaseChanged(id));
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        facts.CasesChanged([record.Id]);
        return record;
    }

    private static T? Parse<T>(string? text, string field, FieldErrors errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (EnumNames.TryParse<T>(text, out var value)) return value;
        errors.Add(field, Messages.OneOf(text, EnumNames.List<T>()));
        return null;
    }

    /// <summary>001 §4.3, §5.2.4: finding and reporting a case start the report clocks; a county's first case of the year starts the emergency report.</summary>
    /// <summary>The clock events a new case raises; with <paramref name="runningAt"/>, only those with a clock still running then.</summary>
    private IEnumerable<(string StartsOn, string Subject, string RegionCode, string RegionPath, DateTimeOffset At)> ClockEvents(CaseRecord record, Region? county, DateTimeOffset? runningAt)
    {
        bool Running(string startsOn, DateTimeOffset at) =>
            runningAt is not { } now || facts.Plan.ReportingClocks.Any(c => c.StartsOn == startsOn && at.AddHours(c.DueHours ?? clockOptions.ImmediateHours) > now);

        var found = record.FoundAt ?? record.ReportedAt;
        if (Running("caseFound", found)) yield return ("caseFound", record.Id, record.RegionCode, record.RegionPath, found);
        if (Running("caseReported", record.ReportedAt)) yield return ("caseReported", record.Id, record.RegionCode, record.RegionPath, record.ReportedAt);
        if (record.Classification == Classification.Suspected || county is null) yield break;
        var year = ChinaTime.ToChina(record.ReportedAt).Year;
        if (Running("countyFirstCase", record.ReportedAt)) yield return ("countyFirstCase", $"{county.Code}/{year}", county.Code, county.Path, record.ReportedAt);
    }

    private async Task<Region?> CountyOfAsync(CaseRecord record, CancellationToken ct)
    {
        if (record.Classification == Classification.Suspected) return null;
        var codes = record.RegionPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => codes.Contains(r.Code) && r.Level == RegionLevel.County, ct);
    }

    private sealed class DatabaseReferences(AppDbContext db, Jurisdiction jurisdiction) : ICaseReferences
    {
        public async ValueTask<(RegionAccess Access, Region? Region)> FindRegionAsync(string code, CancellationToken ct) => await jurisdiction.FindRegionAsync(db, code, ct);

        public async ValueTask<bool> SettingExistsAsync(string id, CancellationToken ct) => await jurisdiction.Settings(db).AnyAsync(s => s.Id == id, ct);
    }
}
