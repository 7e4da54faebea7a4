using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Places;

namespace EpiCommand.Web.Tests;

/// <summary>Public places by response level and checkpoints (001 §5.2.11, §5.3.3, §5.4.3; 004 §九(二)–(四)) over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class PlacesApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Horqin = "150502";
    private const string Mingren = "150502004001";
    private const string Kailu = "150523";

    private static async Task<PlaceDto> PlaceAsync(HttpClient client, string region, string name, string kind, string status = "open")
    {
        var response = await client.PostAsJsonAsync("/api/places", new { region, name, kind, status });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PlaceDto>())!;
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").Clone();
    }

    [Fact]
    public async Task EachPlaceShowsTheStateTheResponseInForceAsksForFromThePlan()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var cinema = await PlaceAsync(horqin, Mingren, "明仁影城", "cinema");
        var fair = await PlaceAsync(horqin, Horqin, "科尔沁区冬季庙会", "gathering");
        var hotel = await PlaceAsync(horqin, Horqin, "科尔沁宾馆", "lodging", "limited");
        // No response in force: nothing asked.
        Assert.Equal((null, null, true), (cinema.Level, cinema.Required, cinema.Complies));

        await ResponseSteps.ActiveResponseAsync(factory, Horqin, "horqin", "IV");
        var places = (await horqin.GetListAsync<PlaceDto>("/api/places"))!.ToDictionary(p => p.Id);
        // 001 §5.2.11(3): under IV large gatherings are cancelled, cinemas and hotels stay open with measures.
        Assert.Equal(("IV", "limited", "5.2.11(3)", false), (places[cinema.Id].Level, places[cinema.Id].Required, places[cinema.Id].Clause, places[cinema.Id].Complies));
        Assert.Equal(("closed", false), (places[fair.Id].Required, places[fair.Id].Complies));
        Assert.Equal(("limited", true), (places[hotel.Id].Required, places[hotel.Id].Complies));

        var closed = await horqin.PostAsJsonAsync($"/api/places/{fair.Id}/status", new { version = fair.Version, status = "closed", note = "科防指发〔2020〕3号" });
        var after = await closed.Content.ReadFromJsonAsync<PlaceDto>();
        Assert.Equal(("closed", true, "horqin"), (after!.Status, after.Complies, after.ChangedBy));
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync($"/api/places/{fair.Id}/status", new { version = fair.Version, status = "open" })).StatusCode);
        Assert.Equal([fair.Id], (await horqin.GetListAsync<PlaceDto>("/api/places?status=closed"))!.Select(p => p.Id));
    }

    [Fact]
    public async Task BadPlacesAreRefusedByFieldAndOnlyHeadquartersOfTheCountyChangeThem()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var errors = await ErrorsAsync(await horqin.PostAsJsonAsync("/api/places", new { region = Horqin, kind = "zoo", status = "half" }));
        foreach (var field in new[] { "name", "kind", "status" }) Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/places", new { region = "150500", name = "市体育馆", kind = "gathering" })).StatusCode);
        var city = await factory.SignedInAsync("city");
        Assert.True((await ErrorsAsync(await city.PostAsJsonAsync("/api/places", new { region = "150500", name = "市体育馆", kind = "gathering" }))).TryGetProperty("region", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/places", new { region = Kailu, name = "开鲁影院", kind = "cinema" })).StatusCode);
        var mall = await PlaceAsync(horqin, Horqin, "万达广场", "mall");
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync("/api/places", new { region = Horqin, name = "万达广场", kind = "mall" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("horqin-cdc")).PostAsJsonAsync($"/api/places/{mall.Id}/status", new { status = "closed" })).StatusCode);

        var kailu = await PlaceAsync(city, Kailu, "开鲁影院", "cinema");
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsJsonAsync($"/api/places/{kailu.Id}/status", new { status = "closed" })).StatusCode);
        Assert.DoesNotContain((await horqin.GetListAsync<PlaceDto>("/api/places"))!, p => p.Id == kailu.Id);
    }

    [Fact]
    public async Task CheckpointsReportTheirDailyCountsAndASecondReportOfTheDayReplacesTheFirst()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var created = await horqin.PostAsJsonAsync("/api/checkpoints", new { region = Horqin, name = "G304线木里图卡口", location = "G304 K12", staff = 6 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var checkpoint = (await created.Content.ReadFromJsonAsync<CheckpointDto>())!;

        var first = await horqin.PostAsJsonAsync($"/api/checkpoints/{checkpoint.Id}/days", new { vehicles = 120, people = 300, turnedBack = 4 });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await horqin.PostAsJsonAsync($"/api/checkpoints/{checkpoint.Id}/days", new { vehicles = 150, people = 320, turnedBack = 5, staff = 8 });
        var listed = (await horqin.GetListAsync<CheckpointDto>("/api/checkpoints"))!.Single(c => c.Id == checkpoint.Id);
        Assert.Equal(8, listed.Staff);
        var day = Assert.Single(listed.Days);
        Assert.Equal((150, 320, 5, 8), (day.Vehicles, day.People, day.TurnedBack, day.Staff));

        var errors = await ErrorsAsync(await horqin.PostAsJsonAsync($"/api/checkpoints/{checkpoint.Id}/days", new { vehicles = -1, people = 3, turnedBack = 4 }));
        Assert.True(errors.TryGetProperty("vehicles", out _) && errors.TryGetProperty("turnedBack", out _), errors.ToString());
        var empty = await ErrorsAsync(await horqin.PostAsJsonAsync($"/api/checkpoints/{checkpoint.Id}/days", new { }));
        Assert.True(empty.TryGetProperty("people", out _), empty.ToString());
        Assert.True((await ErrorsAsync(await horqin.PostAsJsonAsync($"/api/checkpoints/{checkpoint.Id}/days", new { day = "2099-01-01", vehicles = 1, people = 1, turnedBack = 0 }))).TryGetProperty("day", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/checkpoints", new { region = Kailu, name = "开鲁卡口", staff = 2 })).StatusCode);
    }
}

public sealed class SqlitePlacesApiTests() : PlacesApiTests<SqliteFactory>(new());

public sealed class PostgresPlacesApiTests() : PlacesApiTests<PostgresFactory>(new());
