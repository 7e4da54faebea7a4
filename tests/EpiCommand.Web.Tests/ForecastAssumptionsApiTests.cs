using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Readiness;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// The forecast's assumptions a headquarters sets (issue 15 §4): the plan's defaults with their clauses, a city's values for its
/// counties, a county's own, ranges by field, 409 on a stale version, jurisdiction, the audit trail — and the forecast moving with
/// them. 霍林郭勒市 (150581) has no demo case: 32 designated beds, rooms for 240 close contacts and 50 asymptomatic infections.
/// </summary>
public abstract class ForecastAssumptionsApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    private const string Huolin = "150581";
    private const string Naiman = "150525";
    private const string Url = "/api/readiness/forecast/assumptions";

    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private static async Task<RunOutDto> ScenarioBedsAsync(HttpClient client, string region, int perDay)
    {
        var answer = await client.PostAsJsonAsync("/api/readiness/forecast/scenario", new { region, casesPerDay = perDay, days = 20 });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<ForecastReport>())!.Counties.Single().RunOuts.Single(r => r.Resource == "beds");
    }

    private static async Task<CountyForecast> ForecastAsync(HttpClient client, string region) =>
        (await client.GetFromJsonAsync<ForecastReport>($"/api/readiness/forecast?region={region}"))!.Counties.Single();

    [Fact]
    public async Task TheCitysValueAppliesToItsCountiesAndACountysOwnComesFirstEachShownWithWhoSetIt()
    {
        var city = await factory.SignedInAsync("city");
        var defaults = (await city.GetFromJsonAsync<ForecastSettingDto>($"{Url}?region={Huolin}"))!;
        Assert.Equal(0, defaults.Version);
        Assert.All(defaults.Assumptions, a => Assert.Equal("plan", a.Source));
        Assert.Equal("5.1.3(5)", defaults.Assumptions.Single(a => a.Key == "contactsPerCase").Clause);
        Assert.Equal(100, defaults.Assumptions.Single(a => a.Key == "contactsPerCase").Value);
        Assert.Equal(1, defaults.Assumptions.Single(a => a.Key == "countAsymptomatic").Value);
        Assert.Null(defaults.Own["lengthOfStayDays"]);

        // 3 cases a day in 32 beds for 14 days each: 3·t > 32 from day 11.
        Assert.Equal(11, (await ScenarioBedsAsync(city, Huolin, 3)).InDays);

        // The city's headquarters sets 10 days for the city: its counties without their own take it; 3·min(t, 10) ≤ 30 never fills 32.
        var set = await city.PutAsJsonAsync($"{Url}/150500", new { version = 0, lengthOfStayDays = 10 });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(1, (await set.Content.ReadFromJsonAsync<ForecastSettingDto>())!.Version);
        Assert.Null((await ScenarioBedsAsync(city, Huolin, 3)).InDays);
        var stay = (await ForecastAsync(city, Huolin)).Assumptions!.Single(a => a.Key == "lengthOfStayDays");
        Assert.Equal((10.0, 14.0, "headquarters", "150500", "city"), (stay.Value, stay.PlanValue, stay.Source, stay.SetIn, stay.SetBy));
        Assert.NotNull(stay.SetAt);
        Assert.Equal("plan", (await ForecastAsync(city, Huolin)).Assumptions!.Single(a => a.Key == "icuShare").Source);

        // The county's own value comes first: 12 days, 3·11 = 33 > 32 on day 11 again.
        Assert.Equal(HttpStatusCode.OK, (await city.PutAsJsonAsync($"{Url}/{Huolin}", new { version = 0, lengthOfStayDays = 12 })).StatusCode);
        Assert.Equal(11, (await ScenarioBedsAsync(city, Huolin, 3)).InDays);
        Assert.Equal(Huolin, (await ForecastAsync(city, Huolin)).Assumptions!.Single(a => a.Key == "lengthOfStayDays").SetIn);

        // Cleared (null): back to the city's.
        Assert.Equal(HttpStatusCode.OK, (await city.PutAsJsonAsync($"{Url}/{Huolin}", new { version = 1, lengthOfStayDays = (double?)null })).StatusCode);
        Assert.Null((await ScenarioBedsAsync(city, Huolin, 3)).InDays);

        await using var db = factory.CreateDbContext();
        var audit = await db.AuditEntries.Where(e => e.Action == "forecast-assumptions.set").OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["150500", Huolin, Huolin], audit.Select(e => e.SubjectId));
        Assert.All(audit, e => Assert.Equal("city", e.Actor));
        Assert.Contains("\"lengthOfStayDays\":12", audit[1].Data);
    }

    [Fact]
    public async Task FiguresOutOfRangeAreRefusedByFieldAndAStaleVersionIs409NamingWhoSaved()
    {
        var naiman = await factory.SignedInAsync("naiman");
        var bad = await naiman.PutAsJsonAsync($"{Url}/{Naiman}", new { version = 0, lengthOfStayDays = 0, icuShare = 1.5, windowDays = 7.5, admissionDelayDays = 9, contactsPerCase = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()))
        {
            var errors = problem.RootElement.GetProperty("errors");
            foreach (var field in new[] { "lengthOfStayDays", "icuShare", "windowDays", "admissionDelayDays", "contactsPerCase" }) Assert.True(errors.TryGetProperty(field, out _), field);
        }
        var noVersion = await naiman.PutAsJsonAsync($"{Url}/{Naiman}", new { quarantineDays = 10 });
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        Assert.Contains("version", await noVersion.Content.ReadAsStringAsync());
        await using (var db = factory.CreateDbContext()) Assert.False(await db.ForecastSettings.AnyAsync());

        Assert.Equal(HttpStatusCode.OK, (await naiman.PutAsJsonAsync($"{Url}/{Naiman}", new { version = 0, quarantineDays = 10, countAsymptomatic = false })).StatusCode);
        var stale = await naiman.PutAsJsonAsync($"{Url}/{Naiman}", new { version = 0, quarantineDays = 21 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var text = await stale.Content.ReadAsStringAsync();
        Assert.Contains("forecast-assumptions-changed", text);
        Assert.Contains("naiman", text);
        var kept = (await naiman.GetFromJsonAsync<ForecastSettingDto>(Url))!;
        Assert.Equal((1, 10.0, 0.0), (kept.Version, kept.Own["quarantineDays"]!.Value, kept.Own["countAsymptomatic"]!.Value));
        Assert.Equal("naiman", kept.UpdatedBy);
    }

    [Fact]
    public async Task ACountySetsItsOwnOnlyAndOnlyAHeadquartersSetsAny()
    {
        var horqin = await factory.SignedInAsync("horqin");
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PutAsJsonAsync($"{Url}/{Naiman}", new { version = 0, icuShare = 0.1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PutAsJsonAsync($"{Url}/150500", new { version = 0, icuShare = 0.1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"{Url}?region={Naiman}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await horqin.PutAsJsonAsync($"{Url}/150502001", new { version = 0, icuShare = 0.1 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await horqin.PutAsJsonAsync($"{Url}/150502", new { version = 0, icuShare = 0.1 })).StatusCode);

        var expert = await factory.SignedInAsync("expert");
        Assert.Equal(HttpStatusCode.OK, (await expert.GetAsync($"{Url}?region=150502")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await expert.PutAsJsonAsync($"{Url}/150500", new { version = 0, icuShare = 0.1 })).StatusCode);

        // Horqin's value is Horqin's: Naiman's forecast keeps the plan's.
        var city = await factory.SignedInAsync("city");
        Assert.Equal("headquarters", (await ForecastAsync(city, "150502")).Assumptions!.Single(a => a.Key == "icuShare").Source);
        Assert.Equal("plan", (await ForecastAsync(city, Naiman)).Assumptions!.Single(a => a.Key == "icuShare").Source);
    }

    [Fact]
    public async Task AsymptomaticInfectionsFillTheirRoomsAndBringContactsUnlessTheHeadquartersLeavesThemOut()
    {
        var city = await factory.SignedInAsync("city");
        var now = factory.Clock.GetUtcNow();
        var created = await city.PostAsJsonAsync("/api/cases",
            new { id = $"FA-{Guid.NewGuid():N}"[..18], classification = "asymptomatic", personName = "无症状1", region = Huolin, reportedAt = now.AddMinutes(-30), foundAt = now.AddMinutes(-40) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Counted by the plan (001 §5.1.3(5)): one in a room for asymptomatic infections, 100 contacts in quarantine rooms (§5.2.7).
        var counted = await ForecastAsync(city, Huolin);
        Assert.Equal(1, counted.ObservedAsymptomatic![^1]);
        Assert.Equal(0, counted.Observed[^1]);
        var rooms = counted.RunOuts.Single(r => r.Resource == "asymptomaticRooms");
        Assert.Equal(50, rooms.Capacity);
        Assert.Equal(1, counted.Days[0].AsymptomaticRooms);
        Assert.Equal(100, counted.Days[0].QuarantineRooms);

        // Left out by the city: no rooms for them forecast, no contacts.
        Assert.Equal(HttpStatusCode.OK, (await city.PutAsJsonAsync($"{Url}/150500", new { version = 0, countAsymptomatic = false })).StatusCode);
        var left = await ForecastAsync(city, Huolin);
        Assert.DoesNotContain(left.RunOuts, r => r.Resource == "asymptomaticRooms");
        Assert.Equal(0, left.Days[0].QuarantineRooms);
        Assert.All(left.ObservedAsymptomatic!, n => Assert.Equal(0, n));

        // The scenario runs on the same assumptions: asymptomatic infections a day are counted only when they are.
        var scenario = await city.PostAsJsonAsync("/api/readiness/forecast/scenario", new { region = Huolin, casesPerDay = 1, days = 20, asymptomaticPerDay = 10 });
        Assert.DoesNotContain((await scenario.Content.ReadFromJsonAsync<ForecastReport>())!.Counties.Single().RunOuts, r => r.Resource == "asymptomaticRooms");
        Assert.Equal(HttpStatusCode.OK, (await city.PutAsJsonAsync($"{Url}/150500", new { version = 1, countAsymptomatic = true })).StatusCode);
        scenario = await city.PostAsJsonAsync("/api/readiness/forecast/scenario", new { region = Huolin, casesPerDay = 1, days = 20, asymptomaticPerDay = 10 });
        // 1 observed today + 10 a day: 1 + 10·t > 50 from day 5.
        Assert.Equal(5, (await scenario.Content.ReadFromJsonAsync<ForecastReport>())!.Counties.Single().RunOuts.Single(r => r.Resource == "asymptomaticRooms").InDays);
        var negative = await city.PostAsJsonAsync("/api/readiness/forecast/scenario", new { region = Huolin, casesPerDay = 1, days = 20, asymptomaticPerDay = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("asymptomaticPerDay", await negative.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteForecastAssumptionsApiTests() : ForecastAssumptionsApiTests<SqliteFactory>(new());

public sealed class PostgresForecastAssumptionsApiTests() : ForecastAssumptionsApiTests<PostgresFactory>(new());
