using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Response;

public sealed record DecisionDto(
    long Id, string Region, string Plan, string Kind, string? FromLevel, string? ToLevel, string? Grade, string Clause, string Reason, string Status,
    string ProposedBy, DateTimeOffset ProposedAt, string? ConfirmedBy, DateTimeOffset? ConfirmedAt, string? ConfirmationNote,
    string? ApprovedBy, DateTimeOffset? ApprovedAt, string? ApprovalNote, string? InformedRegion);

public sealed record ActivationDto(string Region, string Level, long DecisionId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

public sealed record DecisionNote(string? Note);

/// <summary>Recommendations and decisions (C5–C7, E2): list, propose, confirm, reject, approve; responses in force.</summary>
public static class DecisionsApi
{
    public static WebApplicationBuilder AddDecisions(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DecisionService>();
        builder.Services.AddSingleton<RecommendationSignal>();
        builder.Services.AddHostedService<RecommendationRefresher>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDecisions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/decisions").WithTags("Decisions").RequireJurisdiction();
        group.MapGet("/", async (HttpContext http, AppDbContext db, bool? open, [AsParameters] ListQuery list, CancellationToken ct) =>
        {
            var jurisdiction = http.Jurisdiction();
            var checkedList = await list.FilterAsync<ResponseDecision, DecisionStatus>(jurisdiction, db, Newest, ct);
            if (checkedList.Problem is { } refused) return refused.ToHttp();
            var query = Shape.Apply(db.Decisions.AsNoTracking(), jurisdiction, checkedList.Value.Filter);
            if (open == true) query = query.Where(d => d.OpenKey != null);
            return TypedResults.Ok(await Newest.PageAsync(query, checkedList.Value.Page, ToDto, ct));
        }).Produces<Page<DecisionDto>>().WithName("ListDecisions")
            .WithSummary("Recommendations and decisions within the jurisdiction, newest first, a page at a time; open=true for those still open; filter by region, status, proposal time from/to (the engine's recommendations are refreshed in the background when the facts change and once a minute)");
        group.MapGet("/{id:long}", async Task<Results<Ok<DecisionDto>, NotFound>> (long id, HttpContext http, AppDbContext db, CancellationToken ct) =>
            await http.Jurisdiction().Scope(db.Decisions.AsNoTracking()).FirstOrDefaultAsync(d => d.Id == id, ct) is { } d ? TypedResults.Ok(ToDto(d)) : TypedResults.NotFound())
            .WithName("GetDecision");
        group.MapGet("/{id:long}/decision.docx", async Task<Results<FileContentHttpResult, NotFound>> (long id, HttpContext http, AppDbContext db, CancellationToken ct) =>
            await http.Jurisdiction().Scope(db.Decisions.AsNoTracking()).FirstOrDefaultAsync(d => d.Id == id, ct) is { } d
                ? TypedResults.File(await DecisionDocument.BuildAsync(db, d, ct), Documents.OfficialDocument.ContentType, $"decision-{d.Id}.docx")
                : TypedResults.NotFound())
            .WithName("DecisionDocument").WithSummary("The decision as the headquarters' official document (.docx); a decision not yet approved prints as a draft");
        group.MapPost("/", async (NewDecision request, HttpContext http, DecisionService decisions, CancellationToken ct) =>
            (await decisions.ProposeAsync(request, http.User, http.Jurisdiction(), ct)).ToCreated(d => $"/api/decisions/{d.Id}", ToDto))
            .WithName("ProposeDecision").WithSummary("Propose to activate, raise (levels may be skipped), lower or terminate the response of a jurisdiction");
        group.MapPost("/{id:long}/confirm", async (long id, DecisionNote body, HttpContext http, DecisionService decisions, CancellationToken ct) =>
            (await decisions.ConfirmAsync(id, true, body.Note, http.User, http.Jurisdiction(), ct)).ToHttp(ToDto))
            .WithName("ConfirmDecision").WithSummary("Experts confirm a recommendation (001 §5.2.1)");
        group.MapPost("/{id:long}/reject", async (long id, DecisionNote body, HttpContext http, DecisionService decisions, CancellationToken ct) =>
            (await decisions.ConfirmAsync(id, false, body.Note, http.User, http.Jurisdiction(), ct)).ToHttp(ToDto))
            .WithName("RejectDecision").WithSummary("Experts reject a recommendation, with the reason");
        group.MapPost("/{id:long}/approve", async (long id, DecisionNote body, HttpContext http, DecisionService decisions, CancellationToken ct) =>
            (await decisions.ApproveAsync(id, body.Note, http.User, http.Jurisdiction(), ct)).ToHttp(ToDto))
            .WithName("ApproveDecision").WithSummary("The responding jurisdiction's headquarters approves a confirmed decision; the level above is informed");

        app.MapGroup("/api/responses").WithTags("Decisions").RequireJurisdiction()
            .MapGet("/", async (HttpContext http, AppDbContext db, bool? all, string? after, string? limit, CancellationToken ct) =>
            {
                var errors = new FieldErrors();
                var page = new ListQuery { After = after, Limit = limit }.Page(errors, NewestResponse);
                if (errors.Problem is { } invalid) return invalid.ToHttp();
                var query = http.Jurisdiction().Scope(db.Activations.AsNoTracking());
                if (all != true) query = query.Where(a => a.EndedAt == null);
                return TypedResults.Ok(await NewestResponse.PageAsync(query, page, a => new ActivationDto(a.RegionCode, a.Level, a.DecisionId, a.StartedAt, a.EndedAt), ct));
            }).Produces<Page<ActivationDto>>().WithName("ListResponses").WithSummary("Responses in force within the jurisdiction (all=true: with the ended ones), newest first, a page at a time");
        return app;
    }

    /// <summary>Decisions newest first (issue 12 §1: a page at a time, as every list).</summary>
    public static readonly Keyset<ResponseDecision> Newest = Keyset<ResponseDecision>.By(d => d.Id, descending: true);

    /// <summary>Decisions filter on their status and the time proposed; nothing to search by name.</summary>
    public static readonly ListShape<ResponseDecision, DecisionStatus> Shape = new(d => d.Status, d => d.ProposedAt);

    public static readonly Keyset<ResponseActivation> NewestResponse = Keyset<ResponseActivation>.By(a => a.Id, descending: true);

    public static DecisionDto ToDto(ResponseDecision d) => new(
        d.Id, d.RegionCode, d.PlanId, EnumNames.Of(d.Kind), d.FromLevel, d.ToLevel, d.Grade?.ToString(), d.Clause, d.Reason, EnumNames.Of(d.Status),
        d.ProposedBy, d.ProposedAt, d.ConfirmedBy, d.ConfirmedAt, d.ConfirmationNote, d.ApprovedBy, d.ApprovedAt, d.ApprovalNote, d.InformedRegionCode);
}
