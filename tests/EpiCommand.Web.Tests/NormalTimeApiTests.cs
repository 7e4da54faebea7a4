using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Domain.Time;
using EpiCommand.Web.NormalTime;
using EpiCommand.Web.Readiness;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Normal-time work (issue 15; requirements F7–F9): the units' "五有" register and its norms (001 §5.1.7, §5.1.9), influenza
/// vaccination of the key groups (003 §二(四)6) and prices of daily necessities (003 §二(四)8; 001 §5.4.5). On SQLite and PostgreSQL.
/// </summary>
public abstract class NormalTimeApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private DateOnly Today => ChinaTime.DayOf(factory.Clock.GetUtcNow());

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    private static async Task<NormResultDto> CountyNormAsync(HttpClient client, string county, string id) =>
        (await client.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!.Counties.Single(c => c.RegionName == county).Norms.Single(n => n.Id == id);

    [Fact]
    public async Task AUnitMissingOneOfTheFiveHavesBreaksTheNormUntilItHasAllFive()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var before = await CountyNormAsync(horqin, "科尔沁区", "five-haves");
        var units = (await horqin.GetListAsync<UnitDto>("/api/readiness/units"))!;

        // No isolation and transfer arranged: one unit without the five haves (001 §5.1.7, ≤ 0 allowed).
        var created = await horqin.PostAsJsonAsync("/api/readiness/units", new
        {
            name = "科尔沁区实验小学", kind = "school", responsible = "王校长", hasGuide = true, hasSystem = true, hasMaterials = true, hasMedicalSupport = true,
            hasIsolationTransfer = false, checkedOn = Today,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var unit = (await created.Content.ReadFromJsonAsync<UnitDto>())!;
        Assert.False(unit.FiveHaves);
        Assert.Null(unit.ThreeStricts);
        var broken = await CountyNormAsync(horqin, "科尔沁区", "five-haves");
        Assert.Equal("notMet", broken.Status);
        Assert.Equal(units.Count(u => !u.FiveHaves) + 1, broken.Value);
        Assert.Equal("5.1.7", broken.Clause);

        var fixedUnit = await horqin.PutAsJsonAsync($"/api/readiness/units/{unit.Id}", new
        {
            name = unit.Name, kind = "school", responsible = "王校长", hasGuide = true, hasSystem = true, hasMaterials = true, hasMedicalSupport = true,
            hasIsolationTransfer = true, checkedOn = Today, version = unit.Version,
        });
        Assert.Equal(HttpStatusCode.OK, fixedUnit.StatusCode);
        Assert.True((await fixedUnit.Content.ReadFromJsonAsync<UnitDto>())!.FiveHaves);
        var after = await CountyNormAsync(horqin, "科尔沁区", "five-haves");
        Assert.Equal(before.Value is null ? "met" : before.Status, after.Status);

        // The same change again names a stale version: 409, nothing written.
        var stale = await horqin.PutAsJsonAsync($"/api/readiness/units/{unit.Id}", new { name = unit.Name, kind = "school", version = unit.Version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task AMedicalInstitutionIsHeldToTheThreeStrictsAndOthersCannotClaimThem()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var hospital = await horqin.PostAsJsonAsync("/api/readiness/units", new
        {
            name = "科尔沁区社区卫生服务中心", kind = "medicalInstitution", responsible = "李主任", hasGuide = true, hasSystem = true, hasMaterials = true,
            hasMedicalSupport = true, hasIsolationTransfer = true, strictFeverClinic = true, strictInvestigation = false, strictInfectionControl = true,
        });
        Assert.Equal(HttpStatusCode.Created, hospital.StatusCode);
        Assert.False((await hospital.Content.ReadFromJsonAsync<UnitDto>())!.ThreeStricts);
        var norm = await CountyNormAsync(horqin, "科尔沁区", "five-haves-three-stricts");
        Assert.Equal("notMet", norm.Status);
        Assert.Equal("5.1.9", norm.Clause);

        // A school claiming the stricts, a system without a person responsible, a day ahead: each refused on its field.
        var errors = await ErrorsAsync(await horqin.PostAsJsonAsync("/api/readiness/units", new
        {
            name = "某企业", kind = "enterprise", hasSystem = true, strictFeverClinic = true, checkedOn = Today.AddDays(1),
        }));
        Assert.True(errors.TryGetProperty("kind", out _));
        Assert.True(errors.TryGetProperty("responsible", out _));
        Assert.True(errors.TryGetProperty("checkedOn", out _));
        Assert.DoesNotContain((await horqin.GetListAsync<UnitDto>("/api/readiness/units?q=某企业"))!, u => u.Name == "某企业");

        // Another county's register is not horqin's to write; the expert reads but does not keep it.
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/readiness/units", new { region = "150525", name = "外地单位", kind = "other" })).StatusCode);
        var expert = await factory.SignedInAsync("expert");
        Assert.Equal(HttpStatusCode.Forbidden, (await expert.PostAsJsonAsync("/api/readiness/units", new { region = "150502", name = "专家登记", kind = "other" })).StatusCode);
    }

    [Fact]
    public async Task TheUnitListIsExportedAndImportedBackAllOrNothingWithErrorsByRowAndColumn()
    {
        var city = await factory.SignedInAsync("city");
        Assert.Equal("notMet", (await CountyNormAsync(city, "奈曼旗", "five-haves")).Status);
        var export = await city.GetAsync("/api/readiness/units/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync();

        // The export is an import: nothing new, nothing changed.
        Assert.Equal(new RegistryImported(0, 0), await ImportUnitsAsync(city, bytes, HttpStatusCode.OK));

        object?[] header = [.. RegistrySheets.UnitHeaders];
        var day = Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        object?[] dairy = ["奈曼旗", "奈曼旗乳业有限公司", "企业", "总经理", "是", "是", "是", "是", "是", "否", "否", "否", day];
        object?[] school = ["奈曼旗", "奈曼旗第二中学", "学校和托幼机构", "张校长", "是", "是", "是", "是", "是", "否", "否", "否", day];
        object?[] bad = ["奈曼旗", "坏行", "企业", "", "是", "是", "是", "是", "也许", "是", "否", "否", "明天"];
        var refused = await city.PostAsync("/api/readiness/units/import", Form(LineListFile.Xlsx([header, dairy, bad])));
        var errors = await ErrorsAsync(refused);
        foreach (var key in new[] { "row 3, 有隔离转运安排", "row 3, 类别", "row 3, 责任人", "row 3, 检查日期" }) Assert.True(errors.TryGetProperty(key, out _), errors.ToString());
        // Nothing of the good row was taken.
        Assert.Equal("notMet", (await CountyNormAsync(city, "奈曼旗", "five-haves")).Status);

        Assert.Equal(new RegistryImported(1, 1), await ImportUnitsAsync(city, LineListFile.Xlsx([header, dairy, school]), HttpStatusCode.OK));
        Assert.Equal("met", (await CountyNormAsync(city, "奈曼旗", "five-haves")).Status);
        var units = (await city.GetListAsync<UnitDto>("/api/readiness/units?region=150525"))!;
        Assert.Contains(units, u => u.Name == "奈曼旗第二中学" && u.FiveHaves && u.CheckedOn == Today && u.Responsible == "张校长");

        // Another county's headquarters imports into its own county only; the expert does not keep the register.
        var horqin = await factory.SignedInAsync("horqin");
        var outside = await ErrorsAsync(await horqin.PostAsync("/api/readiness/units/import", Form(LineListFile.Xlsx([header, school]))));
        Assert.True(outside.TryGetProperty("row 2, 所在地区", out _), outside.ToString());
        var expert = await factory.SignedInAsync("expert");
        Assert.Equal(HttpStatusCode.Forbidden, (await expert.PostAsync("/api/readiness/units/import", Form(LineListFile.Xlsx([header, school])))).StatusCode);
    }

    private static MultipartFormDataContent Form(byte[] bytes) => new() { { new ByteArrayContent(bytes), "file", "units.xlsx" } };

    private static async Task<RegistryImported?> ImportUnitsAsync(HttpClient client, byte[] bytes, HttpStatusCode expected)
    {
        using var form = Form(bytes);
        var response = await client.PostAsync("/api/readiness/units/import", form);
        Assert.True(expected == response.StatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<RegistryImported>();
    }

    [Fact]
    public async Task VaccinationCoverageIsTheSeasonsLatestCumulativeReportAndNeverGoesBackwards()
    {
        var cdc = await factory.SignedInAsync("horqin-cdc");
        var city = await factory.SignedInAsync("city");
        // The demo's report of three days ago is the starting point.
        var demo = (await city.GetFromJsonAsync<CoverageReport>("/api/normal-time/vaccination"))!.Rows.Single(r => r.RegionCode == "150502" && r.Group == "elderly");
        var (population, earlier) = (demo.Population!.Value, demo.Vaccinated!.Value);
        var yesterday = await cdc.PostAsJsonAsync("/api/normal-time/vaccination", new { group = "elderly", asOf = Today.AddDays(-1), population, vaccinated = earlier + 500 });
        Assert.Equal(HttpStatusCode.Created, yesterday.StatusCode);
        Assert.Equal("150502", (await yesterday.Content.ReadFromJsonAsync<VaccinationReportDto>())!.RegionCode);

        // Fewer than yesterday in the same season: a mistake, refused on the field; a figure between two reports must lie between them.
        var errors = await ErrorsAsync(await cdc.PostAsJsonAsync("/api/normal-time/vaccination", new { group = "elderly", asOf = Today, population, vaccinated = earlier + 100 }));
        Assert.Contains((earlier + 500).ToString(System.Globalization.CultureInfo.InvariantCulture), errors.GetProperty("vaccinated")[0].GetString());
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync("/api/normal-time/vaccination", new { group = "elderly", asOf = Today.AddDays(-2), population, vaccinated = earlier + 600 }))).TryGetProperty("vaccinated", out _));
        Assert.Equal(HttpStatusCode.Created, (await cdc.PostAsJsonAsync("/api/normal-time/vaccination", new { group = "elderly", asOf = Today, population, vaccinated = earlier + 2000 })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await cdc.PostAsJsonAsync("/api/normal-time/vaccination", new { group = "elderly", asOf = Today, population, vaccinated = earlier + 2100 })).StatusCode);

        var bad = await ErrorsAsync(await cdc.PostAsJsonAsync("/api/normal-time/vaccination", new { group = "pets", asOf = Today.AddDays(1), population = 0, vaccinated = 5 }));
        foreach (var field in new[] { "group", "asOf", "population" }) Assert.True(bad.TryGetProperty(field, out _), field);
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync("/api/normal-time/vaccination", new { group = "children", asOf = Today, population = 10, vaccinated = 11 }))).TryGetProperty("vaccinated", out _));

        var coverage = (await city.GetFromJsonAsync<CoverageReport>("/api/normal-time/vaccination"))!;
        var horqinElderly = coverage.Rows.Single(r => r.RegionCode == "150502" && r.Group == "elderly");
        Assert.Equal((double)(earlier + 2000) / population, horqinElderly.Coverage!.Value, 6);
        Assert.Equal(Today, horqinElderly.AsOf);
        // The development zone has reported nothing; the city's row sums the counties' latest reports.
        Assert.Null(coverage.Rows.Single(r => r.RegionCode == "150571" && r.Group == "elderly").Coverage);
        var counties = coverage.Rows.Where(r => r.RegionCode != "150500" && r.Group == "elderly").ToList();
        Assert.Equal(counties.Sum(r => r.Vaccinated ?? 0), coverage.Rows.Single(r => r.RegionCode == "150500" && r.Group == "elderly").Vaccinated);
        Assert.Equal(3, (await city.GetListAsync<VaccinationReportDto>("/api/normal-time/vaccination/reports?region=150502&status=elderly"))!.Count);

        // The expert reads coverage and reports nothing; a city-level region is not a county.
        var expert = await factory.SignedInAsync("expert");
        Assert.Equal(HttpStatusCode.Forbidden, (await expert.PostAsJsonAsync("/api/normal-time/vaccination", new { region = "150502", group = "elderly", asOf = Today, population = 1, vaccinated = 1 })).StatusCode);
        Assert.True((await ErrorsAsync(await city.PostAsJsonAsync("/api/normal-time/vaccination", new { region = "150500", group = "elderly", asOf = Today, population = 1, vaccinated = 1 }))).TryGetProperty("region", out _));
    }

    [Fact]
    public async Task APriceRiseOverTheThirtyDayMeanIsFlagged()
    {
        var horqin = await factory.SignedInAsync("horqin");
        foreach (var (days, price) in new[] { (20, 4.00m), (10, 4.20m), (0, 4.80m) })
        {
            var reported = await horqin.PostAsJsonAsync("/api/normal-time/prices", new { item = "flour", observedOn = Today.AddDays(-days), price });
            Assert.Equal(HttpStatusCode.Created, reported.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await horqin.PostAsJsonAsync("/api/normal-time/prices", new { item = "milk", observedOn = Today.AddDays(-3), price = 6.2m })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await horqin.PostAsJsonAsync("/api/normal-time/prices", new { item = "milk", observedOn = Today, price = 6.3m })).StatusCode);

        var watch = (await horqin.GetFromJsonAsync<List<PriceWatchDto>>("/api/normal-time/prices"))!;
        var flour = watch.Single(w => w.Item == "flour");
        Assert.Equal(4.10m, flour.Baseline);
        Assert.Equal("元/公斤", flour.Unit);
        Assert.Equal("元/升", watch.Single(w => w.Item == "milk").Unit);
        Assert.True(flour.Alert);
        Assert.Equal((4.80 - 4.10) / 4.10, flour.Change!.Value, 4);
        Assert.False(watch.Single(w => w.Item == "milk").Alert);
        // Alerts first: 科尔沁区's demo prices rose 1 %, not enough.
        Assert.Equal("flour", watch[0].Item);
        Assert.Single(watch, w => w.Alert);

        // A second price the same day, a price of nothing, fractions of a fen, an unknown item: refused.
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync("/api/normal-time/prices", new { item = "flour", observedOn = Today, price = 5m })).StatusCode);
        var errors = await ErrorsAsync(await horqin.PostAsJsonAsync("/api/normal-time/prices", new { item = "caviar", observedOn = Today, price = 0m }));
        Assert.True(errors.TryGetProperty("item", out _));
        Assert.True(errors.TryGetProperty("price", out _));
        Assert.True((await ErrorsAsync(await horqin.PostAsJsonAsync("/api/normal-time/prices", new { item = "fruit", observedOn = Today, price = 12.345m }))).TryGetProperty("price", out _));
        Assert.Equal(3, (await horqin.GetListAsync<PriceReportDto>("/api/normal-time/prices/reports?status=flour"))!.Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await horqin.GetAsync("/api/normal-time/prices?day=yesterday")).StatusCode);

        // Another county sees none of horqin's prices, and its own pork alert (the demo's 15 % rise in 奈曼旗).
        var naiman = await factory.SignedInAsync("naiman");
        var theirs = (await naiman.GetFromJsonAsync<List<PriceWatchDto>>("/api/normal-time/prices"))!;
        Assert.All(theirs, w => Assert.Equal("150525", w.RegionCode));
        Assert.True(theirs.Single(w => w.Item == "pork").Alert);
    }
}

public sealed class SqliteNormalTimeApiTests() : NormalTimeApiTests<SqliteFactory>(new());

public sealed class PostgresNormalTimeApiTests() : NormalTimeApiTests<PostgresFactory>(new());
