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
        // Communities with cases come first.
        var village = Assert.Single(result.Communities.Items, c => c.Code == KouheziVillage);
        Assert.Equal(("cases", "内防扩散、外防输出", 1, "扣河子镇", "库伦旗"), (village.State, village.Strategy, village.Cases14Days, village.Township, village.County));
        var quiet = Assert.Single((await city.GetFromJsonAsync<StrategiesDto>($"/api/regions/{Hure}/strategies?q={Fuxing}"))!.Communities.Items, c => c.Code == Fuxing);
        Assert.Equal(("noCase", "外防输入、内防反弹", 0), (quiet.State, quiet.Strategy, quiet.Cases14Days));
        Assert.Equal(result.Communities.Total, result.Counts.Values.Sum());

        // Every community of the region, a page at a time (issue 12 §1): no page is more than asked, none is repeated or lost.
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = (await city.GetFromJsonAsync<StrategiesDto>($"/api/regions/{Hure}/strategies?limit=40{(after is null ? "" : $"&after={after}")}"))!.Communities;
            Assert.InRange(page.Items.Count, 1, 40);
            seen.AddRange(page.Items.Select(c => c.Code));
            after = page.Next;
        }
        while (after is not null);
        Assert.Equal(result.Communities.Total, seen.Distinct().Count());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(seen, code => Assert.StartsWith(Hure, code));
        var noCase = (await city.GetFromJsonAsync<StrategiesDto>($"/api/regions/{Hure}/strategies?status=noCase&limit=200"))!.Communities;
        Assert.All(noCase.Items, c => Assert.Equal("noCase", c.State));
        Assert.Equal(result.Counts["noCase"], noCase.Total);
        Assert.Equal(HttpStatusCode.BadRequest, (await city.GetAsync($"/api/regions/{Hure}/strategies?status=calm&limit=0&after=nowhere")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await city.GetAsync($"/api/regions/{Hure}/strategies?after=nowhere")).StatusCode);

        // The day before, the case was not yet known.
        var yesterday = ChinaTime.Today(factory.Clock).AddDays(-1);
        var before = (await city.GetFromJsonAsync<StrategiesDto>($"/api/regions/{Hure}/strategies?day={yesterday:yyyy-MM-dd}&q={KouheziVillage}"))!;
        Assert.Equal("noCase", Assert.Single(before.Communities.Items, c => c.Code == KouheziVillage).State);
    }

    [Fact]
    public async Task TwoCasesOfUnknownSourceMakeCommunityTransmission()
    {
        var city = await factory.SignedInAsync("city");
        await RegisterAsync(city, Xingyuan, "unknown");
        await RegisterAsync(city, Xingyuan, "unknown");

        var community = Assert.Single((await city.GetFromJsonAsync<StrategiesDto>($"/api/regions/{Hure}/strategies?q={Xingyuan}"))!.Communities.Items, c => c.Code == Xingyuan);
        Assert.Equal(("transmission", "内遏蔓延、外防输出", true), (community.State, community.Strategy, community.Transmission));
    }

    [Fact]
    public async Task StrategiesPageShowsAPageOfCommunitiesWithTheirStrategy()
    {
        var city = await factory.SignedInAsync("city");
        var html = WebUtility.HtmlDecode(await city.GetStringAsync($"/strategies?region={Hure}"));
        // One page of rows (the city has thousands of communities), not the list.
        Assert.InRange(System.Text.RegularExpressions.Regex.Count(html, "data-testid=\"strategy-15\\d+\""), 1, 50);
        Assert.Contains("外防输入、内防反弹", html);
        Assert.Contains("data-testid=\"strategy-chip-noCase\"", html);
    }

    [Fact]
    public async Task StrategiesAreScopedToTheJurisdictionAndToKnownDays()
    {
        var horqin = await factory.SignedInAsync("horqin");
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/regions/{Hure}/strategies")).StatusCode);
        var own = (await horqin.GetFromJsonAsync<StrategiesDto>("/api/regions/150502/strategies"))!;
        Assert.NotEmpty(own.Communities.Items);
        Assert.All(own.Communities.Items, c => Assert.StartsWith("150502", c.Code));
        var tomorrow = ChinaTime.Today(factory.Clock).AddDays(1);
        Assert.Equal(HttpStatusCode.BadRequest, (await horqin.GetAsync($"/api/regions/150502/strategies?day={tomorrow:yyyy-MM-dd}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.GetAsync("/api/regions/999999/strategies")).StatusCode);
    }
}

public sealed class SqliteStrategyApiTests() : StrategyApiTests<SqliteFactory>(new());

public sealed class PostgresStrategyApiTests() : StrategyApiTests<PostgresFactory>(new());
