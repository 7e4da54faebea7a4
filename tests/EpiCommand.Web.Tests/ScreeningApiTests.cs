using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Screening;
using EpiCommand.Web.Zones;

namespace EpiCommand.Web.Tests;

/// <summary>Door-to-door screening in control zones (004 §九(一)8, 001 §5.3.4) over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class ScreeningApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Mingren = "150502004001";
    private const string Kailu = "150523100001";

    private static async Task<ZoneDto> ZoneAsync(HttpClient client, string region, string name)
    {
        var response = await client.PostAsJsonAsync("/api/zones", new { region, kind = "controlZone", unitKind = "building", name, reason = "病例居住楼栋" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ZoneDto>())!;
    }

    private static async Task<HouseholdDto> HouseholdAsync(HttpClient client, long zone, string address, int? residents = 3)
    {
        var response = await client.PostAsJsonAsync("/api/screening/households", new { zone, address, residents });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<HouseholdDto>())!;
    }

    private static async Task<ZoneCoverageDto> CoverageAsync(HttpClient client, long zone) =>
        (await client.GetListAsync<ZoneCoverageDto>("/api/screening/zones"))!.Single(z => z.Zone == zone);

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").Clone();
    }

    [Fact]
    public async Task CoverageShowsTheHouseholdsNotYetScreenedAndASymptomaticOneIsFlaggedToTheCdc()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var zone = await ZoneAsync(horqin, Mingren, "明仁小区9号楼");
        var first = await HouseholdAsync(horqin, zone.Id, "1单元101");
        var second = await HouseholdAsync(horqin, zone.Id, "1单元102");
        var third = await HouseholdAsync(horqin, zone.Id, "1单元201", residents: null);
        Assert.Equal(new ZoneCoverageDto(zone.Id, Mingren, zone.RegionName, "明仁小区9号楼", "draft", 3, 0, 3, 0), await CoverageAsync(horqin, zone.Id));

        var cdc = await factory.SignedInAsync("horqin-cdc");
        var calm = await cdc.PostAsJsonAsync($"/api/screening/households/{first.Id}/screen", new { version = first.Version, symptomatic = false });
        Assert.Equal(HttpStatusCode.OK, calm.StatusCode);
        var sick = await (await cdc.PostAsJsonAsync($"/api/screening/households/{second.Id}/screen", new { symptomatic = true, symptoms = "发热、咳嗽" })).Content.ReadFromJsonAsync<HouseholdDto>();
        Assert.Equal(("screened", true, "horqin-cdc"), (sick!.State, sick.Symptomatic, sick.ScreenedBy));

        Assert.Equal(new ZoneCoverageDto(zone.Id, Mingren, zone.RegionName, "明仁小区9号楼", "draft", 3, 2, 1, 1), await CoverageAsync(horqin, zone.Id));
        var missed = (await horqin.GetListAsync<HouseholdDto>($"/api/screening/households?zone={zone.Id}&status=notScreened"))!;
        Assert.Equal([third.Id], missed.Select(h => h.Id));
        var flagged = (await horqin.GetListAsync<HouseholdDto>($"/api/screening/households?zone={zone.Id}&status=symptomatic"))!;
        Assert.Equal([second.Id], flagged.Select(h => h.Id));

        // The CDC's investigators are told; the headquarters' inbox (another role) is not.
        var told = (await cdc.GetListAsync<NotificationDto>("/api/notifications"))!.Where(n => n.Title.Contains("1单元102", StringComparison.Ordinal)).ToList();
        Assert.Single(told);
        Assert.Contains("发热、咳嗽", told[0].Body, StringComparison.Ordinal);
        Assert.DoesNotContain((await horqin.GetListAsync<NotificationDto>("/api/notifications"))!, n => n.Title.Contains("1单元102", StringComparison.Ordinal));

        // A stale version is refused; the household stays as it was.
        Assert.Equal(HttpStatusCode.Conflict, (await cdc.PostAsJsonAsync($"/api/screening/households/{first.Id}/screen", new { version = first.Version, symptomatic = true, symptoms = "腹泻" })).StatusCode);
        Assert.Equal(1, (await CoverageAsync(horqin, zone.Id)).Symptomatic);
    }

    [Fact]
    public async Task BadInputIsRefusedByFieldAndOtherCountiesAndRolesAreKeptOut()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var zone = await ZoneAsync(horqin, Mingren, "明仁小区10号楼");
        var errors = await ErrorsAsync(await horqin.PostAsJsonAsync("/api/screening/households", new { }));
        Assert.True(errors.TryGetProperty("zone", out _) && errors.TryGetProperty("address", out _), errors.ToString());
        Assert.True((await ErrorsAsync(await horqin.PostAsJsonAsync("/api/screening/households", new { zone = zone.Id, address = "2单元1", residents = 0 }))).TryGetProperty("residents", out _));

        var household = await HouseholdAsync(horqin, zone.Id, "2单元301");
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync("/api/screening/households", new { zone = zone.Id, address = " 2单元301 " })).StatusCode);
        Assert.True((await ErrorsAsync(await horqin.PostAsJsonAsync($"/api/screening/households/{household.Id}/screen", new { }))).TryGetProperty("symptomatic", out _));
        Assert.True((await ErrorsAsync(await horqin.PostAsJsonAsync($"/api/screening/households/{household.Id}/screen", new { symptomatic = true }))).TryGetProperty("symptoms", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("expert")).PostAsJsonAsync($"/api/screening/households/{household.Id}/screen", new { symptomatic = false })).StatusCode);

        var city = await factory.SignedInAsync("city");
        var kailu = await ZoneAsync(city, Kailu, "开鲁东城小区");
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsJsonAsync("/api/screening/households", new { zone = kailu.Id, address = "1号" })).StatusCode);
        Assert.DoesNotContain((await horqin.GetListAsync<ZoneCoverageDto>("/api/screening/zones"))!, z => z.Zone == kailu.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/screening/households?region={Kailu}")).StatusCode);

        // A lifted zone is no longer screened.
        Assert.Equal(HttpStatusCode.OK, (await horqin.PostAsJsonAsync($"/api/zones/{zone.Id}/lift", new { reason = "解除管控" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await horqin.PostAsJsonAsync($"/api/screening/households/{household.Id}/screen", new { symptomatic = false })).StatusCode);
        Assert.Equal("notScreened", (await horqin.GetListAsync<HouseholdDto>($"/api/screening/households?zone={zone.Id}"))!.Single().State);
    }

    [Fact]
    public async Task TheHouseholdListIsImportedWholeOrNotAtAllAndAgainWithoutDuplicates()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var zone = await ZoneAsync(horqin, Mingren, "明仁小区11号楼");
        static MultipartFormDataContent Sheet(string csv) => new() { { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "住户.csv" } };

        var bad = await horqin.PostAsync($"/api/screening/zones/{zone.Id}/import", Sheet("地址,人数\n1单元101,3\n,2\n1单元102,abc\n"));
        var errors = await ErrorsAsync(bad);
        Assert.True(errors.TryGetProperty("row 3, 地址", out _) && errors.TryGetProperty("row 4, 人数", out _), errors.ToString());
        Assert.Equal(0, (await CoverageAsync(horqin, zone.Id)).Households);

        var good = await horqin.PostAsync($"/api/screening/zones/{zone.Id}/import", Sheet("地址,人数\n1单元101,3\n1单元102,\n\n1单元201,4\n"));
        Assert.Equal(new HouseholdsImported(3, 0), await good.Content.ReadFromJsonAsync<HouseholdsImported>());
        var again = await horqin.PostAsync($"/api/screening/zones/{zone.Id}/import", Sheet("地址\n1单元101\n1单元301\n"));
        Assert.Equal(new HouseholdsImported(1, 1), await again.Content.ReadFromJsonAsync<HouseholdsImported>());
        var listed = (await horqin.GetListAsync<HouseholdDto>($"/api/screening/households?zone={zone.Id}"))!;
        Assert.Equal(["1单元101", "1单元102", "1单元201", "1单元301"], listed.Select(h => h.Address));
        Assert.Equal([3, null, 4, null], listed.Select(h => h.Residents));
        Assert.True((await ErrorsAsync(await horqin.PostAsync($"/api/screening/zones/{zone.Id}/import", Sheet("门牌\n1\n")))).TryGetProperty("row 1, 地址", out _));
    }
}

public sealed class SqliteScreeningApiTests() : ScreeningApiTests<SqliteFactory>(new());

public sealed class PostgresScreeningApiTests() : ScreeningApiTests<PostgresFactory>(new());
