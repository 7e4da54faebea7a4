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
    string? InfectionSource, string? Setting, IReadOnlyList<string>? LinkedTo);

/// <summary>Where a new case's references lead: the registry asks the database, a line-list import an index it loaded once.</summary>
public interface ICaseReferences
{
    ValueTask<(RegionAccess Access, Region? Region)> FindRegionAsync(string code, CancellationToken ct);

    /// <summary>Whether a setting of this id lies within the jurisdiction.</summary>
    ValueTask<bool> SettingExistsAsync(string id, CancellationToken ct);
}

/// <summary>What the checks made of a <see cref="NewCase"/>: the case to store, or the errors by field.</summary>
public sealed record CaseCheck(CaseRecord? Case, Dictionary<string, string[]> Errors, bool Forbidden);

/// <summary>
/// The checks a new case passes whether it is typed in or read from a line list (requirements B1, J3). Errors are
/// keyed by the field names of <see cref="NewCase"/>. Whether the id is free and whether the linked cases exist is
/// left to the caller: the registry asks the database, an import first reads the whole file.
/// </summary>
public static partial class CaseRules
{
    public const int MaxNameLength = 50;

    public static async Task<CaseCheck> CheckAsync(NewCase request, ICaseReferences references, string user, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(request.Id)) Error("id", "Case id is required.");
        else if (!RecordId().IsMatch(request.Id)) Error("id", $"'{request.Id}' is not a case id (letters, digits and - _, at most 40).");

        Classification classification = default;
        if (!EnumNames.TryParse(request.Classification, out classification)) Error("classification", $"'{request.Classification}' is not one of {EnumNames.List<Classification>()}.");
        Severity? severity = null;
        if (request.Severity is not null)
        {
            if (!EnumNames.TryParse<Severity>(request.Severity, out var parsed)) Error("severity", $"'{request.Severity}' is not one of {EnumNames.List<Severity>()}.");
            else if (classification != Classification.Confirmed) Error("severity", "Only a confirmed case has a severity.");
            else severity = parsed;
        }
        if (string.IsNullOrWhiteSpace(request.PersonName)) Error("personName", "The person's name is required.");
        else if (request.PersonName.Trim().Length > MaxNameLength) Error("personName", $"A name has at most {MaxNameLength} characters.");
        string? residentId = null;
        if (!string.IsNullOrWhiteSpace(request.ResidentId))
        {
            if (ResidentId.TryParse(request.ResidentId, out var parsedId, out var idError)) residentId = parsedId!.Value;
            else Error("residentId", idError!);
        }
        if (!string.IsNullOrWhiteSpace(request.Phone) && !Phone().IsMatch(request.Phone)) Error("phone", $"'{request.Phone}' is not a phone number.");

        Region? region = null;
        var forbidden = false;
        if (string.IsNullOrWhiteSpace(request.Region)) Error("region", "The region (down to the community) is required.");
        else
        {
            (var access, region) = await references.FindRegionAsync(request.Region, ct);
            if (access == RegionAccess.NotFound) Error("region", $"No region has the code '{request.Region}'.");
            forbidden = access == RegionAccess.Forbidden;
        }

        if (request.ReportedAt is not { } reportedAt) Error("reportedAt", "The report time is required.");
        else if (reportedAt > now.AddMinutes(5)) Error("reportedAt", $"The report time {ChinaTime.Format(reportedAt)} lies in the future.");
        if (request.OnsetAt is { } onset && request.ReportedAt is { } reported && onset > reported) Error("onsetAt", "Onset cannot be after the report.");
        if (request.FoundAt is { } found && request.ReportedAt is { } reported2 && found > reported2) Error("foundAt", "The case cannot be found after it was reported.");

