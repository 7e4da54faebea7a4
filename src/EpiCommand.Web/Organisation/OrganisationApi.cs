using EpiCommand.Data;
using EpiCommand.Data.Organisation;
using EpiCommand.Domain.Time;
using EpiCommand.Web.People;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Organisation;

public sealed record HeadquartersDto(string Name, string? Commander, IReadOnlyList<string> DeputyCommanders, string? OfficeName, string? OfficeLocatedAt, string? PlanId, string? Clause);
public sealed record UnitDto(int Id, string Name, string? Clause, IReadOnlyList<string> Duties);
public sealed record WorkingGroupDto(int Id, string Name, string? Clause, string? Lead, IReadOnlyList<string> Members, IReadOnlyList<string> Duties);
public sealed record ExpertGroupDto(int Id, string Name, string? Clause, IReadOnlyList<string> Duties);
public sealed record LiaisonDto(int Id, string Name, string Unit, string? Position, string Phone, bool OnDuty);
public sealed record OrganisationDto(string RegionCode, HeadquartersDto? Headquarters, IReadOnlyList<UnitDto> Units, IReadOnlyList<WorkingGroupDto> WorkingGroups,
    IReadOnlyList<ExpertGroupDto> ExpertGroups, IReadOnlyList<LiaisonDto> Liaison);
public sealed record NewLiaison(string? Name, string? Unit, string? Position, string? Phone, bool OnDuty);

/// <summary>The command organisation of a jurisdiction (requirements A2, A3).</summary>
public static partial class OrganisationApi
{
    public static IEndpointRouteBuilder MapOrganisation(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/regions/{code}/organisation").WithTags("Organisation").RequireJurisdiction();
        group.MapGet("/", GetOrganisation).WithName("GetOrganisation").WithSummary("Headquarters, member units and duties, working groups, expert groups and liaison people");
        group.MapPost("/liaison", AddLiaison).RequireAuthorization(PeopleApi.ManagersOnly).WithName("AddLiaison").WithSummary("Add a liaison person (固定联络员)");
        return app;
    }

    public static async Task<OrganisationDto> LoadAsync(AppDbContext db, TimeProvider clock, string code, CancellationToken ct)
    {
        var hq = await db.Headquarters.AsNoTracking().Where(h => h.RegionCode == code)
            .Select(h => new HeadquartersDto(h.Name, h.Commander, h.DeputyCommanders, h.OfficeName, h.OfficeLocatedAt, h.PlanId, h.Clause)).FirstOrDefaultAsync(ct);
        var units = await db.MemberUnits.AsNoTracking().Where(u => u.RegionCode == code).OrderBy(u => u.SortOrder)
            .Select(u => new UnitDto(u.Id, u.Name, u.Clause, u.Duties)).ToListAsync(ct);
        var groups = await db.WorkingGroups.AsNoTracking().Where(g => g.RegionCode == code).OrderBy(g => g.SortOrder)
            .Select(g => new WorkingGroupDto(g.Id, g.Name, g.Clause, g.Lead, g.Members, g.Duties)).ToListAsync(ct);
        var experts = await db.ExpertGroups.AsNoTracking().Where(g => g.RegionCode == code).OrderBy(g => g.Id)
            .Select(g => new ExpertGroupDto(g.Id, g.Name, g.Clause, g.Duties)).ToListAsync(ct);
        // The units' fixed liaisons are people of the organisation (one person model); on duty = on today's duty roster.
        var today = ChinaTime.DayOf(clock.GetUtcNow());
        var liaison = await db.People.AsNoTracking().Where(p => p.RegionCode == code && p.Liaison).OrderBy(p => p.Id)
            .Select(p => new LiaisonDto(p.Id, p.Name, p.Unit ?? "", p.Position, p.Phone ?? "", db.DutyAssignments.Any(d => d.PersonId == p.Id && d.Day == today))).ToListAsync(ct);
        return new OrganisationDto(code, hq, units, groups, experts, liaison);
    }

    private static async Task<Ok<OrganisationDto>> GetOrganisation(string code, AppDbContext db, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok(await LoadAsync(db, clock, code, ct));

    /// <summary>A liaison is a person of the organisation with the liaison flag (<see cref="PeopleService"/>), on today's roster when <c>onDuty</c>.</summary>
    private static async Task<IResult> AddLiaison(string code, NewLiaison request, HttpContext http, PeopleService people, TimeProvider clock, CancellationToken ct)
    {
        var created = await people.CreateAsync(new NewPerson(request.Name, request.Unit, request.Position, request.Phone, Liaison: true, code), http.User, http.Jurisdiction(), ct);
        if (created.Problem is { } refused) return refused.ToHttp();
        var person = created.Value!;
        if (request.OnDuty)
        {
            var duty = await people.AssignDutyAsync(new NewDuty(person.Unit, ChinaTime.DayOf(clock.GetUtcNow()), person.Id, "固定联络员"), http.User, http.Jurisdiction(), ct);
            if (duty.Problem is { } dutyRefused) return dutyRefused.ToHttp();
        }
        return TypedResults.Created($"/api/regions/{code}/organisation", new LiaisonDto(person.Id, person.Name, person.Unit ?? "", person.Position, person.Phone ?? "", request.OnDuty));
    }
}
