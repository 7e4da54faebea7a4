using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Surveillance;

public sealed record CaseDto(
    string Id, string Classification, string? Severity, string? Outcome, string PersonName, string? ResidentId, string? Phone,
    string Region, DateTimeOffset? OnsetAt, DateTimeOffset? FoundAt, DateTimeOffset ReportedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? IsolatedAt,
    string? InfectionSource, string? Setting, IReadOnlyList<string> LinkedTo, IReadOnlyList<string> Settings);

public sealed record CaseEventDto(DateTimeOffset At, string By, string Kind, string? From, string? To, string? Note);

public sealed record Reclassification(string? Classification, string? Severity, string? Outcome, string? Note);

public sealed record UnmaskRequest(string? Reason);

public sealed record Unmasked(string? ResidentId, string? Phone);

/// <summary>The case registry (requirements B1, J3): IDs and phone numbers are masked in every list.</summary>
public static class CasesApi
{
    public static WebApplicationBuilder AddSurveillance(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ChangeSignals>();
        // Several instances on one PostgreSQL tell each other of changes (issue 12 §2); SQLite is one process.
        if (builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddHostedService<PostgresChangeSignals>();
        }
        builder.Services.AddSingleton<FactsCache>();
        builder.Services.AddHttpContextAccessor(); // PictureCache: whose own write a picture must show
        builder.Services.AddSingleton<PictureCache>();
        builder.Services.AddScoped<CaseService>();
        builder.Services.AddScoped<ConfirmationService>();
        builder.Services.AddScoped<FactService>();
        builder.Services.AddScoped<PictureService>();
        builder.Services.AddHostedService<LookupBackfill>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases").RequireJurisdiction().WithRefusals();
        cases.MapGet("/", List).Produces<Page<CaseDto>>().WithName("ListCases")
            .WithSummary("Cases of the jurisdiction, newest report first, a page at a time (keyset: pass `next` back as `after`); filter by region, status (classification), report time from/to; q: id or name prefix");
        cases.MapPost("/", Register).Produces<CaseDto>(StatusCodes.Status201Created).WithName("RegisterCase").WithSummary("Register a suspected, confirmed or asymptomatic case");
        cases.MapGet("/{id}", Get).Produces<CaseDto>().WithName("GetCase");
        cases.MapGet("/{id}/history", History).Produces<List<CaseEventDto>>().WithName("CaseHistory").WithSummary("Every change of the case, with who and when");
        cases.MapPost("/{id}/reclassify", Reclassify).Produces<CaseDto>().WithName("ReclassifyCase").WithSummary("Suspected → confirmed/asymptomatic/excluded, asymptomatic → confirmed, severity, recovered, died");
        cases.MapPost("/{id}/unmask", Unmask).Produces<Unmasked>().WithName("UnmaskCase").WithSummary("Show the full ID and phone number (investigators; every request is recorded)")
            .RequireAuthorization(policy => policy.RequireRole(Roles.MayUnmask));
        return app;
    }

    public static CaseDto ToDto(CaseRecord c) => new(
        c.Id, EnumNames.Of(c.Classification), c.Severity is { } s ? EnumNames.Of(s) : null, c.Outcome is { } o ? EnumNames.Of(o) : null,
        c.PersonName, c.ResidentId is null ? null : ResidentId.Mask(c.ResidentId), c.Phone is null ? null : PhoneNumbers.Mask(c.Phone),
        c.RegionCode, c.OnsetAt, c.FoundAt, c.ReportedAt, c.ConfirmedAt, c.IsolatedAt,
        c.InfectionSource is { } source ? EnumNames.Of(source) : null, c.SettingId, c.LinkedCaseIds, CaseSettings(c));

    /// <summary>Every setting the case names, the first (<see cref="CaseRecord.SettingId"/>) first.</summary>
    public static IReadOnlyList<string> CaseSettings(CaseRecord c) => c.SettingId is { } first ? [first, .. c.OtherSettingIds] : c.OtherSettingIds;

    private static async Task<IResult> List(HttpContext http, AppDbContext db, CaseService cases, [AsParameters] ListQuery query, CancellationToken ct)
    {
        var jurisdiction = http.Jurisdiction();
        var list = await query.FilterAsync<CaseRecord, Classification>(jurisdiction, db, CasePaging.Newest, ct);
        if (list.Problem is { } refused) return refused.ToHttp();
        return TypedResults.Ok(await cases.ListAsync(jurisdiction, list.Value.Filter, list.Value.Page, ct));
    }

    private static async Task<IResult> Register(NewCase request, HttpContext http, CaseService cases, CancellationToken ct) =>
        (await cases.RegisterAsync(request, http.Jurisdiction(), http.User.UserName(), ct)).ToCreated(c => $"/api/cases/{c.Id}", ToDto);

    private static async Task<IResult> Get(string id, HttpContext http, AppDbContext db, CancellationToken ct) =>
        await http.Jurisdiction().Scope(db.Cases.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct) is { } record
            ? TypedResults.Ok(ToDto(record))
            : NotFound(id);

    private static async Task<IResult> History(string id, HttpContext http, AppDbContext db, CancellationToken ct)
    {
        if (!await http.Jurisdiction().Scope(db.Cases).AnyAsync(c => c.Id == id, ct)) return NotFound(id);
        var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == id).OrderBy(e => e.Id)
            .Select(e => new CaseEventDto(e.At, e.By, e.Kind, e.From, e.To, e.Note)).ToListAsync(ct);
        return TypedResults.Ok(events);
    }

    private static async Task<IResult> Reclassify(string id, Reclassification request, HttpContext http, CaseService cases, CancellationToken ct) =>
        (await cases.ReclassifyAsync(id, request, http.Jurisdiction(), http.User.UserName(), ct)).ToHttp(ToDto);

    private static async Task<IResult> Unmask(string id, UnmaskRequest request, HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var record = await http.Jurisdiction().Scope(db.Cases.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (record is null) return NotFound(id);
        if (TextFields.Check("reason", request.Reason, Limits.NoteCharacters, Messages.UnmaskReasonRequired, multiline: true) is { } invalid) return invalid.ToHttp();
        var unmasking = new UnmaskingRecord { UserName = http.User.UserName(), SubjectType = "case", SubjectId = id, Reason = request.Reason!.Trim(), At = clock.GetUtcNow() };
        db.Unmaskings.Add(unmasking);
        // Recorded in the audit chain with the unmasking, in one transaction (issue 13 §audit): who saw whose full ID and why.
        await AuditLog.SaveChangesAsync(db, unmasking.UserName, unmasking.At,
            () => [new AuditRecord("case.unmasked", "case", id, new { unmasking = unmasking.Id, reason = unmasking.Reason }, record.RegionPath)], ct);
        return TypedResults.Ok(new Unmasked(record.ResidentId, record.Phone));
    }

    private static IResult NotFound(string id) => Problem.NotFound("case-not-found", Messages.NoSuchCase(id)).ToHttp();
}
