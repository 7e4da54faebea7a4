using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Surveillance;

public sealed record CaseDto(
    string Id, string Classification, string? Severity, string? Outcome, string PersonName, string? ResidentId, string? Phone,
    string Region, DateTimeOffset? OnsetAt, DateTimeOffset? FoundAt, DateTimeOffset ReportedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? IsolatedAt,
    string? InfectionSource, string? Setting, IReadOnlyList<string> LinkedTo);

public sealed record CasePage(IReadOnlyList<CaseDto> Items, string? Next);

public sealed record CaseEventDto(DateTimeOffset At, string By, string Kind, string? From, string? To, string? Note);

public sealed record Reclassification(string? Classification, string? Severity, string? Outcome, string? Note);

public sealed record UnmaskRequest(string? Reason);

public sealed record Unmasked(string? ResidentId, string? Phone);

/// <summary>The case registry (requirements B1, J3): IDs and phone numbers are masked in every list.</summary>
public static class CasesApi
{
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases").RequireJurisdiction();
        cases.MapGet("/", List).WithName("ListCases").WithSummary("Cases of the jurisdiction, newest report first, a page at a time (keyset: pass `next` back as `after`)");
        cases.MapPost("/", Register).WithName("RegisterCase").WithSummary("Register a suspected, confirmed or asymptomatic case");
        cases.MapGet("/{id}", Get).WithName("GetCase");
        cases.MapGet("/{id}/history", History).WithName("CaseHistory").WithSummary("Every change of the case, with who and when");
        cases.MapPost("/{id}/reclassify", Reclassify).WithName("ReclassifyCase").WithSummary("Suspected → confirmed/asymptomatic/excluded, asymptomatic → confirmed, severity, recovered, died");
        cases.MapPost("/{id}/unmask", Unmask).WithName("UnmaskCase").WithSummary("Show the full ID and phone number (investigators; every request is recorded)")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Investigator, Roles.Admin));
        return app;
    }

    public static CaseDto ToDto(CaseRecord c) => new(
        c.Id, EnumNames.Of(c.Classification), c.Severity is { } s ? EnumNames.Of(s) : null, c.Outcome is { } o ? EnumNames.Of(o) : null,
        c.PersonName, c.ResidentId is null ? null : ResidentId.Mask(c.ResidentId), c.Phone is null ? null : PhoneNumbers.Mask(c.Phone),
        c.RegionCode, c.OnsetAt, c.FoundAt, c.ReportedAt, c.ConfirmedAt, c.IsolatedAt,
        c.InfectionSource is { } source ? EnumNames.Of(source) : null, c.SettingId, c.LinkedCaseIds);

    private static async Task<Results<Ok<CasePage>, ValidationProblem>> List(HttpContext http, AppDbContext db, string? region, string? classification,
        string? after, int? limit, CancellationToken ct)
    {
        var jurisdiction = http.Jurisdiction();
        var query = jurisdiction.Scope(db.Cases.AsNoTracking());
        var errors = new Dictionary<string, string[]>();
        if (region is { Length: > 0 })
        {
            var (access, found) = await jurisdiction.FindRegionAsync(db, region, ct);
            if (access != RegionAccess.Allowed) errors["region"] = [$"'{region}' is not a region of your jurisdiction."];
            else query = query.Where(c => c.RegionPath.StartsWith(found!.Path));
        }
        if (classification is { Length: > 0 })
        {
            if (EnumNames.TryParse<Classification>(classification, out var parsed)) query = query.Where(c => c.Classification == parsed);
            else errors["classification"] = [$"'{classification}' is not one of {EnumNames.List<Classification>()}."];
        }
        if (after is { Length: > 0 } && !Cursor.TryParse(after, out _, out _)) errors["after"] = ["not a cursor returned by this API."];
        var size = limit ?? 50;
        if (size is < 1 or > MaxPageSize) errors["limit"] = [$"limit must be 1 to {MaxPageSize}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var (page, next) = await CasePaging.PageAsync(query, after is { Length: > 0 } ? after : null, size, ct);
        return TypedResults.Ok(new CasePage(page.Select(ToDto).ToList(), next));
    }

    private static async Task<Results<Created<CaseDto>, ValidationProblem, ProblemHttpResult>> Register(NewCase request, HttpContext http, CaseService cases, CancellationToken ct)
    {
        var (record, errors, forbidden) = await cases.RegisterAsync(request, http.Jurisdiction(), http.User.Identity!.Name!, ct);
        if (forbidden) return Forbidden($"Region '{request.Region}' is outside your jurisdiction.");
        if (record is null) return TypedResults.ValidationProblem(errors);
        return TypedResults.Created($"/api/cases/{record.Id}", ToDto(record));
    }

    private static async Task<Results<Ok<CaseDto>, ProblemHttpResult>> Get(string id, HttpContext http, AppDbContext db, CancellationToken ct) =>
        await http.Jurisdiction().Scope(db.Cases.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct) is { } record
            ? TypedResults.Ok(ToDto(record))
            : NotFound(id);

    private static async Task<Results<Ok<List<CaseEventDto>>, ProblemHttpResult>> History(string id, HttpContext http, AppDbContext db, CancellationToken ct)
    {
        if (!await http.Jurisdiction().Scope(db.Cases).AnyAsync(c => c.Id == id, ct)) return NotFound(id);
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == id).OrderBy(e => e.Id)
            .Select(e => new CaseEventDto(e.At, e.By, e.Kind, e.From, e.To, e.Note)).ToListAsync(ct);
        return TypedResults.Ok(events);
    }

    private static async Task<Results<Ok<CaseDto>, ValidationProblem, ProblemHttpResult>> Reclassify(string id, Reclassification request, HttpContext http,
        CaseService cases, CancellationToken ct)
    {
        var (record, errors) = await cases.ReclassifyAsync(id, request, http.Jurisdiction(), http.User.Identity!.Name!, ct);
        if (record is null && errors.Count == 0) return NotFound(id);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(ToDto(record!));
    }

    private static async Task<Results<Ok<Unmasked>, ValidationProblem, ProblemHttpResult>> Unmask(string id, UnmaskRequest request, HttpContext http,
        AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var record = await http.Jurisdiction().Scope(db.Cases.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (record is null) return NotFound(id);
        if (string.IsNullOrWhiteSpace(request.Reason)) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["Say why you need the full ID and phone number."] });
        db.Unmaskings.Add(new UnmaskingRecord { UserName = http.User.Identity!.Name!, SubjectType = "case", SubjectId = id, Reason = request.Reason.Trim(), At = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new Unmasked(record.ResidentId, record.Phone));
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: "Case not found", detail: $"No case '{id}' in your jurisdiction.", statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(title: "Outside your jurisdiction", detail: detail, statusCode: StatusCodes.Status403Forbidden);
}
