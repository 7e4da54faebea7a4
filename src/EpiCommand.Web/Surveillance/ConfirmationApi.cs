using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Surveillance;

public sealed record ConfirmationStepDto(string Step, string Clause, string Label, bool ByExperts, DateTimeOffset? DoneAt, string? DoneBy, string? Note);

public sealed record ConfirmationDto(string CaseId, bool FirstOfYearInCity, IReadOnlyList<ConfirmationStepDto> Steps, bool Complete);

public sealed record ConfirmationInput(string? Note);

/// <summary>
/// The confirmation chain of 001 §4.2: which re-tests and expert confirmations a case needs, and each one recorded
/// with who and when. Laboratory re-tests are recorded by investigators (CDC), expert steps by experts.
/// </summary>
public static class ConfirmationApi
{
    public static IEndpointRouteBuilder MapConfirmation(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cases/{id}/confirmation").WithTags("Cases").RequireJurisdiction();
        group.MapGet("/", Get).WithName("GetConfirmation").WithSummary("The confirmation steps the case needs (001 §4.2) and those done");
        group.MapPost("/{step}", Record).WithName("RecordConfirmation").WithSummary("Record a re-test (investigators) or an expert confirmation (experts)")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Investigator, Roles.Expert, Roles.Admin));
        return app;
    }

    public static async Task<ConfirmationDto?> LoadAsync(AppDbContext db, Jurisdiction jurisdiction, string id, CancellationToken ct)
    {
        var record = await jurisdiction.Scope(db.Cases.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (record is null) return null;
        var first = await IsFirstOfYearInCityAsync(db, record, ct);
        var done = await db.CaseConfirmations.AsNoTracking().Where(c => c.CaseId == id).ToListAsync(ct);
        var steps = ConfirmationRules.Required(record.Classification, first, record.Severity is Severity.Severe or Severity.Critical)
            .Select(s => done.FirstOrDefault(d => d.Step == s.Step) is { } d
                ? new ConfirmationStepDto(EnumNames.Of(s.Step), s.Clause, s.Label, s.ByExperts, d.At, d.By, d.Note)
                : new ConfirmationStepDto(EnumNames.Of(s.Step), s.Clause, s.Label, s.ByExperts, null, null, null))
            .ToList();
        return new ConfirmationDto(id, first, steps, steps.Count > 0 && steps.All(s => s.DoneAt is not null));
    }

    /// <summary>001 §4.2.1: the city's first confirmed case of the (China) year — the earliest report, ties by id.</summary>
    private static async Task<bool> IsFirstOfYearInCityAsync(AppDbContext db, CaseRecord record, CancellationToken ct)
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

    private static async Task<Results<Ok<ConfirmationDto>, ProblemHttpResult>> Get(string id, HttpContext http, AppDbContext db, CancellationToken ct) =>
        await LoadAsync(db, http.Jurisdiction(), id, ct) is { } dto ? TypedResults.Ok(dto) : NotFound(id);

    private static async Task<Results<Ok<ConfirmationDto>, ProblemHttpResult>> Record(string id, string step, ConfirmationInput input, HttpContext http,
        AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (dto, problem) = await RecordAsync(db, http.Jurisdiction(), http.User, id, step, input.Note, clock.GetUtcNow(), ct);
        return problem is null ? TypedResults.Ok(dto!) : problem;
    }

    /// <summary>Records one step, if the case needs it, it is not done yet, and it is the user's to record.</summary>
    public static async Task<(ConfirmationDto? Confirmation, ProblemHttpResult? Problem)> RecordAsync(AppDbContext db, Jurisdiction jurisdiction,
        System.Security.Claims.ClaimsPrincipal user, string id, string step, string? note, DateTimeOffset now, CancellationToken ct)
    {
        if (await LoadAsync(db, jurisdiction, id, ct) is not { } current) return (null, NotFound(id));
        var required = current.Steps.FirstOrDefault(s => s.Step == step);
        if (required is null)
        {
            return (null, TypedResults.Problem(title: "Step not required", statusCode: StatusCodes.Status400BadRequest,
                detail: $"Case {id} needs {(current.Steps.Count == 0 ? "no confirmation" : string.Join(", ", current.Steps.Select(s => s.Step)))} (001 §4.2), not '{step}'."));
        }
        if (required.DoneAt is not null) return (null, TypedResults.Problem(title: "Already recorded", detail: $"{required.Label} was recorded by {required.DoneBy}.", statusCode: StatusCodes.Status409Conflict));
        if (!MayRecord(user, required))
        {
            return (null, TypedResults.Problem(title: "Not yours to record", statusCode: StatusCodes.Status403Forbidden,
                detail: required.ByExperts ? "Expert confirmations are recorded by the expert group." : "Laboratory re-tests are recorded by the CDC."));
        }
        EnumNames.TryParse<ConfirmationStep>(step, out var parsed);
        var by = user.Identity!.Name!;
        db.CaseConfirmations.Add(new CaseConfirmation { CaseId = id, Step = parsed, At = now, By = by, Note = note });
        db.CaseEvents.Add(new CaseEvent { CaseId = id, At = now, By = by, Kind = "confirmation", To = step, Note = note });
        await db.SaveChangesAsync(ct);
        return ((await LoadAsync(db, jurisdiction, id, ct))!, null);
    }

    /// <summary>Laboratory re-tests are the CDC's (investigators), confirmations the experts'.</summary>
    public static bool MayRecord(System.Security.Claims.ClaimsPrincipal user, ConfirmationStepDto step) =>
        user.IsInRole(Roles.Admin) || (step.ByExperts ? user.IsInRole(Roles.Expert) : user.IsInRole(Roles.Investigator));

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: "Case not found", detail: $"No case '{id}' in your jurisdiction.", statusCode: StatusCodes.Status404NotFound);
}
