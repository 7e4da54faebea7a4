using System.Net;
using System.Net.Http.Json;
using EpiCommand.Web.Map;

namespace EpiCommand.Web.Tests;

/// <summary>The county map over HTTP (issue 14): areas matched to counties by name, the state of each, the jurisdiction's limits.</summary>
public abstract class MapApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
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

public sealed class SqliteMapApiTests() : MapApiTests<SqliteFactory>(new());

public sealed class PostgresMapApiTests() : MapApiTests<PostgresFactory>(new());
