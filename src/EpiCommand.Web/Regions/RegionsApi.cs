using EpiCommand.Data;
using EpiCommand.Domain.Regions;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Regions;

public sealed record RegionDto(string Code, string Name, string? NameEn, string Level, string? Parent, IReadOnlyList<string> Neighbors);

public static class RegionsApi
{
    public static IEndpointRouteBuilder MapRegions(this IEndpointRouteBuilder app)
    {
        var regions = app.MapGroup("/api/regions").WithTags("Regions").RequireJurisdiction();
        regions.MapGet("/", ListRegions).WithName("ListRegions").WithSummary("The regions of the user's jurisdiction, top down");
        regions.MapGet("/{code}", GetRegion).WithName("GetRegion").WithSummary("One region with its neighbours");
        regions.MapGet("/{code}/children", ListChildren).WithName("ListChildren").WithSummary("The regions directly below a region");

        app.MapGet("/api/me", (HttpContext http) => new MeDto(http.User.Identity!.Name!, http.User.DisplayName(), http.User.RegionCode()!,
                http.User.Claims.Where(c => c.Type == System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToList()))
            .RequireAuthorization().WithTags("Account").WithName("Me").WithSummary("The signed-in user and their jurisdiction");
        return app;
    }

    public sealed record MeDto(string UserName, string DisplayName, string RegionCode, IReadOnlyList<string> Roles);

    private static async Task<Ok<List<RegionDto>>> ListRegions(HttpContext http, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await Project(http.Jurisdiction().Regions(db).OrderBy(r => r.Path)).ToListAsync(ct));

    private static async Task<Ok<RegionDto>> GetRegion(string code, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await Project(db.Regions.Where(r => r.Code == code)).SingleAsync(ct));

    private static async Task<Ok<List<RegionDto>>> ListChildren(string code, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await Project(db.Regions.Where(r => r.ParentCode == code).OrderBy(r => r.Code)).ToListAsync(ct));

    private static IQueryable<RegionDto> Project(IQueryable<Data.Regions.Region> query) =>
        query.AsNoTracking().Select(r => new RegionDto(r.Code, r.Name, r.NameEn, r.Level.ToString().ToLower(), r.ParentCode,
            r.Neighbors.Select(n => n.NeighborCode).ToList()));
}
