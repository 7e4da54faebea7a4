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

public sealed record ConfirmationStepDto(string Step, string Clause, string Label, bool ByExperts, DateTimeOffset? DoneAt, string? DoneBy, string? Note);

public sealed record ConfirmationDto(string CaseId, bool FirstOfYearInCity, IReadOnlyList<ConfirmationStepDto> Steps, bool Complete);

public sealed record ConfirmationInput(string? Note);

/// <summary>The confirmation chain over HTTP: the endpoints call <see cref="ConfirmationService"/>, as the case page does.</summary>
public static class ConfirmationApi
{
    public static IEndpointRouteBuilder MapConfirmation(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cases/{id}/confirmation").WithTags("Cases").RequireJurisdiction().WithRefusals();
        group.MapGet("/", async (string id, HttpContext http, ConfirmationService confirmations, CancellationToken ct) =>
                await confirmations.GetAsync(http.Jurisdiction(), id, ct) is { } dto ? TypedResults.Ok(dto) : Problem.NotFound("case-not-found", Messages.NoSuchCase(id)).ToHttp())
            .Produces<ConfirmationDto>().WithName("GetConfirmation").WithSummary("The confirmation steps the case needs (001 §4.2) and those done");
        group.MapPost("/{step}", async (string id, string step, ConfirmationInput input, HttpContext http, ConfirmationService confirmations, CancellationToken ct) =>
                (await confirmations.RecordAsync(http.Jurisdiction(), http.User, id, step, input.Note, ct)).ToHttp(c => c))
            .Produces<ConfirmationDto>().WithName("RecordConfirmation").WithSummary("Record a re-test (investigators) or an expert confirmation (experts)")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Investigator, Roles.Expert, Roles.Admin));
        return app;
    }
}

