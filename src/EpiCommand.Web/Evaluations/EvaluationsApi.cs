using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Web.Documents;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Response;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Evaluations;

public sealed record EvaluationDto(
    long Id, string Region, long DecisionId, string Title, string Cause, string SourceAndRoute, string Course, string Treatment, string Measures,
    string Problems, string Lessons, string CreatedBy, DateTimeOffset CreatedAt, string? UpdatedBy, DateTimeOffset? UpdatedAt, int Version);

/// <summary>Evaluation reports after termination (E9; 001 §8.2.2): the ended responses, draft from the record, edit, .docx.</summary>
public static class EvaluationsApi
{
    public static WebApplicationBuilder AddEvaluations(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<EvaluationService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapEvaluations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/evaluations").WithTags("Evaluations").RequireJurisdiction();
        group.MapGet("/", async (HttpContext http, EvaluationService evaluations, CancellationToken ct) =>
            TypedResults.Ok(await evaluations.TerminatedAsync(http.Jurisdiction(), ct)))
            .WithName("ListTerminatedResponses").WithSummary("Responses ended by an approved termination within the jurisdiction, with their evaluation report if drafted");
        group.MapGet("/{id:long}", async Task<Results<Ok<EvaluationDto>, NotFound>> (long id, HttpContext http, AppDbContext db, CancellationToken ct) =>
            await http.Jurisdiction().Scope(db.EvaluationReports.AsNoTracking()).FirstOrDefaultAsync(r => r.Id == id, ct) is { } r ? TypedResults.Ok(ToDto(r)) : TypedResults.NotFound())
            .WithName("GetEvaluation");
        group.MapGet("/{id:long}/report.docx", async Task<Results<FileContentHttpResult, NotFound>> (long id, HttpContext http, AppDbContext db, CancellationToken ct) =>
        {
            if (await http.Jurisdiction().Scope(db.EvaluationReports.AsNoTracking()).FirstOrDefaultAsync(r => r.Id == id, ct) is not { } report) return TypedResults.NotFound();
            var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == report.RegionCode, ct);
            var parent = region.ParentCode is null ? null : await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == region.ParentCode, ct);
            return TypedResults.File(EvaluationReportDocument.Build(report, region, parent), OfficialDocument.ContentType, $"evaluation-{report.Id}.docx");
        }).WithName("EvaluationReportDocument").WithSummary("The evaluation report as a .docx");
        group.MapPost("/", async (NewEvaluation request, HttpContext http, EvaluationService evaluations, CancellationToken ct) =>
            Answer(await evaluations.DraftAsync(request, http.User, http.Jurisdiction(), ct), created: true))
            .WithName("DraftEvaluation").WithSummary("Draft the evaluation report of an approved termination, pre-filled from the record (one per termination)");
        group.MapPut("/{id:long}", async (long id, EvaluationEdit edit, HttpContext http, EvaluationService evaluations, CancellationToken ct) =>
            Answer(await evaluations.EditAsync(id, edit, http.User, http.Jurisdiction(), ct)))
            .WithName("EditEvaluation").WithSummary("Edit the report; version must be the one read (409 otherwise)");
        return app;
    }

    public static EvaluationDto ToDto(EvaluationReport r) => new(
        r.Id, r.RegionCode, r.DecisionId, r.Title, r.Cause, r.SourceAndRoute, r.Course, r.Treatment, r.Measures, r.Problems, r.Lessons,
        r.CreatedBy, r.CreatedAt, r.UpdatedBy, r.UpdatedAt, r.Version);

    private static IResult Answer(Outcome<EvaluationReport> outcome, bool created = false) => created
        ? outcome.ToCreated(r => $"/api/evaluations/{r.Id}", ToDto)
        : outcome.ToHttp(ToDto);
}
