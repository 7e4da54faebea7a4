using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Readiness;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Readiness (issue 15; 001 §5.1.3): the capacity registers over HTTP and the plans' norms read over them, per county and for the
/// city. On SQLite and PostgreSQL.
/// </summary>
public abstract class ReadinessApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private static NormResultDto Norm(ReadinessReport report, string county, string id) =>
        report.Counties.Single(c => c.RegionName == county).Norms.Single(n => n.Id == id);

    [Fact]
    public async Task TheDemoCitysNormsAreReadFromItsRegistersSomeMetSomeNot()
    {
        var city = await factory.SignedInAsync("city");
        var report = (await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!;

        var naiman = Norm(report, "奈曼旗", "quarantine-rooms-contacts");
        Assert.Equal("notMet", naiman.Status);
        Assert.Equal("差 38 间", naiman.Shortfall);
        Assert.Equal("5.1.3(5)", naiman.Clause);
        Assert.Equal(162, naiman.Value);
        Assert.Equal("met", Norm(report, "开鲁县", "quarantine-rooms-contacts").Status);
        Assert.Equal("notMet", Norm(report, "库伦旗", "quarantine-backup-site").Status);
        Assert.Equal("notMet", Norm(report, "扎鲁特旗", "fever-clinics").Status);
        // 奈曼旗 set 3 planned confirmed cases: 300 places at 1:100; the others have set none.
        Assert.Equal("notMet", Norm(report, "奈曼旗", "quarantine-capacity").Status);
        Assert.Equal("notMeasurable", Norm(report, "开鲁县", "quarantine-capacity").Status);
        // The drill rule of the plan composed onto the city's (autumn-2022 二(一)).
        Assert.Equal("met", Norm(report, "开鲁县", "command-drill").Status);
        Assert.Equal("notMet", Norm(report, "库伦旗", "command-drill").Status);

        Assert.NotNull(report.City);
        Assert.Equal("met", report.City!.Norms.Single(n => n.Id == "designated-hospitals-city").Status);
        Assert.Equal("met", report.City.Norms.Single(n => n.Id == "mobile-testing-lab").Status);
        // The demo city's mobile testing team is on the team register (001 §5.1.3(1)).
        Assert.Equal("met", report.City.Norms.Single(n => n.Id == "mobile-testing-team").Status);
        // Reserve days from the stock ledger (001 §5.1.3(4)): the city's 100 planned cases over all its depots — suits bound them,
        // 11,000 at 300 a day; 奈曼旗's 3 cases against its depot, which holds no gloves; 开鲁县 has set no planned cases.
        var days = report.City.Norms.Single(n => n.Id == "medical-supply-reserve-days");
        Assert.Equal("met", days.Status);
        Assert.Equal(36.66, days.Value);
        Assert.Equal("notMet", Norm(report, "奈曼旗", "medical-supply-reserve-days").Status);
        Assert.Equal(0, Norm(report, "奈曼旗", "medical-supply-reserve-days").Value);
        Assert.StartsWith("差 30 天（", Norm(report, "奈曼旗", "medical-supply-reserve-days").Shortfall);
        Assert.Contains("医用检查手套 0 天，差 1080 副", Norm(report, "奈曼旗", "medical-supply-reserve-days").Shortfall);
        Assert.Equal("notMeasurable", Norm(report, "开鲁县", "medical-supply-reserve-days").Status);
        Assert.True(report.City.Met > 0 && report.City.NotMeasurable > 0);
    }

    [Fact]
    public async Task StockIssuedTurnsTheReserveDaysNormRedAndAReceiptTurnsItGreenAgain()
    {
        var city = await factory.SignedInAsync("city");
        async Task<NormResultDto> DaysAsync() =>
            (await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!.City!.Norms.Single(n => n.Id == "medical-supply-reserve-days");
        var depot = (await city.GetListAsync<EpiCommand.Web.Supplies.DepotDto>("/api/supplies/depots?q=通辽市医疗物资储备库"))!.Single();
        var suits = (await city.GetListAsync<EpiCommand.Web.Supplies.ItemDto>("/api/supplies/items?q=FH-SUIT"))!.Single();
        Task<HttpResponseMessage> Move(string kind, int quantity) =>
            city.PostAsJsonAsync("/api/supplies/movements", new { kind, depotId = depot.Id, itemId = suits.Id, quantity, reason = "测试" });

        // 100 planned cases × 3 suits a patient-day = 300 a day; the city's depots hold 11,000: 36.66 days.
        Assert.Equal(36.66, (await DaysAsync()).Value);
        // 2,000 issued: 9,000 left, exactly 30 days — still met.
        Assert.Equal(HttpStatusCode.Created, (await Move("issue", 2_000)).StatusCode);
        Assert.Equal("met", (await DaysAsync()).Status);
        // One more: 8,999 is 29.99 days, one suit short of 30 days.
        Assert.Equal(HttpStatusCode.Created, (await Move("issue", 1)).StatusCode);
        var red = await DaysAsync();
        Assert.Equal("notMet", red.Status);
        Assert.Equal(29.99, red.Value);
        Assert.Equal("差 1 天（医用一次性防护服 29.99 天，差 1 套）", red.Shortfall);

        // The per-item table says the same, with the issues beside it (2,001 in the last 7 days).
        var rows = (await city.GetListAsync<ReserveDayRow>("/api/readiness/reserves?region=150500&limit=200"))!;
        var row = rows.Single(r => r.ItemCode == "FH-SUIT");
        Assert.Equal(8_999, row.OnHand);
        Assert.Equal(300, row.DailyNeed);
        Assert.Equal(29.99, row.Days);
        Assert.Equal(1, row.Missing);
        Assert.Equal("notMet", row.Status);
        Assert.Equal(Math.Round(2_001 / 7.0, 2), row.Issued7);
        Assert.Equal(Math.Round(2_001 / 30.0, 2), row.Issued30);
        Assert.Equal(11, rows.Count);   // the plan's 11 reserve items, for the city alone
        Assert.Equal("met", rows.Single(r => r.ItemCode == "FH-N95").Status);

        Assert.Equal(HttpStatusCode.Created, (await Move("receipt", 1)).StatusCode);
        var green = await DaysAsync();
        Assert.Equal("met", green.Status);
        Assert.Equal(30, green.Value);

        // Paged, and scoped: 科尔沁区 sees its own rows; another county is refused; a bad page size is a field error.
        var first = await city.GetFromJsonAsync<EpiCommand.Web.Platform.Page<ReserveDayRow>>("/api/readiness/reserves?limit=5");
        Assert.Equal(5, first!.Items.Count);
        Assert.NotNull(first.Next);
        var horqin = await factory.SignedInAsync("horqin");
        Assert.All((await horqin.GetListAsync<ReserveDayRow>("/api/readiness/reserves?limit=200"))!, r => Assert.Equal("150502", r.RegionCode));
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync("/api/readiness/reserves?region=150525")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await city.GetAsync("/api/readiness/reserves?limit=0")).StatusCode);
    }

    [Fact]
    public async Task ACountyRegistersQuarantineRoomsAndItsNormTurnsMet()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var before = (await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!;
        Assert.Null(before.City);
        Assert.Equal("科尔沁区", Assert.Single(before.Counties).RegionName);
        Assert.Equal("差 20 间", Norm(before, "科尔沁区", "quarantine-rooms-contacts").Shortfall);

        var created = await horqin.PostAsJsonAsync("/api/readiness/quarantine-sites",
            new { name = "科尔沁区第二集中隔离点", rooms = 30, roomsForContacts = 25, roomsForAsymptomatic = 5, status = "inUse", contractedHotel = true, staff = 8 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var site = (await created.Content.ReadFromJsonAsync<QuarantineSiteDto>())!;
        Assert.Equal("150502", site.RegionCode);

        var after = (await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!;
        Assert.Equal("met", Norm(after, "科尔沁区", "quarantine-rooms-contacts").Status);
        Assert.Equal(205, Norm(after, "科尔沁区", "quarantine-rooms-contacts").Value);

        // Another county is outside horqin's jurisdiction; the city sees the site.
        var elsewhere = await horqin.PostAsJsonAsync("/api/readiness/quarantine-sites", new { region = "150525", name = "外地", rooms = 1, roomsForContacts = 1, roomsForAsymptomatic = 0, staff = 0 });
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
        var city = await factory.SignedInAsync("city");
        Assert.Contains((await city.GetListAsync<QuarantineSiteDto>("/api/readiness/quarantine-sites?region=150502"))!, s => s.Name == "科尔沁区第二集中隔离点");
    }

    [Fact]
    public async Task AChangeNamesTheVersionItReadAndBadFiguresAreRefusedByField()
    {
        var city = await factory.SignedInAsync("city");
        var hospital = (await city.GetListAsync<HospitalDto>("/api/readiness/hospitals?q=通辽市传染病医院"))!.Single();
        var change = new { name = hospital.Name, level = hospital.Level, kind = hospital.Kind, feverClinic = true, designation = hospital.Designation, beds = 320,
            designatedBeds = 220, icuBeds = 24, doctors = 40, nurses = 95, version = hospital.Version };
        var changed = await city.PutAsJsonAsync($"/api/readiness/hospitals/{hospital.Id}", change);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(hospital.Version + 1, (await changed.Content.ReadFromJsonAsync<HospitalDto>())!.Version);
        var stale = await city.PutAsJsonAsync($"/api/readiness/hospitals/{hospital.Id}", change);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var bad = await city.PostAsJsonAsync("/api/readiness/hospitals", new { name = "新医院", level = "level9", kind = "general", beds = 10, designatedBeds = 20, icuBeds = 0, doctors = -1, nurses = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("level", out _));
        Assert.True(errors.TryGetProperty("designatedBeds", out _));
        Assert.True(errors.TryGetProperty("doctors", out _));

        var duplicate = await city.PostAsJsonAsync("/api/readiness/hospitals", new { name = "通辽市医院", level = "level3", kind = "general", beds = 1, designatedBeds = 0, icuBeds = 0, doctors = 0, nurses = 0 });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        var expert = await factory.SignedInAsync("expert");
        Assert.NotEmpty((await expert.GetListAsync<HospitalDto>("/api/readiness/hospitals"))!);
        var refused = await expert.PostAsJsonAsync("/api/readiness/drills", new { title = "演练", scheduledOn = "2026-12-30" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task TheHeadquartersSetsThePlannedCasesAndTheQuarantineScaleBecomesMeasurable()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var sizing = Assert.Single((await horqin.GetFromJsonAsync<List<SizingDto>>("/api/readiness/sizing"))!);
        Assert.Null(sizing.PlannedConfirmedCases);
        Assert.Equal(920_000, sizing.Population);   // the demo's invented resident population
        Assert.Equal("notMeasurable", Norm((await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "科尔沁区", "quarantine-capacity").Status);

        var set = await horqin.PutAsJsonAsync("/api/readiness/sizing/150502", new { plannedConfirmedCases = 2, population = 900_000, version = sizing.Version });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var report = (await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!;
        var capacity = Norm(report, "科尔沁区", "quarantine-capacity");
        Assert.Equal("met", capacity.Status);   // 240 rooms for 200 places
        Assert.Equal(200, capacity.Required);
        // 900,000 people in 3 days: 300,000 a day, which the demo's 300,000 meet.
        Assert.Equal("met", Norm(report, "科尔沁区", "sampling-sites").Status);
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PutAsJsonAsync("/api/readiness/sizing/150502", new { plannedConfirmedCases = 5, version = sizing.Version })).StatusCode);
        var bad = await horqin.PutAsJsonAsync("/api/readiness/sizing/150502", new { population = -1, version = sizing.Version + 1 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("population", out _));
    }

    [Fact]
    public async Task QuarantineSitesExportAndImportBackAllOrNothingWithErrorsByRowAndColumn()
    {
        var city = await factory.SignedInAsync("city");
        var export = await city.GetAsync("/api/readiness/quarantine-sites/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync();

        // The export is an import: nothing new, nothing changed.
        using (var same = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "sites.xlsx" } })
        {
            var again = await city.PostAsync("/api/readiness/quarantine-sites/import", same);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(new RegistryImported(0, 0), await again.Content.ReadFromJsonAsync<RegistryImported>());
        }

        object?[] header = [.. RegistrySheets.SiteHeaders];
        var bad = LineListFile.Xlsx([header, ["奈曼旗", "奈曼旗新隔离点", 60.0, 50.0, 10.0, "在用", "是", 12.0], ["奈曼旗", "坏行", 10.0, 20.0, 0.0, "半用", "也许", 1.0]]);
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(bad), "file", "sites.xlsx" } })
        {
            var refused = await city.PostAsync("/api/readiness/quarantine-sites/import", form);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("row 3, 状态", out _), errors.ToString());
            Assert.True(errors.TryGetProperty("row 3, 签约宾馆", out _), errors.ToString());
            Assert.True(errors.TryGetProperty("row 3, 无症状房间数", out _), errors.ToString());
        }
        Assert.Empty((await city.GetListAsync<QuarantineSiteDto>("/api/readiness/quarantine-sites?q=奈曼旗新隔离点"))!);

        var good = LineListFile.Xlsx([header, ["奈曼旗", "奈曼旗新隔离点", 60.0, 50.0, 10.0, "在用", "是", 12.0]]);
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(good), "file", "sites.xlsx" } })
        {
            var imported = await city.PostAsync("/api/readiness/quarantine-sites/import", form);
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            Assert.Equal(new RegistryImported(1, 0), await imported.Content.ReadFromJsonAsync<RegistryImported>());
        }
        var report = (await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!;
        Assert.Equal("met", Norm(report, "奈曼旗", "quarantine-rooms-contacts").Status);
    }

    [Fact]
    public async Task ACountyRegistersASamplingSiteAndItsSamplingNormTurnsMet()
    {
        // 001 §5.1.3(3): 科尔沁区's 920,000 people in 3 days need 306,667 sampled a day; the demo registers 300,000.
        var horqin = await factory.SignedInAsync("horqin");
        var before = Norm((await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "科尔沁区", "sampling-sites");
        Assert.Equal("notMet", before.Status);
        Assert.Equal(300_000, before.Value);
        Assert.Equal("差 6667 人/日", before.Shortfall);

        var bad = await horqin.PostAsJsonAsync("/api/readiness/sampling-sites",
            new { name = "", place = "大沁他拉镇", kind = "drive-in", booths = -1, staff = 4, perDay = 2_000_000, status = "half" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "name", "place", "kind", "booths", "perDay", "status" }) Assert.True(errors.TryGetProperty(field, out _), $"{field}: {errors}");

        var created = await horqin.PostAsJsonAsync("/api/readiness/sampling-sites",
            new { name = "科尔沁区永清街道便民采样点", place = "永清街道", address = "永清大街 18 号", kind = "固定采样点", booths = 7, staff = 14, perDay = 8_000, status = "在用" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var site = (await created.Content.ReadFromJsonAsync<SamplingSiteDto>())!;
        Assert.Equal(("150502", "150502003", "永清街道", "fixed", "inUse"), (site.RegionCode, site.PlaceCode, site.PlaceName, site.Kind, site.Status));

        var after = Norm((await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "科尔沁区", "sampling-sites");
        Assert.Equal("met", after.Status);
        Assert.Equal(308_000, after.Value);

        // Without staff a site samples nobody: the norm breaks again.
        var changed = await horqin.PutAsJsonAsync($"/api/readiness/sampling-sites/{site.Id}",
            new { name = site.Name, place = site.PlaceCode, address = site.Address, kind = site.Kind, booths = 7, staff = 0, perDay = 8_000, status = site.Status, version = site.Version });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("notMet", Norm((await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "科尔沁区", "sampling-sites").Status);
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PutAsJsonAsync($"/api/readiness/sampling-sites/{site.Id}",
            new { name = site.Name, kind = site.Kind, booths = 7, staff = 14, perDay = 8_000, version = site.Version })).StatusCode);

        // Another county is outside horqin's jurisdiction; the city sees horqin's site, and the change is audited.
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/readiness/sampling-sites",
            new { region = "150525", name = "外地采样点", kind = "fixed", booths = 1, staff = 2, perDay = 100 })).StatusCode);
        var city = await factory.SignedInAsync("city");
        Assert.Contains((await city.GetListAsync<SamplingSiteDto>("/api/readiness/sampling-sites?region=150502"))!, s => s.Name == "科尔沁区永清街道便民采样点");
        var naiman = await factory.SignedInAsync("naiman");
        Assert.DoesNotContain((await naiman.GetListAsync<SamplingSiteDto>("/api/readiness/sampling-sites"))!, s => s.RegionCode == "150502");
        var admin = await factory.SignedInAsync("admin");
        var audit = await admin.GetStringAsync($"/api/audit?subjectType=sampling-site&subjectId={site.Id}");
        Assert.Contains("sampling-site.registered", audit);
        Assert.Contains("sampling-site.changed", audit);
    }

    [Fact]
    public async Task SamplingSitesExportAndImportBackAllOrNothingWithErrorsByRowAndColumn()
    {
        var city = await factory.SignedInAsync("city");
        var bytes = await (await city.GetAsync("/api/readiness/sampling-sites/export")).Content.ReadAsByteArrayAsync();
        using (var same = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "sampling.xlsx" } })
        {
            var again = await city.PostAsync("/api/readiness/sampling-sites/import", same);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(new RegistryImported(0, 0), await again.Content.ReadFromJsonAsync<RegistryImported>());
        }

        object?[] header = [.. RegistrySheets.SamplingHeaders];
        var bad = LineListFile.Xlsx([header, ["库伦旗", "库伦旗备用采样点（体育馆）", "", "库伦镇体育馆", "固定采样点", 10.0, 20.0, 12000.0, "备用"],
            ["库伦旗", "坏行", "大沁他拉镇", "", "无人机", -3.0, 2.0, 100.0, "在用"]]);
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(bad), "file", "sampling.xlsx" } })
        {
            var refused = await city.PostAsync("/api/readiness/sampling-sites/import", form);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty("row 3, 类别", out _), errors.ToString());
            Assert.True(errors.TryGetProperty("row 3, 采样台数", out _), errors.ToString());
            Assert.True(errors.TryGetProperty("row 3, 所在苏木乡镇或社区", out _), errors.ToString());   // 大沁他拉镇 is 奈曼旗's
        }
        Assert.Empty((await city.GetListAsync<SamplingSiteDto>("/api/readiness/sampling-sites?q=库伦旗备用"))!);
        var report = (await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!;
        Assert.Equal("notMet", Norm(report, "库伦旗", "sampling-sites").Status);
        Assert.Equal("notMet", Norm(report, "库伦旗", "testing-sampling-reserve").Status);

        var good = LineListFile.Xlsx([header, ["库伦旗", "库伦旗备用采样点（体育馆）", "", "库伦镇体育馆", "固定采样点", 10.0, 20.0, 12000.0, "备用"]]);
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(good), "file", "sampling.xlsx" } })
        {
            var imported = await city.PostAsync("/api/readiness/sampling-sites/import", form);
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            Assert.Equal(new RegistryImported(1, 0), await imported.Content.ReadFromJsonAsync<RegistryImported>());
        }
        report = (await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!;
        Assert.Equal("met", Norm(report, "库伦旗", "sampling-sites").Status);   // 50,000 a day for 150,000 in 3 days
        Assert.Equal("met", Norm(report, "库伦旗", "testing-sampling-reserve").Status);
    }

    [Fact]
    public async Task DesignatedHospitalsRetrofitChecklistIsReadAsANormEditedAndImported()
    {
        var city = await factory.SignedInAsync("city");
        var report = (await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!;
        var naiman = Norm(report, "奈曼旗", "designated-hospital-retrofit");
        Assert.Equal("notMet", naiman.Status);
        Assert.Equal("差 1 家（奈曼旗人民医院：三区两通道改造中、供氧未达标）", naiman.Shortfall);
        Assert.Equal("met", Norm(report, "开鲁县", "designated-hospital-retrofit").Status);
        // The city reads every designated and backup hospital: 3 of its own and 8 counties', 3 of them failing.
        var all = report.City!.Norms.Single(n => n.Id == "designated-hospital-retrofit");
        Assert.Equal((8.0, 11.0), (all.Value, all.Required));

        var hospital = (await city.GetListAsync<HospitalDto>("/api/readiness/hospitals?q=奈曼旗人民医院"))!.Single();
        Assert.Equal(("inProgress", "notCompliant", false), (hospital.Retrofit!.ThreeZonesTwoPassages, hospital.Retrofit.Oxygen, hospital.RetrofitCompliant));
        object Change(string oxygen, int version) => new
        {
            name = hospital.Name, level = hospital.Level, kind = hospital.Kind, feverClinic = hospital.FeverClinic, designation = hospital.Designation, beds = hospital.Beds,
            designatedBeds = hospital.DesignatedBeds, icuBeds = hospital.IcuBeds, doctors = hospital.Doctors, nurses = hospital.Nurses, version,
            retrofit = new { threeZonesTwoPassages = "达标", oxygen, ventilation = "compliant", heating = "compliant", sewageAndWaste = "compliant", icuEquipment = "compliant", checkedOn = "2026-11-30", note = "验收完毕" },
        };
        var bad = await city.PutAsJsonAsync($"/api/readiness/hospitals/{hospital.Id}", Change("差不多", hospital.Version));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("retrofit.oxygen", out _));
        var changed = await city.PutAsJsonAsync($"/api/readiness/hospitals/{hospital.Id}", Change("compliant", hospital.Version));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.True((await changed.Content.ReadFromJsonAsync<HospitalDto>())!.RetrofitCompliant);
        Assert.Equal("met", Norm((await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "奈曼旗", "designated-hospital-retrofit").Status);

        // The export carries the checklist and imports back unchanged; a bad status is refused by row and column, nothing stored.
        var bytes = await (await city.GetAsync("/api/readiness/hospitals/export")).Content.ReadAsByteArrayAsync();
        using (var same = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "hospitals.xlsx" } })
        {
            var again = await city.PostAsync("/api/readiness/hospitals/import", same);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(new RegistryImported(0, 0), await again.Content.ReadFromJsonAsync<RegistryImported>());
        }
        object?[] header = [.. RegistrySheets.HospitalHeaders];
        var row = new object?[] { "奈曼旗", "奈曼旗人民医院", "二级", "综合医院", "是", "定点医院", 450.0, 48.0, 5.0, 28.0, 60.0, "是", "达标", "修好了", "达标", "达标", "达标", "达标", "2026-12-01", "" };
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(LineListFile.Xlsx([header, row])), "file", "hospitals.xlsx" } })
        {
            var refused = await city.PostAsync("/api/readiness/hospitals/import", form);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("row 2, 供氧", out _));
        }
        row[13] = "改造中";
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(LineListFile.Xlsx([header, row])), "file", "hospitals.xlsx" } })
        {
            var imported = await city.PostAsync("/api/readiness/hospitals/import", form);
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            Assert.Equal(new RegistryImported(0, 1), await imported.Content.ReadFromJsonAsync<RegistryImported>());
        }
        Assert.Equal("差 1 家（奈曼旗人民医院：供氧改造中）", Norm((await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "奈曼旗", "designated-hospital-retrofit").Shortfall);

        // A sheet without the checklist's and the sentinel flag's columns (the older layout) leaves them as they are.
        object?[] oldHeader = [.. RegistrySheets.HospitalHeaders.Except(RegistrySheets.OptionalHospitalHeaders)];
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(LineListFile.Xlsx([oldHeader, row[..11]])), "file", "hospitals.xlsx" } })
        {
            Assert.Equal(HttpStatusCode.OK, (await city.PostAsync("/api/readiness/hospitals/import", form)).StatusCode);
        }
        Assert.Equal("notMet", Norm((await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "奈曼旗", "designated-hospital-retrofit").Status);
        Assert.True((await city.GetFromJsonAsync<HospitalDto>($"/api/readiness/hospitals/{hospital.Id}"))!.IliSentinel);
    }

    /// <summary>The changes of one norm in one region, newest first, once the watcher has recorded at least <paramref name="count"/>.</summary>
    private static async Task<List<NormChangeDto>> HistoryAsync(HttpClient client, string region, string norm, int count)
    {
        List<NormChangeDto> changes = [];
        for (var i = 0; i < 100; i++)
        {
            changes = (await client.GetListAsync<NormChangeDto>($"/api/readiness/history?region={region}&norm={norm}"))!;
            if (changes.Count >= count) return changes;
            await Task.Delay(100);
        }
        Assert.Fail($"{region} {norm}: {changes.Count} changes recorded, {count} expected");
        return changes;
    }

    [Fact]
    public async Task EachChangeOfANormsStateIsRecordedWhenFirstMetAndWhenItBroke()
    {
        var horqin = await factory.SignedInAsync("horqin");
        // The first reading (at the start of the platform): not met, 20 rooms short.
        var first = Assert.Single(await HistoryAsync(horqin, "150502", "quarantine-rooms-contacts", 1));
        Assert.Equal("notMet", first.Status);
        Assert.Null(first.Previous);
        Assert.Equal("差 20 间", first.Detail);
        Assert.Equal(EpiCommandFactory.SeededAt, first.At);

        // A register changes: read again at once, the norm turns met.
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var created = await horqin.PostAsJsonAsync("/api/readiness/quarantine-sites",
            new { name = "科尔沁区第三集中隔离点", rooms = 30, roomsForContacts = 25, roomsForAsymptomatic = 5, status = "inUse", contractedHotel = true, staff = 8 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var site = (await created.Content.ReadFromJsonAsync<QuarantineSiteDto>())!;
        var met = (await HistoryAsync(horqin, "150502", "quarantine-rooms-contacts", 2))[0];
        Assert.Equal(("met", (string?)"notMet", (double?)205), (met.Status, met.Previous, met.Value));
        Assert.Equal(EpiCommandFactory.SeededAt.AddHours(1), met.At);
        var norm = Norm((await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "科尔沁区", "quarantine-rooms-contacts");
        Assert.Equal(((DateTimeOffset?)met.At, (DateTimeOffset?)met.At, (DateTimeOffset?)null), (norm.Since, norm.FirstMet, norm.LastBroken));

        // Taken off the register later: broken again.
        factory.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.NoContent, (await horqin.DeleteAsync($"/api/readiness/quarantine-sites/{site.Id}?version={site.Version}")).StatusCode);
        var changes = await HistoryAsync(horqin, "150502", "quarantine-rooms-contacts", 3);
        Assert.Equal(["notMet", "met", "notMet"], changes.Select(c => c.Status));
        norm = Norm((await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "科尔沁区", "quarantine-rooms-contacts");
        Assert.Equal(((DateTimeOffset?)changes[0].At, (DateTimeOffset?)met.At, (DateTimeOffset?)changes[0].At), (norm.Since, norm.FirstMet, norm.LastBroken));

        // Paged (the keyset contract), and only within the jurisdiction; bad input by field.
        var page = await horqin.GetPageAsync<NormChangeDto>("/api/readiness/history?region=150502&norm=quarantine-rooms-contacts&limit=2");
        Assert.Equal((2, 3), (page.Items.Count, page.Total));
        Assert.NotNull(page.Next);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync("/api/readiness/history?region=150525&norm=quarantine-rooms-contacts")).StatusCode);
        var bad = await horqin.GetAsync("/api/readiness/history?region=150502&norm=no-such-norm&limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("limit", out _), errors.ToString());
        var noNorm = (await (await horqin.GetAsync("/api/readiness/history?region=150502")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(noNorm.TryGetProperty("norm", out _), noNorm.ToString());
    }

    [Fact]
    public async Task NormsAreReadAgainEachDayADrillFallsOutOfItsInterval()
    {
        var city = await factory.SignedInAsync("city");
        var report = (await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!;
        var kailu = report.Counties.Single(c => c.RegionName == "开鲁县").RegionCode;
        Assert.Equal("met", Assert.Single(await HistoryAsync(city, kailu, "command-drill", 1)).Status);

        // No register changes: only the days pass, beyond autumn-2022 二(一)'s two months.
        for (var day = 0; day < 70; day++)
        {
            factory.Clock.Advance(TimeSpan.FromDays(1));
            await Task.Delay(20);
        }
        city = await factory.SignedInAsync("city");
        var broken = (await HistoryAsync(city, kailu, "command-drill", 2))[0];
        Assert.Equal(("notMet", (string?)"met"), (broken.Status, broken.Previous));
    }

    [Fact]
    public async Task AGapBecomesATaskForTheResponsibleUnitPressedAndDoneOneOpenTaskAtATime()
    {
        var horqin = await factory.SignedInAsync("horqin");
        string unit;
        using (var db = factory.CreateDbContext())
        {
            // A unit of 科尔沁区's headquarters (the office or a member unit, as the tasks of its measures are given).
            unit = db.Headquarters.Where(h => h.RegionCode == "150502").Select(h => h.OfficeName).FirstOrDefault()
                ?? db.MemberUnits.Where(u => u.RegionCode == "150502").Select(u => u.Name).First();
        }
        var due = factory.Clock.GetUtcNow().AddDays(7);
        object Gap(string norm = "quarantine-rooms-contacts") => new { region = "150502", norm, unit, dueAt = due };

        // Bad input by field; another county's gap is not horqin's; a norm met has no gap.
        var bad = await horqin.PostAsJsonAsync("/api/readiness/gap-tasks", new { region = "150502", norm = "no-such-norm" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "norm", "unit", "dueAt" }) Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/readiness/gap-tasks", new { region = "150525", norm = "quarantine-rooms-contacts", unit, dueAt = due })).StatusCode);

        // Two headquarters users at the same moment: one task.
        var both = await Task.WhenAll(horqin.PostAsJsonAsync("/api/readiness/gap-tasks", Gap()), horqin.PostAsJsonAsync("/api/readiness/gap-tasks", Gap()));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], both.Select(r => r.StatusCode).Order());
        var task = (await both.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<GapTaskRef>())!;
        Assert.Equal(("open", unit), (task.State, task.Unit));
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync("/api/readiness/gap-tasks", Gap())).StatusCode);

        // The gap list shows it; it is a task as every task: pressed by the city (督办), done by the unit's headquarters.
        var shown = Norm((await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "科尔沁区", "quarantine-rooms-contacts").Task;
        Assert.Equal((task.Id, "open"), (shown!.Id, shown.State));
        var listed = await horqin.GetFromJsonAsync<JsonElement>($"/api/tasks/{task.Id}");
        Assert.Contains("差 20 间", listed.GetProperty("task").GetProperty("text").GetString());
        var city = await factory.SignedInAsync("city");
        Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/tasks/{task.Id}/press", new { note = "请本周内签约第二家隔离宾馆" })).StatusCode);
        Assert.Equal(1, Norm((await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "科尔沁区", "quarantine-rooms-contacts").Task!.PressCount);
        Assert.Equal(HttpStatusCode.OK, (await horqin.PostAsJsonAsync($"/api/tasks/{task.Id}/done", new { note = "已签约" })).StatusCode);
        Assert.Equal("done", Norm((await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "科尔沁区", "quarantine-rooms-contacts").Task!.State);

        // Done, and the gap still there: a new task may be given.
        Assert.Equal(HttpStatusCode.Created, (await horqin.PostAsJsonAsync("/api/readiness/gap-tasks", Gap())).StatusCode);
    }
}

public sealed class SqliteReadinessApiTests() : ReadinessApiTests<SqliteFactory>(new());

public sealed class PostgresReadinessApiTests() : ReadinessApiTests<PostgresFactory>(new());
