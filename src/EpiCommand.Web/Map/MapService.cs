using System.Globalization;
using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Map;

/// <summary>
/// A county of the map. <c>Area</c> is the name of its area in the boundary file (null: no boundary, listed beside the map);
/// <c>Shown</c> is false for a county outside the user's jurisdiction (drawn, not coloured, no data).
/// </summary>
public sealed record MapCounty(
    string Code, string Name, string? NameEn, string? Area, double[]? Centre, bool Shown,
    string? Grade, string? PendingGrade, string? Risk, string? Warning, string? Response,
    int Zones, IReadOnlyList<string> ZoneNames, int Clusters, IReadOnlyList<string> ClusterNames);

/// <summary>A zone in force or an active cluster's setting drawn where a person placed it (issue 14): <c>Kind</c> zone or cluster.</summary>
public sealed record MapMarker(string Kind, string County, string Id, string Name, double Longitude, double Latitude);

/// <summary>
/// The county map of a city as of a day: which boundary file, the county to highlight, every county with its state, and the
/// zones and clusters placed on the map (the others are drawn at their county's centre, counted in <see cref="MapCounty"/>).
/// </summary>
public sealed record CityMap(string City, string CityName, string? CityNameEn, string? Geometry, DateOnly AsOf, string? Highlight, IReadOnlyList<MapCounty> Counties)
{
    public IReadOnlyList<MapMarker> Markers { get; init; } = [];
}

/// <summary>
/// The map of the live picture (issue 14): the city's counties coloured by grade, risk or warning, with the control zones in
/// force and the active clusters at their county's centre. A county user sees the city's outline and their own county.
/// </summary>
public sealed class MapService(AppDbContext db, FactsCache facts, MapGeometry geometry, TimeProvider clock)
{
    /// <summary>Names listed in a county's tooltip; the count says how many there are in all.</summary>
    public const int NamesShown = 5;

    /// <summary>Placed markers drawn per county and kind; more are counted at the county's centre.</summary>
    public const int PlacedShown = 50;

    /// <summary>
    /// The map around <paramref name="region"/> (already within the jurisdiction): a city's own map, or the map of the city a
    /// county (or a place below it) lies in, with that county highlighted. Data only for counties the jurisdiction covers.
    /// </summary>
    public async Task<Outcome<CityMap>> GetAsync(Region region, Jurisdiction jurisdiction, DateOnly? asOf, CancellationToken ct)
    {
        var codes = region.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var levels = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).Select(r => new { r.Code, r.Level }).ToListAsync(ct);
        var cityCode = levels.FirstOrDefault(r => r.Level == RegionLevel.City)?.Code;
        if (cityCode is null) return Problem.Rule("no-city-map", Messages.NoCityMap(region.Code));
        var highlight = region.Level == RegionLevel.City ? null : levels.FirstOrDefault(r => r.Level == RegionLevel.County)?.Code;

