using EpiCommand.Data;
using EpiCommand.Domain.Regions;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Map;

/// <summary>
/// A point on the county map (WGS-84 longitude, latitude) where a person places a control zone or a setting (issue 14); removing
/// it (DELETE) puts the marker back at the county's centre. <see cref="Version"/>, when given, must be the version the client
/// saw (zones).
/// </summary>
public sealed record MapPointInput(double? Longitude, double? Latitude, int? Version);

/// <summary>
/// Checks a placed point against the boundary of the county the record belongs to, from the same boundary file the map draws:
/// a zone of 科尔沁区 cannot be placed in 奈曼旗, and a county without a boundary (a development zone) cannot be placed at all.
/// </summary>
public sealed class MapPlacement(AppDbContext db, MapGeometry geometry)
{
    /// <summary>Null when the point may be stored for a record of <paramref name="regionPath"/>; else the field errors.</summary>
    public async Task<Problem?> CheckAsync(string regionPath, MapPointInput point, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (point.Longitude is null) errors.Add("longitude", Messages.PointNeedsBoth);
        if (point.Latitude is null) errors.Add("latitude", Messages.PointNeedsBoth);
        if (errors.Problem is { } missing) return missing;
        var (longitude, latitude) = (point.Longitude!.Value, point.Latitude!.Value);
        if (!double.IsFinite(longitude) || longitude is < -180 or > 180) errors.Add("longitude", Messages.CoordinateOutOfRange("longitude", longitude));
        if (!double.IsFinite(latitude) || latitude is < -90 or > 90) errors.Add("latitude", Messages.CoordinateOutOfRange("latitude", latitude));
        if (errors.Problem is { } invalid) return invalid;

        var codes = regionPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var path = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToListAsync(ct);
        var city = path.FirstOrDefault(r => r.Level == RegionLevel.City);
        var county = path.FirstOrDefault(r => r.Level == RegionLevel.County);
        if (city is null || county is null || geometry.FileOf(city.Code) is not { } file) return Problem.Rule("no-boundary", Messages.NoBoundaryToPlace(county?.Name ?? path.LastOrDefault()?.Name ?? regionPath));
        var counties = await db.Regions.AsNoTracking().Where(r => r.ParentCode == city.Code && r.MissingSince == null).ToListAsync(ct);
        var area = MapGeometry.Match(geometry.FeaturesOf(file), counties).GetValueOrDefault(county.Code);
        if (area is null) return Problem.Rule("no-boundary", Messages.NoBoundaryToPlace(county.Name));
        return area.Contains(longitude, latitude) ? null : Problem.Invalid("longitude", Messages.PointOutsideCounty(county.Name, longitude, latitude));
    }
}
