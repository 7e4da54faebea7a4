using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.KeyPopulations;

namespace EpiCommand.Web.Tests;

/// <summary>Key populations (003 §二(三); 001 §5.1.8(4)) over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class KeyPopulationApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Community = "150502001002";

    private static string NewId() => $"K-{Guid.NewGuid():N}"[..18];

    private object Arrival(string id, string protocol, DateTimeOffset arrivedAt, DateTimeOffset? negativeTestAt = null, string region = Community) =>
        new { id, personName = "到达人员", region, protocol, arrivedFrom = "某中风险地区", arrivedAt, negativeTestAt };

    [Fact]
    public async Task ProtocolsOfTheCityPlanAndThePlansComposedOntoItAreOffered()
    {
        var client = await factory.SignedInAsync("horqin");
        var protocols = await client.GetFromJsonAsync<List<ProtocolDto>>("/api/key-people/protocols");
        Assert.Contains(protocols!, p => p.Id == "returnees-medium-high-risk" && p.PlanId == "tongliao-2020");
        Assert.Contains(protocols!, p => p.Id == "inbound-after-14" && p.PlanId == "autumn-2022" && p.Tests == "1+1");
        Assert.Contains(protocols!, p => p.Id == "key-region-arrivals" && p.Tests == "2+1");
    }

    [Fact]
    public async Task InboundArrivalIsObservedSevenDaysWithItsTestsScheduled()
    {
        var client = await factory.SignedInAsync("horqin");
        var id = NewId();
        var response = await client.PostAsJsonAsync("/api/key-people", Arrival(id, "inbound-after-14", factory.Clock.GetUtcNow().AddHours(-1)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var person = await response.Content.ReadFromJsonAsync<KeyPersonDto>();
        Assert.Equal("underObservation", person!.Status);
        Assert.Equal(Domain.Time.ChinaTime.DayOf(factory.Clock.GetUtcNow().AddHours(-1)).AddDays(7), person.ObservationEnds);
        Assert.Equal(["nucleicAcid", "serology"], person.Tests.Select(t => t.Kind).Order());
    }

    [Fact]
    public async Task ReturneeWithARecentNegativeTestMovesFreelyAndOneWithoutIsTestedWithinADay()
    {
        var client = await factory.SignedInAsync("horqin");
        var now = factory.Clock.GetUtcNow();
        var free = await (await client.PostAsJsonAsync("/api/key-people", Arrival(NewId(), "returnees-medium-high-risk", now.AddHours(-2), now.AddDays(-3)))).Content.ReadFromJsonAsync<KeyPersonDto>();
        Assert.Equal("exempt", free!.Status);
        Assert.Empty(free.Tests);

        var id = NewId();
        var held = await (await client.PostAsJsonAsync("/api/key-people", Arrival(id, "returnees-medium-high-risk", now.AddHours(-2), now.AddDays(-9)))).Content.ReadFromJsonAsync<KeyPersonDto>();
        var test = Assert.Single(held!.Tests);
        Assert.True(Math.Abs((test.DueAt - now.AddHours(22)).TotalSeconds) < 1);

        factory.Clock.Advance(TimeSpan.FromHours(23));
        client = await factory.SignedInAsync("horqin");
        var list = await client.GetListAsync<KeyPersonDto>("/api/key-people");
        Assert.True(list!.Single(p => p.Id == id).Overdue);

        var recorded = await client.PostAsJsonAsync($"/api/key-people/{id}/tests/{test.Id}", new { result = "negative" });
        Assert.Equal("released", (await recorded.Content.ReadFromJsonAsync<KeyPersonDto>())!.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/key-people/{id}/tests/{test.Id}", new { result = "negative" })).StatusCode);
    }

    [Fact]
    public async Task BadArrivalIsRefusedFieldByFieldAndAnotherCountyIsForbidden()
    {
        var client = await factory.SignedInAsync("horqin");
        var response = await client.PostAsJsonAsync("/api/key-people", new { id = "", personName = "", region = Community, protocol = "nowhere", arrivedFrom = "", arrivedAt = factory.Clock.GetUtcNow().AddDays(1) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        foreach (var field in new[] { "id", "personName", "protocol", "arrivedFrom", "arrivedAt" }) Assert.True(errors.TryGetProperty(field, out _), field);

        var other = await client.PostAsJsonAsync("/api/key-people", Arrival(NewId(), "inbound-after-14", factory.Clock.GetUtcNow(), region: "150523100001"));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task CountyUserDoesNotSeeAnotherCountysArrivals()
    {
        var city = await factory.SignedInAsync("city");
        var id = NewId();
        await city.PostAsJsonAsync("/api/key-people", Arrival(id, "focus-region-arrivals", factory.Clock.GetUtcNow(), region: "150523100001"));
        var horqin = await factory.SignedInAsync("horqin");
        Assert.DoesNotContain((await horqin.GetListAsync<KeyPersonDto>("/api/key-people"))!, p => p.Id == id);
        Assert.Contains((await city.GetListAsync<KeyPersonDto>("/api/key-people"))!, p => p.Id == id);
    }
}

public sealed class SqliteKeyPopulationApiTests() : KeyPopulationApiTests<SqliteFactory>(new());

public sealed class PostgresKeyPopulationApiTests() : KeyPopulationApiTests<PostgresFactory>(new());
