using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Clusters;
using EpiCommand.Web.Map;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using EpiCommand.Web.Zones;

namespace EpiCommand.Web.Tests;

/// <summary>The county map over HTTP (issue 14): areas matched to counties by name, the state of each, the jurisdiction's limits.</summary>
public abstract partial class MapApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task TheCitySeesEveryCountyWithItsAreaAndStateAndACountySeesOnlyItsOwn()
    {
        var city = await factory.SignedInAsync("city");
        var map = (await city.GetFromJsonAsync<CityMap>("/api/regions/150500/map"))!;
        Assert.Equal(("150500", "lib/china-cities/nei4_meng2_gu3_tong1_liao2.geojson", (string?)null), (map.City, map.Geometry, map.Highlight));
        Assert.Equal(9, map.Counties.Count);
        // Eight counties have a boundary, matched by name; the development zone has none and is listed beside the map.
        Assert.Equal(["150571"], map.Counties.Where(c => c.Area is null).Select(c => c.Code));
        Assert.All(map.Counties.Where(c => c.Area is not null), c => Assert.Equal(c.Name, c.Area));
        Assert.All(map.Counties, c => Assert.True(c.Shown));
        var horqin = map.Counties.Single(c => c.Code == "150502");
        // The demo outbreak: 科尔沁区 at Ⅲ with its two clusters (001 §1.5.2.1), at the county's centre.
        Assert.Equal(("III", 2), (horqin.Grade, horqin.Clusters));
        Assert.Equal(2, horqin.Centre!.Length);
        Assert.InRange(horqin.Centre[0], 121.5, 123.0);

        var county = await factory.SignedInAsync("horqin");
        var own = (await county.GetFromJsonAsync<CityMap>("/api/regions/150502/map"))!;
        Assert.Equal("150502", own.Highlight);
        Assert.Equal(["150502"], own.Counties.Where(c => c.Shown).Select(c => c.Code));
        Assert.All(own.Counties.Where(c => !c.Shown), c => Assert.Equal((null, 0, 0), (c.Grade, c.Zones, c.Clusters)));
        Assert.Equal(HttpStatusCode.Forbidden, (await county.GetAsync("/api/regions/150500/map")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await city.GetAsync("/api/regions/150500/map?asOf=yesterday")).StatusCode);
    }
}

public abstract partial class MapApiTests<TFactory>
{
    // The label points of the boundary file: inside 科尔沁区 and inside 奈曼旗.
    private static readonly double[] InHorqin = [122.255671, 43.623078];
    private static readonly double[] InNaiman = [120.658282, 42.867226];

    [Fact]
    public async Task AZoneAndAClusterSettingArePlacedInsideTheirCountyAndDrawnThere()
    {
        var city = await factory.SignedInAsync("city");
        var created = await city.PostAsJsonAsync("/api/zones", new { region = "150502004001", kind = "controlZone", unitKind = "building", name = $"明仁小区{Guid.NewGuid():N}"[..10], reason = "病例居住楼栋" });
        var zone = (await created.Content.ReadFromJsonAsync<ZoneDto>())!;
        zone = (await (await city.PostAsJsonAsync($"/api/zones/{zone.Id}/publish", new { version = zone.Version })).Content.ReadFromJsonAsync<ZoneDto>())!;

        // Outside its county: refused, naming the county; nothing stored.
        var outside = await city.PutAsJsonAsync($"/api/zones/{zone.Id}/point", new { longitude = InNaiman[0], latitude = InNaiman[1], version = zone.Version });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        using (var problem = JsonDocument.Parse(await outside.Content.ReadAsStringAsync()))
        {
            Assert.Contains("科尔沁区", problem.RootElement.GetProperty("errors").GetProperty("longitude")[0].GetString());
        }
        Assert.Null((await city.GetFromJsonAsync<ZoneDto>($"/api/zones/{zone.Id}"))!.Longitude);
        // Half a point, or none: field errors.
        var half = await city.PutAsJsonAsync($"/api/zones/{zone.Id}/point", new { longitude = InHorqin[0] });
        Assert.Equal(HttpStatusCode.BadRequest, half.StatusCode);
        Assert.Contains("latitude", await half.Content.ReadAsStringAsync());
        // Only headquarters place zones; a county user cannot reach another county's zone.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("expert")).PutAsJsonAsync($"/api/zones/{zone.Id}/point", new { longitude = InHorqin[0], latitude = InHorqin[1] })).StatusCode);

        var placed = await city.PutAsJsonAsync($"/api/zones/{zone.Id}/point", new { longitude = InHorqin[0], latitude = InHorqin[1], version = zone.Version });
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        zone = (await placed.Content.ReadFromJsonAsync<ZoneDto>())!;
        var zoneId = zone.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((InHorqin[0], InHorqin[1]), (zone.Longitude!.Value, zone.Latitude!.Value));
        // A stale version is refused.
        Assert.Equal(HttpStatusCode.Conflict, (await city.PutAsJsonAsync($"/api/zones/{zone.Id}/point", new { longitude = InHorqin[0], latitude = InHorqin[1], version = zone.Version - 1 })).StatusCode);

        var map = (await city.GetFromJsonAsync<CityMap>("/api/regions/150500/map"))!;
        var marker = Assert.Single(map.Markers, m => m.Kind == "zone" && m.Id == zoneId);
        Assert.Equal(("150502", zone.Name, InHorqin[0], InHorqin[1]), (marker.County, marker.Name, marker.Longitude, marker.Latitude));
        // A county user sees its own placed zone; nobody outside the county's jurisdiction does.
        Assert.Contains((await (await factory.SignedInAsync("horqin")).GetFromJsonAsync<CityMap>("/api/regions/150502/map"))!.Markers, m => m.Id == zoneId);

        // A cluster of 科尔沁区 (demo outbreak): its setting placed, the cluster drawn there.
        var clusters = (await city.GetFromJsonAsync<Page<ClusterDto>>("/api/regions/150502/clusters?status=active"))!;
        var setting = clusters.Items.First(c => c.County == "150502").Setting;
        Assert.Equal(HttpStatusCode.BadRequest, (await city.PutAsJsonAsync($"/api/settings/{setting}/point", new { longitude = InNaiman[0], latitude = InNaiman[1] })).StatusCode);
        var settingPlaced = await city.PutAsJsonAsync($"/api/settings/{setting}/point", new { longitude = InHorqin[0] + 0.01, latitude = InHorqin[1] });
        Assert.Equal(HttpStatusCode.OK, settingPlaced.StatusCode);
        map = (await city.GetFromJsonAsync<CityMap>("/api/regions/150500/map"))!;
        Assert.Contains(map.Markers, m => m.Kind == "cluster" && m.Id == setting && m.Longitude == InHorqin[0] + 0.01);
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.SignedInAsync("horqin")).PutAsJsonAsync($"/api/settings/{setting}-none/point", new { longitude = InHorqin[0], latitude = InHorqin[1] })).StatusCode);

        // Removed: back at the county's centre (counted there, not drawn apart).
        Assert.Equal(HttpStatusCode.OK, (await city.DeleteAsync($"/api/zones/{zone.Id}/point")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await city.DeleteAsync($"/api/settings/{setting}/point")).StatusCode);
        map = (await city.GetFromJsonAsync<CityMap>("/api/regions/150500/map"))!;
        Assert.DoesNotContain(map.Markers, m => m.Id == zoneId || m.Id == setting);
    }
}

public sealed class SqliteMapApiTests() : MapApiTests<SqliteFactory>(new());

public sealed class PostgresMapApiTests() : MapApiTests<PostgresFactory>(new());
