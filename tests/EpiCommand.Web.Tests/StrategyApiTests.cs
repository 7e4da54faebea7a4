using System.Net;
using System.Net.Http.Json;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Strategies;

namespace EpiCommand.Web.Tests;

/// <summary>The strategy per community state (C8; 001 §5.2.5) over HTTP, on SQLite and on PostgreSQL. 库伦旗 has no case in the demo outbreak.</summary>
public abstract class StrategyApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Hure = "150524";
    private const string KouheziVillage = "150524101201";
    private const string Xingyuan = "150524100200";
    private const string Fuxing = "150524100201";

    private async Task RegisterAsync(HttpClient client, string region, string source)
    {
        var id = $"S-{Guid.NewGuid():N}"[..18];
        var response = await client.PostAsJsonAsync("/api/cases", new
        {
            id, classification = "confirmed", personName = "测试", region, reportedAt = factory.Clock.GetUtcNow(), phone = "13904750000", infectionSource = source,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task CommunityWithACaseStopsSpreadAndOneWithoutKeepsImportsOut()
    {
        var city = await factory.SignedInAsync("city");
        await RegisterAsync(city, KouheziVillage, "linked");

        var result = (await city.GetFromJsonAsync<StrategiesDto>($"/api/regions/{Hure}/strategies"))!;
        Assert.Equal("5.2.5", result.Clause);
        var village = Assert.Single(result.Communities, c => c.Code == KouheziVillage);
        Assert.Equal(("cases", "内防扩散、外防输出", 1, "扣河子镇", "库伦旗"), (village.State, village.Strategy, village.Cases14Days, village.Township, village.County));
        var quiet = Assert.Single(result.Communities, c => c.Code == Fuxing);
        Assert.Equal(("noCase", "外防输入、内防反弹", 0), (quiet.State, quiet.Strategy, quiet.Cases14Days));
        Assert.Equal(result.Communities.Count, result.Counts.Values.Sum());
        Assert.All(result.Communities, c => Assert.StartsWith(Hure, c.Code));

        // The day before, the case was not yet known.
        var yesterday = ChinaTime.Today(factory.Clock).AddDays(-1);
        var before = (await city.GetFromJsonAsync<StrategiesDto>($"/api/regions/{Hure}/strategies?day={yesterday:yyyy-MM-dd}"))!;
        Assert.Equal("noCase", Assert.Single(before.Communities, c => c.Code == KouheziVillage).State);
    }

    [Fact]
    public async Task TwoCasesOfUnknownSourceMakeCommunityTransmission()
    {
        var city = await factory.SignedInAsync("city");
        await RegisterAsync(city, Xingyuan, "unknown");
        await RegisterAsync(city, Xingyuan, "unknown");

        var community = Assert.Single((await city.GetFromJsonAsync<StrategiesDto>($"/api/regions/{Hure}/strategies"))!.Communities, c => c.Code == Xingyuan);
        Assert.Equal(("transmission", "内遏蔓延、外防输出", true), (community.State, community.Strategy, community.Transmission));
    }

    [Fact]
    public async Task StrategiesPageShowsEveryCommunityWithItsStrategy()
    {
        var city = await factory.SignedInAsync("city");
        var html = WebUtility.HtmlDecode(await city.GetStringAsync($"/strategies?region={Hure}"));
        Assert.Contains($"data-testid=\"strategy-{Fuxing}\"", html);
        Assert.Contains("外防输入、内防反弹", html);
        Assert.Contains("data-testid=\"strategy-chip-noCase\"", html);
    }

    [Fact]
    public async Task StrategiesAreScopedToTheJurisdictionAndToKnownDays()
    {
        var horqin = await factory.SignedInAsync("horqin");
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/regions/{Hure}/strategies")).StatusCode);
        var own = (await horqin.GetFromJsonAsync<StrategiesDto>("/api/regions/150502/strategies"))!;
        Assert.NotEmpty(own.Communities);
        Assert.All(own.Communities, c => Assert.StartsWith("150502", c.Code));
        var tomorrow = ChinaTime.Today(factory.Clock).AddDays(1);
        Assert.Equal(HttpStatusCode.BadRequest, (await horqin.GetAsync($"/api/regions/150502/strategies?day={tomorrow:yyyy-MM-dd}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.GetAsync("/api/regions/999999/strategies")).StatusCode);
    }
}

public sealed class SqliteStrategyApiTests() : StrategyApiTests<SqliteFactory>(new());

public sealed class PostgresStrategyApiTests() : StrategyApiTests<PostgresFactory>(new());
