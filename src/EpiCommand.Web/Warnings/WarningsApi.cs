using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Documents;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Warnings;

public sealed record WarningDto(
    long Id, string Region, string Plan, long? DecisionId, string Level, string Name, string Issuer, IReadOnlyList<string> Audiences, IReadOnlyList<string> Channels,
    string Overview, string Warnings, string Measures, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, DateTimeOffset GradedAt, DateTimeOffset DueAt,
    string State, bool Overdue, bool IssuedLate, string DraftedBy, DateTimeOffset DraftedAt, string? IssuedBy, DateTimeOffset? IssuedAt,
    int RepeatCount, DateTimeOffset? LastRepeatedAt, string? LiftedBy, DateTimeOffset? LiftedAt, string? LiftReason, int Version);

public sealed record WarningNote(string? Note);

public sealed record WarningLift(string? Reason);

/// <summary>Warnings (D1–D5): list, draft, edit, issue, repeat, lift, and the official notice as .docx.</summary>
public static class WarningsApi
{
    public static WebApplicationBuilder AddWarnings(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<WarningService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapWarnings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/warnings").WithTags("Warnings").RequireJurisdiction();
        group.MapGet("/", async (HttpContext http, AppDbContext db, TimeProvider clock, [AsParameters] ListQuery query, CancellationToken ct) =>
        {
            var jurisdiction = http.Jurisdiction();
            var list = await query.FilterAsync<WarningNotice, WarningState>(jurisdiction, db, Newest, ct);
            if (list.Problem is { } refused) return refused.ToHttp();
            var now = clock.GetUtcNow();
            return TypedResults.Ok(await Newest.PageAsync(Shape.Apply(db.Warnings.AsNoTracking(), jurisdiction, list.Value.Filter), list.Value.Page, w => ToDto(w, now), ct));
        }).Produces<Page<WarningDto>>().WithName("ListWarnings")
            .WithSummary("Warnings within the jurisdiction, newest first, a page at a time (status=draft|issued|lifted; region; drafted from/to; q: name prefix); a draft past its 24 h is overdue");
        group.MapGet("/candidates", async (HttpContext http, WarningService warnings, CancellationToken ct) =>
            TypedResults.Ok(await warnings.CandidatesAsync(http.Jurisdiction(), ct)))
            .WithName("WarningCandidates").WithSummary("Approved decisions and warned regions that have no warning of their level yet");
        group.MapGet("/{id:long}", async Task<Results<Ok<WarningDto>, NotFound>> (long id, HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
            await http.Jurisdiction().Scope(db.Warnings.AsNoTracking()).FirstOrDefaultAsync(w => w.Id == id, ct) is { } w
                ? TypedResults.Ok(ToDto(w, clock.GetUtcNow())) : TypedResults.NotFound())
            .WithName("GetWarning");
        group.MapGet("/{id:long}/notice.docx", async Task<Results<FileContentHttpResult, NotFound>> (long id, HttpContext http, AppDbContext db, FactsCache facts, CancellationToken ct) =>
        {
            if (await http.Jurisdiction().Scope(db.Warnings.AsNoTracking()).FirstOrDefaultAsync(w => w.Id == id, ct) is not { } w) return TypedResults.NotFound();
            var copyTo = await WarningService.CopyToAsync(db, facts.Plan, w, ct);
            return TypedResults.File(WarningNoticeDocument.Build(w, facts.Plan, copyTo), OfficialDocument.ContentType, $"warning-{w.Id}.docx");
        })
            .WithName("WarningNotice").WithSummary("The warning as an official notice (.docx)");
        group.MapPost("/", async (NewWarning request, HttpContext http, WarningService warnings, TimeProvider clock, CancellationToken ct) =>
            Answer(await warnings.DraftAsync(request, http.User, http.Jurisdiction(), ct), clock, created: true))
            .WithName("DraftWarning").WithSummary("Draft a warning from an approved decision (level from the grade, 001 §3.4.2), or a level IV warning for a region whose neighbour is affected");
        group.MapPut("/{id:long}", async (long id, WarningEdit edit, HttpContext http, WarningService warnings, TimeProvider clock, CancellationToken ct) =>
            Answer(await warnings.EditAsync(id, edit, http.User, http.Jurisdiction(), ct), clock))
            .WithName("EditWarning").WithSummary("Edit a draft's content; version must be the one read (409 otherwise)");
        group.MapPost("/{id:long}/issue", async (long id, HttpContext http, WarningService warnings, TimeProvider clock, CancellationToken ct) =>
            Answer(await warnings.IssueAsync(id, http.User, http.Jurisdiction(), ct), clock))
            .WithName("IssueWarning").WithSummary("Issue a draft (headquarters of the region or the city); lasts to the year end (001 §3.4.4)");
        group.MapPost("/{id:long}/repeat", async (long id, WarningNote body, HttpContext http, WarningService warnings, TimeProvider clock, CancellationToken ct) =>
            Answer(await warnings.RepeatAsync(id, body.Note, http.User, http.Jurisdiction(), ct), clock))
            .WithName("RepeatWarning").WithSummary("Repeat an issued warning with the experts' note (001 §3.4.4)");
        group.MapPost("/{id:long}/lift", async (long id, WarningLift body, HttpContext http, WarningService warnings, TimeProvider clock, CancellationToken ct) =>
            Answer(await warnings.LiftAsync(id, body.Reason, http.User, http.Jurisdiction(), ct), clock))
            .WithName("LiftWarning").WithSummary("Lift an issued warning (or withdraw a draft), with the reason");
        return app;
    }

    /// <summary>Newest first (issue 12 §1: a page at a time, as every list).</summary>
    public static readonly Keyset<WarningNotice> Newest = Keyset<WarningNotice>.By(w => w.Id, descending: true);

    public static readonly ListShape<WarningNotice, WarningState> Shape = new(w => w.State, w => w.DraftedAt, w => w.Name);

    public static WarningDto ToDto(WarningNotice w, DateTimeOffset now) => new(
        w.Id, w.RegionCode, w.PlanId, w.DecisionId, w.Level.ToString(), w.Name, w.Issuer, w.Audiences, w.Channels, w.Overview, w.Warnings, w.Measures,
        w.StartsAt, w.EndsAt, w.GradedAt, w.DueAt, EnumNames.Of(w.State),
        Overdue: w.State == WarningState.Draft && now > w.DueAt, IssuedLate: w.IssuedAt is { } issued && issued > w.DueAt,
        w.DraftedBy, w.DraftedAt, w.IssuedBy, w.IssuedAt, w.RepeatCount, w.LastRepeatedAt, w.LiftedBy, w.LiftedAt, w.LiftReason, w.Version);

    private static IResult Answer(Outcome<WarningNotice> outcome, TimeProvider clock, bool created = false) => created
        ? outcome.ToCreated(w => $"/api/warnings/{w.Id}", w => ToDto(w, clock.GetUtcNow()))
        : outcome.ToHttp(w => ToDto(w, clock.GetUtcNow()));
}
