using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Web.Platform;

namespace EpiCommand.Web.Response;

/// <summary>The region a request names at <c>path</c>, within the user's jurisdiction: required, known, and in reach.</summary>
public static class RegionLookup
{
    public static async Task<Outcome<Region>> FindAsync(Jurisdiction jurisdiction, AppDbContext db, string? code, string path, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code)) return Problem.Invalid(path, Messages.RegionRequired);
        var (access, region) = await jurisdiction.FindRegionAsync(db, code.Trim(), ct);
        return access switch
        {
            RegionAccess.NotFound => Problem.NotFound("no-such-region", Messages.NoSuchRegion(code.Trim())),
            RegionAccess.Forbidden => Problem.Forbidden("outside-jurisdiction", Messages.OutsideJurisdiction(code.Trim())),
            _ => region!,
        };
    }
}
