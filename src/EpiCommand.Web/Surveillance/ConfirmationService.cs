using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Surveillance;

/// <summary>
/// The confirmation chain of 001 §4.2: which re-tests and expert confirmations a case needs, and each one recorded
/// with who and when. Laboratory re-tests are recorded by investigators (CDC), expert steps by experts.
/// </summary>
public sealed class ConfirmationService(AppDbContext db, TimeProvider clock)
{
    public async Task<ConfirmationDto?> GetAsync(Jurisdiction jurisdiction, string id, CancellationToken ct)
    {
        var record = await jurisdiction.Scope(db.Cases.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (record is null) return null;
        var first = await IsFirstOfYearInCityAsync(record, ct);
        var done = await db.CaseConfirmations.AsNoTracking().Where(c => c.CaseId == id).ToListAsync(ct);
        var steps = ConfirmationRules.Required(record.Classification, first, record.Severity is Severity.Severe or Severity.Critical)
            .Select(s => done.FirstOrDefault(d => d.Step == s.Step) is { } d
                ? new ConfirmationStepDto(EnumNames.Of(s.Step), s.Clause, s.Label, s.ByExperts, d.At, d.By, d.Note)
                : new ConfirmationStepDto(EnumNames.Of(s.Step), s.Clause, s.Label, s.ByExperts, null, null, null))
            .ToList();
        return new ConfirmationDto(id, first, steps, steps.Count > 0 && steps.All(s => s.DoneAt is not null));
    }

    /// <summary>001 §4.2.1: the city's first confirmed case of the (China) year — the earliest report, ties by id.</summary>
    private async Task<bool> IsFirstOfYearInCityAsync(CaseRecord record, CancellationToken ct)
    {
        if (record.Classification != Classification.Confirmed) return false;
        var codes = record.RegionPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var city = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code) && r.Level == RegionLevel.City).Select(r => r.Path).FirstOrDefaultAsync(ct);
        if (city is null) return false;
        var year = ChinaTime.ToChina(record.ReportedAt).Year;
        var start = ChinaTime.StartOf(new DateOnly(year, 1, 1));
        var earliest = await db.Cases.AsNoTracking()
            .Where(c => c.RegionPath.StartsWith(city) && c.Classification == Classification.Confirmed && c.ReportedAt >= start && c.ReportedAt <= record.ReportedAt)
            .OrderBy(c => c.ReportedAt).ThenBy(c => c.Id).Select(c => c.Id).FirstAsync(ct);
        return earliest == record.Id;
    }

    /// <summary>Records one step, if the case needs it, it is not done yet, and it is the user's to record.</summary>
    public async Task<Outcome<ConfirmationDto>> RecordAsync(Jurisdiction jurisdiction, System.Security.Claims.ClaimsPrincipal user, string id, string step, string? note,
        CancellationToken ct)
    {
        if (await GetAsync(jurisdiction, id, ct) is not { } current) return Problem.NotFound("case-not-found", Messages.NoSuchCase(id));
        var required = current.Steps.FirstOrDefault(s => s.Step == step);
        if (required is null) return Problem.Rule("confirmation-not-required", Messages.StepNotRequired(id, current.Steps.Select(s => s.Step).ToList(), step));
        if (required.DoneAt is not null) return Problem.Conflict("confirmation-recorded", Messages.StepRecorded(required.Label, required.DoneBy ?? "?"));
        if (!MayRecord(user, required)) return Problem.Forbidden("confirmation-not-yours", Messages.StepNotYours(required.ByExperts));
        if (TextFields.Check("note", note, Limits.NoteCharacters, multiline: true) is { } badNote) return badNote;
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        // The step is one the case requires (checked above), so it parses.
        if (!EnumNames.TryParse<ConfirmationStep>(step, out var parsed)) throw new InvalidOperationException($"required step '{step}' is not a confirmation step");
        var by = user.UserName();
        var now = clock.GetUtcNow();
        db.CaseConfirmations.Add(new CaseConfirmation { CaseId = id, Step = parsed, At = now, By = by, Note = note });
        db.CaseEvents.Add(new CaseEvent { CaseId = id, At = now, By = by, Kind = "confirmation", To = step, Note = note });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same step recorded by someone else at the same moment (one row per case and step).
            db.ChangeTracker.Clear();
            var other = await db.CaseConfirmations.AsNoTracking().FirstOrDefaultAsync(c => c.CaseId == id && c.Step == parsed, CancellationToken.None);
            if (other is null) throw;
            return Problem.Conflict("confirmation-recorded", Messages.StepRecorded(required.Label, other.By));
        }
        return (await GetAsync(jurisdiction, id, ct))!;
    }

    /// <summary>Laboratory re-tests are the CDC's (investigators), confirmations the experts'.</summary>
    public static bool MayRecord(System.Security.Claims.ClaimsPrincipal user, ConfirmationStepDto step) =>
        user.IsInRole(Roles.Admin) || (step.ByExperts ? user.IsInRole(Roles.Expert) : user.IsInRole(Roles.Investigator));
}
