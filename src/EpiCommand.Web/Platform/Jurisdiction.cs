using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Platform;

/// <summary>
/// Jurisdiction scoping (requirements J1): a user sees and changes only the region they work for and what lies
/// below it. Every API route group and every page asks this, so the rule lives in one place.
/// </summary>
public sealed class Jurisdiction(string regionCode, string path)
{
    public string RegionCode { get; } = regionCode;

    /// <summary>The user's region path, e.g. "/150000/150500/150502/".</summary>
    public string Path { get; } = path;

    public bool Covers(Region region) => region.Path.StartsWith(Path, StringComparison.Ordinal);

    public IQueryable<Region> Regions(AppDbContext db) => db.Regions.Where(r => r.Path.StartsWith(Path));

    /// <summary>The records of a set that lie within the jurisdiction.</summary>
    public IQueryable<T> Scope<T>(IQueryable<T> records) where T : class, IRegional => records.Where(r => r.RegionPath.StartsWith(Path));

    public IQueryable<Setting> Settings(AppDbContext db) => Scope(db.Settings);

    public bool Covers(IRegional record) => record.RegionPath.StartsWith(Path, StringComparison.Ordinal);

    public static async Task<Jurisdiction?> ForAsync(ClaimsPrincipal user, AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (user.RegionCode() is not { } code) return null;
        var path = await db.Regions.Where(r => r.Code == code).Select(r => r.Path).FirstOrDefaultAsync(cancellationToken);
        return path is null ? null : new Jurisdiction(code, path);
    }
}

/// <summary>What a region lookup within the user's jurisdiction found.</summary>
public enum RegionAccess { Allowed, NotFound, Forbidden }

public static class JurisdictionExtensions
{
    public static async Task<(RegionAccess Access, Region? Region)> FindRegionAsync(this Jurisdiction jurisdiction, AppDbContext db, string code, CancellationToken cancellationToken = default)
    {
        var region = await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == code, cancellationToken);
        if (region is null) return (RegionAccess.NotFound, null);
        return jurisdiction.Covers(region) ? (RegionAccess.Allowed, region) : (RegionAccess.Forbidden, null);
    }

    /// <summary>
    /// The region a request names at <paramref name="path"/>: required, known, and within the jurisdiction (403 otherwise,
    /// so that a page and the API refuse a region the same way).
    /// </summary>
    public static async Task<Outcome<Region>> RegionAsync(this Jurisdiction jurisdiction, AppDbContext db, string? code, string path, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) return Problem.Invalid(path, Messages.RegionRequired);
        var (access, region) = await jurisdiction.FindRegionAsync(db, code.Trim(), ct);
        return access switch
        {
            RegionAccess.Allowed => region!,
            RegionAccess.Forbidden => Problem.Forbidden("outside-jurisdiction", Messages.OutsideJurisdiction(code.Trim())),
            _ => Problem.Invalid(path, Messages.NoSuchRegion(code.Trim())),
        };
    }

    /// <summary>The region path a list is filtered by: the named region, or the whole jurisdiction when none is named.</summary>
    public static async Task<Outcome<string>> RegionFilterAsync(this Jurisdiction jurisdiction, AppDbContext db, string? code, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) return jurisdiction.Path;
        var region = await jurisdiction.RegionAsync(db, code, "region", ct);
        return region.Map(r => r.Path);
    }
}
