using EpiCommand.Data;
using EpiCommand.Data.Organisation;
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
        group.MapPost("/liaison", AddLiaison).WithName("AddLiaison").WithSummary("Add a liaison person (固定联络员)");
        return app;
    }

    public static async Task<OrganisationDto> LoadAsync(AppDbContext db, string code, CancellationToken ct)
    {
        var hq = await db.Headquarters.AsNoTracking().Where(h => h.RegionCode == code)
            .Select(h => new HeadquartersDto(h.Name, h.Commander, h.DeputyCommanders, h.OfficeName, h.OfficeLocatedAt, h.PlanId, h.Clause)).FirstOrDefaultAsync(ct);
        var units = await db.MemberUnits.AsNoTracking().Where(u => u.RegionCode == code).OrderBy(u => u.SortOrder)
            .Select(u => new UnitDto(u.Id, u.Name, u.Clause, u.Duties)).ToListAsync(ct);
        var groups = await db.WorkingGroups.AsNoTracking().Where(g => g.RegionCode == code).OrderBy(g => g.SortOrder)
            .Select(g => new WorkingGroupDto(g.Id, g.Name, g.Clause, g.Lead, g.Members, g.Duties)).ToListAsync(ct);
        var experts = await db.ExpertGroups.AsNoTracking().Where(g => g.RegionCode == code).OrderBy(g => g.Id)
            .Select(g => new ExpertGroupDto(g.Id, g.Name, g.Clause, g.Duties)).ToListAsync(ct);
        var liaison = await db.LiaisonPeople.AsNoTracking().Where(p => p.RegionCode == code).OrderBy(p => p.Id)
            .Select(p => new LiaisonDto(p.Id, p.Name, p.Unit, p.Position, p.Phone, p.OnDuty)).ToListAsync(ct);
        return new OrganisationDto(code, hq, units, groups, experts, liaison);
    }

    private static async Task<Ok<OrganisationDto>> GetOrganisation(string code, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await LoadAsync(db, code, ct));

    private static async Task<Results<Created<LiaisonDto>, ValidationProblem>> AddLiaison(string code, NewLiaison request, AppDbContext db, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = errors.Text("name", request.Name, Limits.NameCharacters, Messages.PersonNameRequired);
        var unit = errors.Text("unit", request.Unit, Limits.LineCharacters, Messages.Required(new("单位", "the unit")));
        var position = errors.Text("position", request.Position, Limits.LineCharacters);
        var phone = request.Phone?.Trim();
        if (string.IsNullOrEmpty(phone)) errors.Add("phone", Messages.Required(new("电话", "the phone number")));
        else if (!PersonFields.Phone().IsMatch(phone)) errors.Add("phone", Messages.NotAPhone(phone));
        if (errors.Problem is { } invalid) return TypedResults.ValidationProblem(invalid.ByField("name"));

        var person = new LiaisonPerson
        {
            RegionCode = code, Name = name!, Unit = unit!, Position = position, Phone = phone!, OnDuty = request.OnDuty,
        };
        db.LiaisonPeople.Add(person);
        await db.SaveChangesAsync(ct);
        var dto = new LiaisonDto(person.Id, person.Name, person.Unit, person.Position, person.Phone, person.OnDuty);
        return TypedResults.Created($"/api/regions/{code}/organisation", dto);
    }
}
