using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Readiness;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// The use per patient-day of the reserve items a headquarters sets (001 §5.1.3(4), plan data <c>reserveUse</c>): the city's value
/// applies to its counties without their own, a county's own comes first, each shown with who set it; the reserve-days norm, the
/// reserve table and the forecast run on them; out of range by field, 409 on a stale version (shared with the forecast's
/// assumptions), jurisdiction, the audit trail. The demo city holds 11,000 protective suits for 100 planned cases (36.66 days at 3 a day).
/// </summary>
public abstract class ReserveUseApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    private const string City = "150500";
    private const string Naiman = "150525";
    private const string Horqin = "150502";
    private const string Url = "/api/readiness/reserve-use";

    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private static async Task<ReserveUseItemDto> UseAsync(HttpClient client, string region, string code) =>
        (await client.GetFromJsonAsync<ReserveUseDto>($"{Url}?region={region}"))!.Items.Single(i => i.Code == code);

    private static async Task<ReserveDayRow> RowAsync(HttpClient client, string region, string code) =>
        (await client.GetListAsync<ReserveDayRow>($"/api/readiness/reserves?region={region}&limit=200"))!.Single(r => r.ItemCode == code);

    private static async Task<NormResultDto> CityDaysAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!.City!.Norms.Single(n => n.Id == "medical-supply-reserve-days");

    [Fact]
    public async Task TheCitysUseAppliesToItsCountiesACountysOwnComesFirstAndTheNormTableAndForecastFollow()
    {
        var city = await factory.SignedInAsync("city");
        var plan = await UseAsync(city, Naiman, "FH-SUIT");
        Assert.Equal((3.0, 3.0, "plan", (double?)null), (plan.Value, plan.PlanValue, plan.Source, plan.Own));
        Assert.Equal(36.66, (await CityDaysAsync(city)).Value);

        // The city's headquarters sets 4 suits a patient-day: 11,000 ÷ (100 × 4) = 27.5 days, the norm of 30 broken.
        var set = await city.PutAsJsonAsync($"{Url}/{City}", new { version = 0, uses = new Dictionary<string, double?> { ["FH-SUIT"] = 4 } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(1, (await set.Content.ReadFromJsonAsync<ReserveUseDto>())!.Version);
        var days = await CityDaysAsync(city);
        Assert.Equal(("notMet", 27.5), (days.Status, days.Value));
        var row = await RowAsync(city, City, "FH-SUIT");
        Assert.Equal((4.0, 400.0, 27.5), (row.PerPatientDay, row.DailyNeed!.Value, row.Days!.Value));

        // 奈曼旗 set none: the city's applies, shown as the city's.
        var naimanUse = await UseAsync(city, Naiman, "FH-SUIT");
        Assert.Equal((4.0, "headquarters", City, "city", (double?)null, 4.0), (naimanUse.Value, naimanUse.Source, naimanUse.SetIn, naimanUse.SetBy, naimanUse.Own, naimanUse.Inherited));
        Assert.Equal(4.0, (await RowAsync(city, Naiman, "FH-SUIT")).PerPatientDay);
        Assert.Equal("plan", (await UseAsync(city, Naiman, "FH-N95")).Source);

        // Its own comes first; the city's is unchanged.
        var naiman = await factory.SignedInAsync("naiman");
        Assert.Equal(HttpStatusCode.OK, (await naiman.PutAsJsonAsync($"{Url}/{Naiman}", new { version = 0, uses = new Dictionary<string, double?> { ["FH-SUIT"] = 2 } })).StatusCode);
        naimanUse = await UseAsync(city, Naiman, "FH-SUIT");
        Assert.Equal((2.0, Naiman, (double?)2.0, 4.0), (naimanUse.Value, naimanUse.SetIn, naimanUse.Own, naimanUse.Inherited));
        Assert.Equal(2.0, (await RowAsync(city, Naiman, "FH-SUIT")).PerPatientDay);
        Assert.Equal(4.0, (await RowAsync(city, City, "FH-SUIT")).PerPatientDay);

        // Cleared (null): back to the city's.
        Assert.Equal(HttpStatusCode.OK, (await naiman.PutAsJsonAsync($"{Url}/{Naiman}", new { version = 1, uses = new Dictionary<string, double?> { ["FH-SUIT"] = null } })).StatusCode);
        Assert.Equal((4.0, City), ((await UseAsync(city, Naiman, "FH-SUIT")).Value, (await UseAsync(city, Naiman, "FH-SUIT")).SetIn));

        // The forecast: 科尔沁区's depot holds none of some items, so its reserves cover no patient-day; with no use set for those (0),
        // the least of its other items (at the uses in force, the city's 4 suits among them) bounds them.
        async Task<RunOutDto> ReservesAsync() =>
            (await city.GetFromJsonAsync<ForecastReport>($"/api/readiness/forecast?region={Horqin}"))!.Counties.Single().RunOuts.Single(r => r.Resource == "reserves");
        Assert.Equal(0, (await ReservesAsync()).Capacity);
        var none = (await city.GetListAsync<ReserveDayRow>($"/api/readiness/reserves?region={Horqin}&limit=200"))!.Where(r => r.OnHand == 0).Select(r => r.ItemCode).ToList();
        Assert.NotEmpty(none);
        Assert.Equal(HttpStatusCode.OK, (await city.PutAsJsonAsync($"{Url}/{Horqin}", new { version = 0, uses = none.ToDictionary(c => c, _ => (double?)0) })).StatusCode);
        var reserves = await ReservesAsync();
        var table = (await city.GetListAsync<ReserveDayRow>($"/api/readiness/reserves?region={Horqin}&limit=200"))!;
        Assert.All(table.Where(r => none.Contains(r.ItemCode)), r => Assert.Equal(0.0, r.PerPatientDay));
        var bound = table.Where(r => r.PerPatientDay > 0).MinBy(r => r.OnHand / r.PerPatientDay)!;
        Assert.True(reserves.Capacity > 0);
        Assert.Equal((Math.Floor(bound.OnHand / bound.PerPatientDay * 100) / 100, bound.ItemName), (reserves.Capacity, reserves.Limiting));

        await using var db = factory.CreateDbContext();
        var audit = await db.AuditEntries.Where(e => e.Action == "reserve-use.set").OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal([City, Naiman, Naiman, Horqin], audit.Select(e => e.SubjectId));
        Assert.Equal(["city", "naiman", "naiman", "city"], audit.Select(e => e.Actor));
        Assert.Contains("\"FH-SUIT\":2", audit[1].Data);
    }

    [Fact]
    public async Task UsesOutOfRangeAreRefusedByFieldAndAStaleVersionIs409NamingWhoSaved()
    {
        var naiman = await factory.SignedInAsync("naiman");
        var bad = await naiman.PutAsJsonAsync($"{Url}/{Naiman}",
            new { version = 0, uses = new Dictionary<string, double?> { ["FH-SUIT"] = -1, ["FH-N95"] = 5000, ["NO-SUCH"] = 1, ["FH-MASK"] = 8 } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()))
        {
            var errors = problem.RootElement.GetProperty("errors");
            foreach (var field in new[] { "uses.FH-SUIT", "uses.FH-N95", "uses.NO-SUCH" }) Assert.True(errors.TryGetProperty(field, out _), field);
            Assert.False(errors.TryGetProperty("uses.FH-MASK", out _));
        }
        var noVersion = await naiman.PutAsJsonAsync($"{Url}/{Naiman}", new { uses = new Dictionary<string, double?> { ["FH-MASK"] = 8 } });
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        Assert.Contains("version", await noVersion.Content.ReadAsStringAsync());
        await using (var db = factory.CreateDbContext()) Assert.False(await db.ForecastSettings.AnyAsync());

        // One row, one version: the forecast's assumptions saved after the uses move it, and neither save clears the other's values.
        Assert.Equal(HttpStatusCode.OK, (await naiman.PutAsJsonAsync($"{Url}/{Naiman}", new { version = 0, uses = new Dictionary<string, double?> { ["FH-MASK"] = 8 } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await naiman.PutAsJsonAsync("/api/readiness/forecast/assumptions/" + Naiman, new { version = 1, quarantineDays = 10 })).StatusCode);
        var stale = await naiman.PutAsJsonAsync($"{Url}/{Naiman}", new { version = 1, uses = new Dictionary<string, double?> { ["FH-MASK"] = 9 } });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var text = await stale.Content.ReadAsStringAsync();
        Assert.Contains("reserve-use-changed", text);
        Assert.Contains("naiman", text);
        var kept = (await naiman.GetFromJsonAsync<ReserveUseDto>(Url))!;
        Assert.Equal((2, 8.0), (kept.Version, kept.Items.Single(i => i.Code == "FH-MASK").Value));
        Assert.Equal(HttpStatusCode.OK, (await naiman.PutAsJsonAsync($"{Url}/{Naiman}", new { version = 2, uses = new Dictionary<string, double?> { ["FH-MASK"] = 9 } })).StatusCode);
        Assert.Equal(10.0, (await naiman.GetFromJsonAsync<ForecastSettingDto>("/api/readiness/forecast/assumptions"))!.Own["quarantineDays"]!.Value);

        // A county sets its own only; only a headquarters sets any.
        var horqin = await factory.SignedInAsync("horqin");
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PutAsJsonAsync($"{Url}/{Naiman}", new { version = 3, uses = new Dictionary<string, double?> { ["FH-MASK"] = 1 } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"{Url}?region={Naiman}")).StatusCode);
        var expert = await factory.SignedInAsync("expert");
        Assert.Equal(HttpStatusCode.OK, (await expert.GetAsync($"{Url}?region={Naiman}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await expert.PutAsJsonAsync($"{Url}/{City}", new { version = 0, uses = new Dictionary<string, double?> { ["FH-MASK"] = 1 } })).StatusCode);
    }
}

public sealed class SqliteReserveUseApiTests() : ReserveUseApiTests<SqliteFactory>(new());

public sealed class PostgresReserveUseApiTests() : ReserveUseApiTests<PostgresFactory>(new());
