using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Domain.Regions;
using EpiCommand.Web.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Regions;

/// <summary>A region; <c>MissingSince</c> is set when an import of the national division no longer found it.</summary>
public sealed record RegionDto(string Code, string Name, string? NameEn, string Level, string? Parent, IReadOnlyList<string> Neighbors, DateTimeOffset? MissingSince = null);

/// <summary>One page of regions, top down, and how many match in all.</summary>
public sealed record RegionPage(IReadOnlyList<RegionDto> Items, int Total, int Page, int PageSize);

public static class RegionsApi
{
    public const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapRegions(this IEndpointRouteBuilder app)
    {
        var regions = app.MapGroup("/api/regions").WithTags("Regions").RequireJurisdiction();
        regions.MapGet("/", ListRegions).WithName("ListRegions")
            .WithSummary("The regions of the user's jurisdiction, top down, a page at a time; search by name or code start, filter by level");
        regions.MapGet("/{code}", GetRegion).WithName("GetRegion").WithSummary("One region with its neighbours");
        regions.MapGet("/{code}/children", ListChildren).WithName("ListChildren").WithSummary("The regions directly below a region");

        app.MapGet("/api/me", (HttpContext http) => new MeDto(http.User.Identity!.Name!, http.User.DisplayName(), http.User.RegionCode()!,
                http.User.Claims.Where(c => c.Type == System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToList()))
            .RequireAuthorization().WithTags("Account").WithName("Me").WithSummary("The signed-in user and their jurisdiction");
        return app;
    }

    public sealed record MeDto(string UserName, string DisplayName, string RegionCode, IReadOnlyList<string> Roles);

    private static async Task<Results<Ok<RegionPage>, ValidationProblem>> ListRegions(
        HttpContext http, AppDbContext db, CancellationToken ct, string? search = null, string? level = null, int page = 1, int pageSize = 50)
    {
        var errors = new Dictionary<string, string[]>();
        RegionLevel? levelFilter = null;
        if (level is not null)
        {
            if (RegionLevels.ByName.TryGetValue(level, out var parsed)) levelFilter = parsed;
            else errors["level"] = [$"'{level}' is not one of {string.Join(", ", RegionLevels.ByName.Keys)}"];
        }
        if (page < 1) errors["page"] = ["page starts at 1"];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"pageSize is 1 to {MaxPageSize}"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var query = Matching(http.Jurisdiction().Regions(db), search, levelFilter);
        var total = await query.CountAsync(ct);
        var items = await Project(query.OrderBy(r => r.Path).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(ct);
        return TypedResults.Ok(new RegionPage(items, total, page, pageSize));
    }

    /// <summary>Regions whose name contains <paramref name="search"/> or whose code starts with it; the Regions page searches the same way.</summary>
    public static IQueryable<Region> Matching(IQueryable<Region> regions, string? search, RegionLevel? level = null)
    {
        if (level is { } l) regions = regions.Where(r => r.Level == l);
        if (search?.Trim() is { Length: > 0 } text)
        {
            regions = text.All(char.IsAsciiDigit) ? regions.Where(r => r.Code.StartsWith(text)) : regions.Where(r => r.Name.Contains(text) || (r.NameEn != null && r.NameEn.Contains(text)));
        }
        return regions;
    }

    private static async Task<Ok<RegionDto>> GetRegion(string code, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await Project(db.Regions.Where(r => r.Code == code)).SingleAsync(ct));

    private static async Task<Ok<List<RegionDto>>> ListChildren(string code, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await Project(db.Regions.Where(r => r.ParentCode == code).OrderBy(r => r.Code)).ToListAsync(ct));

    private static IQueryable<RegionDto> Project(IQueryable<Region> query) =>
        query.AsNoTracking().Select(r => new RegionDto(r.Code, r.Name, r.NameEn, r.Level.ToString().ToLowerInvariant(), r.ParentCode,
            r.Neighbors.Select(n => n.NeighborCode).ToList(), r.MissingSince));
}
