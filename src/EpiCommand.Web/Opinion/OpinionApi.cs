using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Publications;
using Microsoft.AspNetCore.Mvc;

namespace EpiCommand.Web.Opinion;

/// <summary>An item of public opinion with its handling: the handler's task (overdue or not) and the rebuttal's state.</summary>
public sealed record OpinionDto(
    long Id, string Region, string Source, string? Channel, string Summary, string? Link, DateTimeOffset ObservedAt, string Sensitivity, string State,
    string ReportedBy, string? ReportingUnit, DateTimeOffset ReportedAt, string? Assessment, string? AssessedBy, DateTimeOffset? AssessedAt,
    string? Handler, DateTimeOffset? DueAt, long? TaskId, string? TaskState, int? TaskProgress, bool Overdue,
    long? RebuttalId, string? RebuttalState, DateTimeOffset? RespondedAt, string? ClosedBy, DateTimeOffset? ClosedAt, string? CloseNote, int Version);

/// <summary>Public-opinion monitoring (舆情监测, I5): report, assess (→ a task), draft the rebuttal (approved via /api/publications), close.</summary>
public static class OpinionApi
{
    public static WebApplicationBuilder AddOpinion(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<OpinionService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOpinion(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/opinion").WithTags("Opinion").RequireJurisdiction();
        group.MapGet("/", async (HttpContext http, AppDbContext db, OpinionService service, TimeProvider clock, [AsParameters] ListQuery query,
            [FromQuery(Name = "sensitivity")] string? sensitivity, CancellationToken ct) =>
        {
            var jurisdiction = http.Jurisdiction();
            var errors = new FieldErrors();
            OpinionSensitivity? level = null;
            if (!string.IsNullOrWhiteSpace(sensitivity))
            {
                if (EnumNames.TryParse<OpinionSensitivity>(sensitivity.Trim(), out var parsed)) level = parsed;
                else errors.Add("sensitivity", Messages.OneOf(sensitivity, EnumNames.List<OpinionSensitivity>()));
            }
            var list = await query.FilterAsync<OpinionItem, OpinionState>(jurisdiction, db, OpinionService.Newest, ct, errors);
            if (list.Problem is { } refused) return refused.ToHttp();
            var page = await service.ListAsync(jurisdiction, list.Value.Filter, level, list.Value.Page, ct);
            var (tasks, rebuttals) = await service.LinkedAsync(page.Items, ct);
            var now = clock.GetUtcNow();
            return TypedResults.Ok(new Page<OpinionDto>(page.Items.Select(o => ToDto(o, tasks, rebuttals, now)).ToList(), page.Next, page.Total, page.MoreThan));
        }).Produces<Page<OpinionDto>>().WithName("ListOpinion")
            .WithSummary("Public-opinion items of the jurisdiction, newest first, a page at a time; status=reported|assessed|responded|closed, sensitivity=general|sensitive|high, region, from/to on when seen, q: summary prefix");
        group.MapGet("/{id:long}", async (long id, HttpContext http, OpinionService service, TimeProvider clock, CancellationToken ct) =>
            {
                if (await service.FindAsync(id, http.Jurisdiction(), ct) is not { } item) return Problem.NotFound("no-such-opinion", Messages.NoSuchOpinion(id)).ToHttp();
                return Results.Ok(await DetailAsync(item, service, clock, ct));
            })
            .WithName("GetOpinion").WithSummary("A public-opinion item with its handler's task and its rebuttal's state");
        group.MapPost("/", async (NewOpinion request, HttpContext http, OpinionService service, TimeProvider clock, CancellationToken ct) =>
            {
                var outcome = await service.ReportAsync(request, http.User, http.Jurisdiction(), ct);
                if (outcome.Problem is { } refused) return refused.ToHttp();
                var dto = await DetailAsync(outcome.Value!, service, clock, ct);
                return Results.Created($"/api/opinion/{dto.Id}", dto);
            })
            .WithName("ReportOpinion")
            .WithSummary("A unit (headquarters or CDC staff) reports an item: source = platform|media|hotline|other, summary, link, observedAt, sensitivity = general|sensitive|high (high notifies the headquarters); 001 §5.1.5");
        group.MapPost("/{id:long}/assess", async (long id, OpinionAssessment request, HttpContext http, OpinionService service, TimeProvider clock, CancellationToken ct) =>
                await ResultAsync(await service.AssessAsync(id, request, http.User, http.Jurisdiction(), ct), service, clock, ct))
            .WithName("AssessOpinion").WithSummary("The region's own headquarters assesses (研判) a reported item: sensitivity, assessment, the handling unit and its deadline (a task); 001 §5.3.9");
        group.MapPost("/{id:long}/rebuttal", async (long id, NewRebuttal request, HttpContext http, OpinionService service, CancellationToken ct) =>
                (await service.DraftRebuttalAsync(id, request, http.User, http.Jurisdiction(), ct)).ToCreated(p => $"/api/publications/{p.Id}", PublicationsApi.ToDto))
            .WithName("DraftRebuttal")
            .WithSummary("Draft the rumour rebuttal (辟谣) of an assessed item: claim and facts, no ID or phone numbers; approved by another person of the headquarters at POST /api/publications/{id}/publish");
        group.MapPost("/{id:long}/close", async (long id, OpinionClosing request, HttpContext http, OpinionService service, TimeProvider clock, CancellationToken ct) =>
                await ResultAsync(await service.CloseAsync(id, request, http.User, http.Jurisdiction(), ct), service, clock, ct))
            .WithName("CloseOpinion").WithSummary("The region's own headquarters closes an assessed or responded item with a note; the handler's task is done with it");
        return app;
    }

    private static async Task<IResult> ResultAsync(Outcome<OpinionItem> outcome, OpinionService service, TimeProvider clock, CancellationToken ct) =>
        outcome.Problem is { } refused ? refused.ToHttp() : Results.Ok(await DetailAsync(outcome.Value!, service, clock, ct));

    private static async Task<OpinionDto> DetailAsync(OpinionItem item, OpinionService service, TimeProvider clock, CancellationToken ct)
    {
        var (tasks, rebuttals) = await service.LinkedAsync([item], ct);
        return ToDto(item, tasks, rebuttals, clock.GetUtcNow());
    }

    public static OpinionDto ToDto(OpinionItem o, IReadOnlyDictionary<long, ResponseTask> tasks, IReadOnlyDictionary<long, Publication> rebuttals, DateTimeOffset now)
    {
        var task = o.TaskId is { } t ? tasks.GetValueOrDefault(t) : null;
        var rebuttal = o.RebuttalId is { } r ? rebuttals.GetValueOrDefault(r) : null;
        return new(o.Id, o.RegionCode, EnumNames.Of(o.Source), o.Channel, o.Summary, o.Link, o.ObservedAt, EnumNames.Of(o.Sensitivity), EnumNames.Of(o.State),
            o.ReportedBy, o.ReportingUnit, o.ReportedAt, o.Assessment, o.AssessedBy, o.AssessedAt, o.Handler, o.DueAt, o.TaskId,
            task is null ? null : EnumNames.Of(task.State), task?.Progress, task is not null && Tasks.TaskService.IsOverdue(task, now),
            o.RebuttalId, rebuttal is null ? null : EnumNames.Of(rebuttal.State), o.RespondedAt, o.ClosedBy, o.ClosedAt, o.CloseNote, o.Version);
    }
}