        var city = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == cityCode, ct);
        var counties = await db.Regions.AsNoTracking().Where(r => r.ParentCode == cityCode && r.MissingSince == null).OrderBy(r => r.Code).ToListAsync(ct);
        var file = geometry.FileOf(cityCode);
        var areas = file is null ? new Dictionary<string, GeoFeature>() : MapGeometry.Match(geometry.FeaturesOf(file), counties);

        var now = clock.GetUtcNow();
        var today = ChinaTime.DayOf(now);
        var day = asOf ?? today;
        var at = day >= today ? now : ChinaTime.StartOf(day.AddDays(1));
        var shown = counties.Where(jurisdiction.Covers).Select(c => c.Code).ToHashSet();

        // The engine's results for the counties (the same run as the home page's table).
        var result = await facts.AssessForReadingAsync(day, ct);
        var rows = AssessmentJson.ToDto(result).Regions.Where(r => shown.Contains(r.Code)).ToDictionary(r => r.Code);
        var responses = await db.Activations.AsNoTracking().Where(a => a.EndedAt == null && shown.Contains(a.RegionCode))
            .Select(a => new { a.RegionCode, a.Level }).ToListAsync(ct);

        // Zones in force at the time: published, started, not yet ended. Counted per county, a few names each (bounded).
        // Those placed on the map are drawn where they were placed (a bounded number per county).
        var zones = new Dictionary<string, (int Count, List<string> Names)>();
        var markers = new List<MapMarker>();
        foreach (var county in counties.Where(c => shown.Contains(c.Code)))
        {
            var inForce = db.ControlZones.AsNoTracking().Where(z => z.RegionPath.StartsWith(county.Path) && z.State == ZoneState.Published && z.StartsAt <= at && z.EndsAt > at);
            var count = await inForce.CountAsync(ct);
            if (count == 0) continue;
            zones[county.Code] = (count, await inForce.OrderByDescending(z => z.StartsAt).Select(z => z.Name).Take(NamesShown).ToListAsync(ct));
            var placed = await inForce.Where(z => z.Longitude != null && z.Latitude != null).OrderByDescending(z => z.StartsAt).Take(PlacedShown)
                .Select(z => new { z.Id, z.Name, z.Longitude, z.Latitude }).ToListAsync(ct);
            markers.AddRange(placed.Select(z => new MapMarker("zone", county.Code, z.Id.ToString(CultureInfo.InvariantCulture), z.Name, z.Longitude!.Value, z.Latitude!.Value)));
        }

        var active = ActiveClusterList(await facts.ReadAsync(ct), day, facts.Plan.Parameters.ClusterWindowDays).Where(c => shown.Contains(c.County)).ToList();
        var clusters = active.GroupBy(c => c.County).ToDictionary(g => g.Key, g => g.Select(c => c.Setting).ToList());
        // The placed settings are read in chunks (an outbreak has thousands); the bound per county applies to all of them together.
        var placedSettings = new Dictionary<string, (double Longitude, double Latitude)>();
        foreach (var ids in active.Select(c => c.SettingId).Distinct().Chunk(500))
        {
            foreach (var s in await db.Settings.AsNoTracking().Where(s => ids.Contains(s.Id) && s.Longitude != null && s.Latitude != null)
                         .Select(s => new { s.Id, s.Longitude, s.Latitude }).ToListAsync(ct))
            {
                placedSettings[s.Id] = (s.Longitude!.Value, s.Latitude!.Value);
            }
        }
        markers.AddRange(active.Where(c => placedSettings.ContainsKey(c.SettingId)).GroupBy(c => c.County).SelectMany(g => g.Take(PlacedShown))
            .Select(c => new MapMarker("cluster", c.County, c.SettingId, c.Setting, placedSettings[c.SettingId].Longitude, placedSettings[c.SettingId].Latitude)));

        var list = counties.Select(c =>
        {
            var area = areas.GetValueOrDefault(c.Code);
            if (!shown.Contains(c.Code)) return new MapCounty(c.Code, c.Name, c.NameEn, area?.Name, area?.Centre, false, null, null, null, null, null, 0, [], 0, []);
            var row = rows.GetValueOrDefault(c.Code);
            var zone = zones.GetValueOrDefault(c.Code, (0, []));
            var cluster = clusters.GetValueOrDefault(c.Code) ?? [];
            return new MapCounty(c.Code, c.Name, c.NameEn, area?.Name, area?.Centre, true, row?.Grade, row?.PendingGrade, row?.Risk, row?.Warning,
                responses.FirstOrDefault(r => r.RegionCode == c.Code)?.Level, zone.Count, zone.Names, cluster.Count, cluster.Take(NamesShown).ToList());
        }).ToList();
        return new CityMap(city.Code, city.Name, city.NameEn, file, day, highlight, list) { Markers = markers };
    }

    /// <summary>
    /// The active clusters (requirements.md "Cluster": formed on or before the day and one of its run's cases within the window)
    /// as (county code, setting name, day formed, setting id), newest first — the clusters the engine counts for the grade.
    /// </summary>
    public static List<(string County, string Setting, DateOnly Formed, string SettingId)> ActiveClusterList(FactIndex index, DateOnly day, int windowDays)
    {
        var today = day.DayNumber;
        var list = new List<(string, string, DateOnly, string)>();
        foreach (var cluster in index.Clusters)
        {
            if (!cluster.OccursWithin(windowDays, today)) continue;
            var county = index.CountyOf[index.SettingRegion[cluster.Setting]];
            if (county < 0) continue;
            var setting = index.Scenario.Settings[cluster.Setting];
            list.Add((index.Code(county), setting.Name, DateOnly.FromDayNumber(cluster.FormedDay), setting.Id));
        }
        return [.. list.OrderByDescending(c => c.Item3)];
    }
}