        InfectionSource? source = null;
        if (request.InfectionSource is not null)
        {
            if (EnumNames.TryParse<InfectionSource>(request.InfectionSource, out var parsedSource)) source = parsedSource;
            else Error("infectionSource", $"'{request.InfectionSource}' is not one of {EnumNames.List<InfectionSource>()}.");
        }
        if (request.Setting is { Length: > 0 } settingId && !await references.SettingExistsAsync(settingId, ct)) Error("setting", $"No setting '{settingId}' in your jurisdiction.");
        var linked = request.LinkedTo?.Where(l => !string.IsNullOrWhiteSpace(l)).Distinct().ToList() ?? [];

        if (forbidden || errors.Count > 0) return new CaseCheck(null, errors, forbidden);
        var record = new CaseRecord
        {
            Id = request.Id!.Trim(), Classification = classification, Severity = severity, PersonName = request.PersonName!.Trim(),
            ResidentId = residentId, Phone = request.Phone?.Trim(), RegionCode = region!.Code, RegionPath = region.Path,
            OnsetAt = request.OnsetAt?.ToUniversalTime(), FoundAt = request.FoundAt?.ToUniversalTime(), ReportedAt = request.ReportedAt!.Value.ToUniversalTime(),
            ConfirmedAt = request.ConfirmedAt?.ToUniversalTime(), IsolatedAt = request.IsolatedAt?.ToUniversalTime(), InfectionSource = source,
            SettingId = string.IsNullOrWhiteSpace(request.Setting) ? null : request.Setting, LinkedCaseIds = linked, CreatedAt = now, CreatedBy = user,
        };
        return new CaseCheck(record, errors, false);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_\-]{0,39}$")]
    public static partial System.Text.RegularExpressions.Regex RecordId();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(1\d{10}|0\d{2,3}-?\d{7,8})$")]
    public static partial System.Text.RegularExpressions.Regex Phone();
}

/// <summary>
/// Registers cases: checks every field, keeps the case inside the user's jurisdiction, records the event,
/// starts the reporting clocks and tells the live picture that the facts changed.
/// </summary>
public sealed class CaseService(AppDbContext db, FactsCache facts, ClockService clocks, ClockOptions clockOptions, TimeProvider clock)
{
    /// <summary>Errors keyed by field; empty when the case was stored.</summary>
    public async Task<(CaseRecord? Case, Dictionary<string, string[]> Errors, bool Forbidden)> RegisterAsync(NewCase request, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var (record, errors, forbidden) = await CaseRules.CheckAsync(request, new DatabaseReferences(db, jurisdiction), user, clock.GetUtcNow(), ct);
        if (!errors.ContainsKey("id") && await db.Cases.AnyAsync(c => c.Id == request.Id, ct)) errors["id"] = [$"A case with id '{request.Id}' already exists."];
        var linked = request.LinkedTo?.Where(l => !string.IsNullOrWhiteSpace(l)).Distinct().ToList() ?? [];
        if (linked.Count > 0)
        {
            var known = await db.Cases.Where(c => linked.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
            var unknown = linked.Except(known).ToList();
            if (unknown.Count > 0) errors["linkedTo"] = [$"Unknown case id(s): {string.Join(", ", unknown)}."];
        }

        if (forbidden) return (null, errors, true);
        if (errors.Count > 0) return (null, errors, false);

        Add(record!, await CountyOfAsync(record!, ct), note: null);
        await db.SaveChangesAsync(ct);
        facts.Invalidate();
        return (record, errors, false);
    }

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
        db.CaseEvents.Add(new CaseEvent { CaseId = record.Id, At = record.CreatedAt, By = record.CreatedBy, Kind = "registered", To = EnumNames.Of(record.Classification), Note = note });
        StartClocks(record, county, imported ? record.CreatedAt : null);
    }

