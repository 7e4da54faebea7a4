using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Plans;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.KeyPopulations;

public sealed record ProtocolDto(string Id, string PlanId, string Clause, string Name, int? ObservationDays, string Tests, int? ExemptIfNegativeWithinDays, string? Text);
public sealed record KeyTestDto(long Id, string Kind, int Number, DateTimeOffset DueAt, DateTimeOffset? DoneAt, string? Result, bool Overdue);
public sealed record KeyPersonDto(string Id, string PersonName, string? ResidentId, string? Phone, string Region, string Protocol, string ArrivedFrom,
    DateTimeOffset ArrivedAt, DateOnly? ObservationEnds, string Status, IReadOnlyList<KeyTestDto> Tests, bool Overdue, bool Positive);
public sealed record NewKeyPerson(string? Id, string? PersonName, string? ResidentId, string? Phone, string? Region, string? Protocol, string? ArrivedFrom,
    DateTimeOffset? ArrivedAt, DateTimeOffset? NegativeTestAt);
public sealed record TestResult(string? Result);

/// <summary>Key populations over HTTP (requirements G1–G3): the endpoints call <see cref="KeyPopulationService"/>, as the page does.</summary>
public static class KeyPopulationsApi
{
    public static WebApplicationBuilder AddKeyPopulations(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<KeyPopulationService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapKeyPopulations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/key-people").WithTags("Key populations").RequireJurisdiction().WithRefusals();
        group.MapGet("/protocols", (KeyPopulationService people) => TypedResults.Ok(people.ProtocolDtos())).WithName("ListKeyPopulationProtocols");
        group.MapGet("/", List).Produces<Page<KeyPersonDto>>()
            .WithName("ListKeyPeople").WithSummary("Key-population arrivals of the jurisdiction, with their tests, overdue and positive flagged; newest arrival first, a page at a time; filter by region, status, arrival from/to; q: id or name prefix");
        group.MapPost("/", async (NewKeyPerson request, HttpContext http, KeyPopulationService people, CancellationToken ct) =>
                (await people.RegisterAsync(request, http.Jurisdiction(), http.User.UserName(), ct)).ToCreated(p => $"/api/key-people/{p.Id}", p => p))
            .Produces<KeyPersonDto>(StatusCodes.Status201Created)
            .WithName("RegisterKeyPerson").WithSummary("Register an arrival under a protocol; its observation and tests are scheduled");
        group.MapPost("/{id}/tests/{testId:long}", async (string id, long testId, TestResult input, HttpContext http, KeyPopulationService people, CancellationToken ct) =>
                (await people.RecordAsync(id, testId, input.Result, http.Jurisdiction(), http.User.UserName(), ct)).ToHttp(p => p))
            .Produces<KeyPersonDto>()
            .WithName("RecordKeyTest").WithSummary("Record a test result: negative or positive");
        return app;
    }

    private static async Task<IResult> List(HttpContext http, AppDbContext db, KeyPopulationService people, [AsParameters] ListQuery query, CancellationToken ct)
    {
        var jurisdiction = http.Jurisdiction();
        var list = await query.FilterAsync<KeyPerson, KeyPersonStatus>(jurisdiction, db, KeyPopulationService.Newest, ct);
        if (list.Problem is { } refused) return refused.ToHttp();
        return TypedResults.Ok(await people.ListAsync(jurisdiction, list.Value.Filter, list.Value.Page, ct));
    }
}
