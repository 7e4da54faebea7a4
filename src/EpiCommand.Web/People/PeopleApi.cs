using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.People;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace EpiCommand.Web.People;

public sealed record PersonDto(int Id, string Name, string? Unit, string? Position, string? Phone, bool Liaison, string RegionCode, string RegionName,
    string? UserName, bool OnDutyToday, int Version);
public sealed record NewPerson(string? Name, string? Unit, string? Position, string? Phone, bool Liaison, string? Region);
public sealed record PersonChange(string? Name, string? Unit, string? Position, string? Phone, bool Liaison, int Version);
public sealed record DutyDto(long Id, DateOnly Day, string Unit, string? Role, int PersonId, string PersonName, string? Phone, string RegionCode, string RegionName);
public sealed record NewDuty(string? Unit, DateOnly? Day, int? PersonId, string? Role);

/// <summary>People of the organisation and who is on duty (requirements A3; 001 §2.2.2): the directory's data over HTTP.</summary>
public static class PeopleApi
{
    /// <summary>Who keeps the people and the roster: the jurisdiction's headquarters and administrators (the service checks it again for pages).</summary>
    public static void ManagersOnly(AuthorizationPolicyBuilder policy) => policy.RequireRole(Roles.Headquarters, Roles.Admin);

    public static WebApplicationBuilder AddPeople(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PeopleService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPeople(this IEndpointRouteBuilder app)
    {
        var people = app.MapGroup("/api/people").WithTags("People").RequireJurisdiction().WithRefusals();
        people.MapGet("/", async (HttpContext http, AppDbContext db, PeopleService service, [AsParameters] ListQuery query, [FromQuery] string? unit, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<Person, NoStatus>(jurisdiction, db, PeopleService.ByName, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await service.ListAsync(jurisdiction, list.Value.Filter, unit, list.Value.Page, ct));
            })
            .Produces<Page<PersonDto>>()
            .WithName("ListPeople").WithSummary("People of the jurisdiction's organisation by name, a page at a time; region, unit (exact), q: name, unit or phone prefix");
        people.MapGet("/{id:int}", async (int id, HttpContext http, PeopleService service, CancellationToken ct) =>
                (await service.GetAsync(id, http.Jurisdiction(), ct)).ToHttp(p => p))
            .Produces<PersonDto>().WithName("GetPerson");
        people.MapPost("/", async (NewPerson request, HttpContext http, PeopleService service, CancellationToken ct) =>
                (await service.CreateAsync(request, http.User, http.Jurisdiction(), ct)).ToCreated(p => $"/api/people/{p.Id}", p => p))
            .Produces<PersonDto>(StatusCodes.Status201Created)
            .RequireAuthorization(ManagersOnly).WithName("CreatePerson").WithSummary("Add a person to the organisation (headquarters or administrator)");
        people.MapPut("/{id:int}", async (int id, PersonChange change, HttpContext http, PeopleService service, CancellationToken ct) =>
                (await service.UpdateAsync(id, change, http.User, http.Jurisdiction(), ct)).ToHttp(p => p))
            .Produces<PersonDto>()
            .RequireAuthorization(ManagersOnly).WithName("UpdatePerson").WithSummary("Change a person's name, unit, position, phone or liaison flag; version from the last read (409 if changed meanwhile)");

        var duty = app.MapGroup("/api/duty").WithTags("People").RequireJurisdiction().WithRefusals();
        duty.MapGet("/", async (HttpContext http, AppDbContext db, PeopleService service, [AsParameters] ListQuery query, [FromQuery] DateOnly? day, CancellationToken ct) =>
            {
                var jurisdiction = http.Jurisdiction();
                var list = await query.FilterAsync<DutyAssignment, NoStatus>(jurisdiction, db, PeopleService.ByUnit, ct);
                if (list.Problem is { } refused) return refused.ToHttp();
                return TypedResults.Ok(await service.DutyAsync(jurisdiction, list.Value.Filter, day, list.Value.Page, ct));
            })
            .Produces<Page<DutyDto>>()
            .WithName("ListDuty").WithSummary("Who is on duty for each unit on a day (default today, China time), a page at a time; region, q: unit prefix");
        duty.MapPost("/", async (NewDuty request, HttpContext http, PeopleService service, CancellationToken ct) =>
                (await service.AssignDutyAsync(request, http.User, http.Jurisdiction(), ct)).ToCreated(d => $"/api/duty?day={d.Day:yyyy-MM-dd}", d => d))
            .Produces<DutyDto>(StatusCodes.Status201Created)
            .RequireAuthorization(ManagersOnly).WithName("AssignDuty").WithSummary("Put a person of a unit on duty for a day (headquarters or administrator)");
        duty.MapDelete("/{id:long}", async (long id, HttpContext http, PeopleService service, CancellationToken ct) =>
                (await service.RemoveDutyAsync(id, http.User, http.Jurisdiction(), ct)) is { Problem: { } refused } ? refused.ToHttp() : TypedResults.NoContent())
            .RequireAuthorization(ManagersOnly).WithName("RemoveDuty").WithSummary("Take a duty assignment off the roster");
        return app;
    }
}
