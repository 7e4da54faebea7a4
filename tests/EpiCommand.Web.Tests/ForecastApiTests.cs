using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Readiness;

namespace EpiCommand.Web.Tests;

/// <summary>
/// The readiness forecast (issue 15 §4): when each county's beds, ICU beds, quarantine rooms and reserves run out at the trend of
/// its confirmed cases, and in a scenario (001 §5.1.3(4)). On SQLite and PostgreSQL.
/// </summary>
public abstract class ForecastApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    private const string Naiman = "150525";

    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private static RunOutDto Beds(ForecastReport report) => report.Counties.Single().RunOuts.Single(r => r.Resource == "beds");

    private async Task RegisterConfirmedAsync(HttpClient client, int count)
    {
        var now = factory.Clock.GetUtcNow();
        for (var n = 0; n < count; n++)
        {
            var id = $"FC-{Guid.NewGuid():N}"[..18];
            var created = await client.PostAsJsonAsync("/api/cases",
                new { id, classification = "confirmed", personName = $"预测{n}", region = Naiman, reportedAt = now.AddMinutes(-30), foundAt = now.AddMinutes(-40) });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
    }

    [Fact]
    public async Task TheCitySeesEachCountysForecastWithTheAssumptionsAndTheirClauses()
    {
        var city = await factory.SignedInAsync("city");
        var report = (await city.GetFromJsonAsync<ForecastReport>("/api/readiness/forecast"))!;

        Assert.True(report.Counties.Count >= 8);
        var naiman = report.Counties.Single(c => c.RegionCode == Naiman);
        // The plan counts asymptomatic infections (001 §5.1.3(5)): their rooms are forecast too.
        Assert.Equal(["beds", "icuBeds", "quarantineRooms", "reserves", "asymptomaticRooms"], naiman.RunOuts.Select(r => r.Resource));
        Assert.Equal(40, naiman.RunOuts.Single(r => r.Resource == "asymptomaticRooms").Capacity);
        Assert.Equal(48, naiman.RunOuts.Single(r => r.Resource == "beds").Capacity);
        Assert.Equal(162, naiman.RunOuts.Single(r => r.Resource == "quarantineRooms").Capacity);
        // Reserves are the stock on hand in the county's depot (001 §5.1.3(4)): 奈曼旗's holds no gloves, so it covers no patient-day.
        var reserves = naiman.RunOuts.Single(r => r.Resource == "reserves");
        Assert.Equal(0, reserves.Capacity);
        Assert.Equal("医用检查手套", reserves.Limiting);
        Assert.Equal(14, naiman.Observed.Count);
        Assert.Equal(report.HorizonDays + 1, naiman.Days.Count);
        Assert.Equal("5.1.3(5)", report.Assumptions.Single(a => a.Key == "contactsPerCase").Clause);
        Assert.True(report.Assumptions.Single(a => a.Key == "lengthOfStayDays").Invented);

        var horqin = await factory.SignedInAsync("horqin");
        var own = (await horqin.GetFromJsonAsync<ForecastReport>("/api/readiness/forecast"))!;
        Assert.Equal("150502", Assert.Single(own.Counties).RegionCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/readiness/forecast?region={Naiman}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await city.GetAsync("/api/readiness/forecast?region=999999")).StatusCode);
    }

    [Fact]
    public async Task MoreConfirmedCasesBringTheDayTheBedsRunOutEarlier()
    {
        var city = await factory.SignedInAsync("city");
        var url = $"/api/readiness/forecast?region={Naiman}";
        var quiet = Beds((await city.GetFromJsonAsync<ForecastReport>(url))!);
        Assert.Null(quiet.InDays);

        await RegisterConfirmedAsync(city, 6);
        var rising = (await city.GetFromJsonAsync<ForecastReport>(url))!;
        Assert.Equal("fitted", rising.Counties.Single().Trend.Kind);
        Assert.Equal(6, rising.Counties.Single().Observed[^1]);
        var first = Beds(rising).InDays;
        Assert.NotNull(first);

        await RegisterConfirmedAsync(city, 10);
        var second = Beds((await city.GetFromJsonAsync<ForecastReport>(url))!);
        Assert.NotNull(second.InDays);
        Assert.True(second.InDays < first, $"{second.InDays} should be before {first}");
        Assert.Equal(rising.AsOf.AddDays(second.InDays!.Value), second.Date);
    }

    [Fact]
    public async Task AScenarioOfFiftyADayFillsNaimansFortyEightBedsTomorrowAndBadFiguresAreRefusedByField()
    {
        var naiman = await factory.SignedInAsync("naiman");
        var answer = await naiman.PostAsJsonAsync("/api/readiness/forecast/scenario", new { region = Naiman, casesPerDay = 50, days = 20 });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var report = (await answer.Content.ReadFromJsonAsync<ForecastReport>())!;
        var county = report.Counties.Single();
        Assert.Equal(50, county.CasesPerDay);
        Assert.Equal("scenario", county.Trend.Kind);
        // 50 in beds tomorrow, above 48; the depot's stock covers no patient-day (no gloves): reserves out tomorrow too.
        Assert.Equal(1, Beds(report).InDays);
        Assert.Equal(1, county.RunOuts.Single(r => r.Resource == "reserves").InDays);

        var bad = await naiman.PostAsJsonAsync("/api/readiness/forecast/scenario", new { region = Naiman, casesPerDay = 0, days = 61 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()))
        {
            var errors = problem.RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty("casesPerDay", out _));
            Assert.True(errors.TryGetProperty("days", out _));
        }
        var city = await factory.SignedInAsync("city");
        var wholeCity = await city.PostAsJsonAsync("/api/readiness/forecast/scenario", new { region = "150500", casesPerDay = 50, days = 20 });
        Assert.Equal(HttpStatusCode.BadRequest, wholeCity.StatusCode);
        Assert.Contains("region", await wholeCity.Content.ReadAsStringAsync());
        var elsewhere = await naiman.PostAsJsonAsync("/api/readiness/forecast/scenario", new { region = "150502", casesPerDay = 50, days = 20 });
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
    }

    [Fact]
    public async Task TheReservesRunOutDayMovesWithTheStockReceivedIntoTheCountysDepot()
    {
        // 奈曼旗's depot: N95 800 (6 a patient-day → 133.3), suits 600 (3 → 200), goggles 300 (0.5 → 600), no gloves, swabs, alcohol,
        // drugs or plasma. 50 a day for 20 days uses 50·t(t+1)/2 patient-days to day 14.
        var city = await factory.SignedInAsync("city");
        var depot = (await city.GetListAsync<EpiCommand.Web.Supplies.DepotDto>("/api/supplies/depots?q=奈曼旗医疗物资储备库"))!.Single();
        async Task<RunOutDto> ReservesAsync()
        {
            var answer = await city.PostAsJsonAsync("/api/readiness/forecast/scenario", new { region = Naiman, casesPerDay = 50, days = 20 });
            return (await answer.Content.ReadFromJsonAsync<ForecastReport>())!.Counties.Single().RunOuts.Single(r => r.Resource == "reserves");
        }
        Assert.Equal(1, (await ReservesAsync()).InDays);

        foreach (var (code, quantity) in new[] { ("FH-GLOVE", 100_000), ("SJ-SWAB", 100_000), ("XS-ALC", 100_000), ("YP-LHQW", 100_000), ("XJ-PLASMA", 100_000) })
        {
            var item = (await city.GetListAsync<EpiCommand.Web.Supplies.ItemDto>($"/api/supplies/items?q={code}"))!.Single();
            var received = await city.PostAsJsonAsync("/api/supplies/movements", new { kind = "receipt", depotId = depot.Id, itemId = item.Id, quantity, reason = "测试入库" });
            Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        }
        // Now N95 bounds them: 800 / 6 = 133.33 patient-days, passed on day 2 (150 used).
        var n95 = await ReservesAsync();
        Assert.Equal(133.33, n95.Capacity);
        Assert.Equal("N95医用防护口罩", n95.Limiting);
        Assert.Equal(2, n95.InDays);

        var mask = (await city.GetListAsync<EpiCommand.Web.Supplies.ItemDto>("/api/supplies/items?q=FH-N95"))!.Single();
        Assert.Equal(HttpStatusCode.Created, (await city.PostAsJsonAsync("/api/supplies/movements", new { kind = "receipt", depotId = depot.Id, itemId = mask.Id, quantity = 5_200 })).StatusCode);
        // 6,000 N95 cover 1,000; suits (600 / 3 = 200) now bound them: out on day 3 (300 used).
        var suits = await ReservesAsync();
        Assert.Equal("医用一次性防护服", suits.Limiting);
        Assert.Equal(3, suits.InDays);
    }
}

public sealed class SqliteForecastApiTests() : ForecastApiTests<SqliteFactory>(new());

public sealed class PostgresForecastApiTests() : ForecastApiTests<PostgresFactory>(new());