    /// <summary>
    /// B1: the changes a case may go through — suspected → confirmed, asymptomatic or excluded; asymptomatic → confirmed;
    /// a confirmed case's severity; confirmed or asymptomatic → recovered or died. Anything else is refused with the reason.
    /// Returns no case and no errors when the case is not in the jurisdiction.
    /// </summary>
    public async Task<(CaseRecord? Case, Dictionary<string, string[]> Errors)> ReclassifyAsync(string id, Reclassification request, Jurisdiction jurisdiction, string user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var record = await jurisdiction.Scope(db.Cases).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (record is null) return (null, errors);
        var now = clock.GetUtcNow();
        var classification = Parse<Classification>(request.Classification, "classification", errors);
        var severity = Parse<Severity>(request.Severity, "severity", errors);
        var outcome = Parse<CaseOutcome>(request.Outcome, "outcome", errors);
        if (errors.Count > 0) return (record, errors);
        if (classification is null && severity is null && outcome is null) errors["classification"] = ["Give a new classification, severity or outcome."];
        if (record.Outcome is { } closed) errors["outcome"] = [$"The case is closed ({EnumNames.Of(closed)}); it cannot change any more."];
        if (errors.Count > 0) return (record, errors);

        if (classification is { } to)
        {
            var allowed = record.Classification == Classification.Suspected ? to != Classification.Suspected : record.Classification == Classification.Asymptomatic && to == Classification.Confirmed;
            if (!allowed) errors["classification"] = [$"A {EnumNames.Of(record.Classification)} case cannot become {EnumNames.Of(to)}."];
            else
            {
                db.CaseEvents.Add(new CaseEvent { CaseId = id, At = now, By = user, Kind = "reclassified", From = EnumNames.Of(record.Classification), To = EnumNames.Of(to), Note = request.Note });
                record.Classification = to;
                if (to == Classification.Confirmed) record.ConfirmedAt ??= now;
            }
        }
        if (severity is { } level)
        {
            if (record.Classification != Classification.Confirmed) errors["severity"] = ["Only a confirmed case has a severity."];
            else
            {
                db.CaseEvents.Add(new CaseEvent { CaseId = id, At = now, By = user, Kind = "severity", From = record.Severity is { } s ? EnumNames.Of(s) : null, To = EnumNames.Of(level), Note = request.Note });
                record.Severity = level;
            }
        }
        if (outcome is { } end)
        {
            if (end == CaseOutcome.Excluded && record.Classification != Classification.Suspected) errors["outcome"] = ["Only a suspected case can be excluded."];
            else if (end != CaseOutcome.Excluded && record.Classification == Classification.Suspected) errors["outcome"] = ["A suspected case is confirmed or excluded, not closed."];
            else
            {
                db.CaseEvents.Add(new CaseEvent { CaseId = id, At = now, By = user, Kind = "outcome", To = EnumNames.Of(end), Note = request.Note });
                record.Outcome = end;
            }
        }
        if (errors.Count > 0) return (record, errors);
        await db.SaveChangesAsync(ct);
        facts.Invalidate();
        return (record, errors);
    }

    private static T? Parse<T>(string? text, string field, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (EnumNames.TryParse<T>(text, out var value)) return value;
        errors[field] = [$"'{text}' is not one of {EnumNames.List<T>()}."];
        return null;
    }

    /// <summary>001 §4.3, §5.2.4: finding and reporting a case start the report clocks; a county's first case of the year starts the emergency report.</summary>
    private void StartClocks(CaseRecord record, Region? county, DateTimeOffset? runningAt)
    {
        void Start(string startsOn, string subject, string regionCode, string regionPath, DateTimeOffset at)
        {
            if (runningAt is { } now && !facts.Plan.ReportingClocks.Any(c => c.StartsOn == startsOn && at.AddHours(c.DueHours ?? clockOptions.ImmediateHours) > now)) return;
            clocks.Start(startsOn, subject, regionCode, regionPath, at);
        }

        Start("caseFound", record.Id, record.RegionCode, record.RegionPath, record.FoundAt ?? record.ReportedAt);
        Start("caseReported", record.Id, record.RegionCode, record.RegionPath, record.ReportedAt);
        if (record.Classification == Classification.Suspected || county is null) return;
        var year = ChinaTime.ToChina(record.ReportedAt).Year;
        Start("countyFirstCase", $"{county.Code}/{year}", county.Code, county.Path, record.ReportedAt);
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
