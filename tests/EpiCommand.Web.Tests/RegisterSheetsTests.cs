using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Readiness;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// The team register and the teams' training records as sheets (001 §5.1.3(1)), the laboratories and the drills (issue 15 §1), and the hospital register's ILI sentinel column
/// (001 §5.1.4): an export is an import, an import is all or nothing with its errors by row and column. On SQLite and PostgreSQL.
/// </summary>
public abstract class RegisterSheetsTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private static MultipartFormDataContent Form(byte[] bytes) => new() { { new ByteArrayContent(bytes), "file", "register.xlsx" } };

    private static async Task<JsonElement> RefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").Clone();
    }

    private static async Task<RegistryImported> ImportedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<RegistryImported>())!;
    }

    private static void HasError(JsonElement errors, string key) => Assert.True(errors.TryGetProperty(key, out _), $"{key} not in {errors}");

    [Fact]
    public async Task TeamsExportAndImportBackAllOrNothingAndKeepTheirRosters()
    {
        var city = await factory.SignedInAsync("city");
        var bytes = await (await city.GetAsync("/api/readiness/teams/export")).Content.ReadAsByteArrayAsync();
        using (var same = Form(bytes)) Assert.Equal(new RegistryImported(0, 0), await ImportedAsync(await city.PostAsync("/api/readiness/teams/import", same)));

        object?[] header = [.. RegistrySheets.TeamHeaders];
        var bad = LineListFile.Xlsx([header, ["奈曼旗", "奈曼旗消杀队", "防汛队", "也许"], ["奈曼旗", null, "消毒杀虫", "否"], ["火星", "火星队", "消毒杀虫", "否"],
            ["奈曼旗", "奈曼旗心理疏导队", "康复和心理疏导", "否"]]);
        using (var form = Form(bad))
        {
            var errors = await RefusedAsync(await city.PostAsync("/api/readiness/teams/import", form));
            HasError(errors, "row 2, 队伍类别");
            HasError(errors, "row 2, 机动队伍");
            HasError(errors, "row 3, 队伍名称");
            HasError(errors, "row 4, 所在地区");
            Assert.False(errors.TryGetProperty("row 5, 队伍名称", out _), errors.ToString());
        }
        Assert.Empty((await city.GetListAsync<TeamDto>("/api/readiness/teams?q=奈曼旗"))!);

        var roster = (await city.GetListAsync<TeamDto>("/api/readiness/teams?q=科尔沁区流行病学调查队"))!.Single().Members.Count;
        var good = LineListFile.Xlsx([header, ["奈曼旗", "奈曼旗消杀队", "消毒杀虫", "否"], ["科尔沁区", "科尔沁区流行病学调查队", "epidemiology", "是"]]);
        using (var form = Form(good)) Assert.Equal(new RegistryImported(1, 1), await ImportedAsync(await city.PostAsync("/api/readiness/teams/import", form)));
        var horqinEpi = (await city.GetListAsync<TeamDto>("/api/readiness/teams?q=科尔沁区流行病学调查队"))!.Single();
        Assert.Equal((true, roster), (horqinEpi.Mobile, horqinEpi.Members.Count));
        var naiman = (await city.GetListAsync<TeamDto>("/api/readiness/teams?q=奈曼旗消杀队"))!.Single();
        Assert.Equal(("disinfection", "150525", 0), (naiman.Type, naiman.RegionCode, naiman.Members.Count));

        // A county imports into its own county only; experts do not keep registers.
        var horqin = await factory.SignedInAsync("horqin");
        using (var form = Form(LineListFile.Xlsx([header, ["奈曼旗", "奈曼旗第二消杀队", "消毒杀虫", "否"]])))
        {
            HasError(await RefusedAsync(await horqin.PostAsync("/api/readiness/teams/import", form)), "row 2, 所在地区");
        }
        using (var form = Form(good)) Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("expert")).PostAsync("/api/readiness/teams/import", form)).StatusCode);
    }

    [Fact]
    public async Task TrainingRecordsExportAndImportBackAllOrNothingWithErrorsByRowAndColumn()
    {
        var city = await factory.SignedInAsync("city");
        var bytes = await (await city.GetAsync("/api/readiness/trainings/export")).Content.ReadAsByteArrayAsync();
        using (var same = Form(bytes)) Assert.Equal(new RegistryImported(0, 0), await ImportedAsync(await city.PostAsync("/api/readiness/trainings/import", same)));

        var today = ChinaTime.DayOf(factory.Clock.GetUtcNow());
        string Day(int back) => today.AddDays(-back).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        object?[] header = [.. RegistrySheets.TrainingHeaders];
        var bad = LineListFile.Xlsx([header,
            ["科尔沁区", "科尔沁区不存在的队", Day(3), "培训", "个人防护", 10.0, null],
            ["科尔沁区", "科尔沁区流行病学调查队", today.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "会议", "个人防护", 10.0, null],
            ["科尔沁区", "科尔沁区流行病学调查队", Day(3), "演练", "个人防护、跳伞", "十", null],
            ["科尔沁区", "科尔沁区流行病学调查队", Day(3), "演练", "流调追踪、个人防护", 12.0, "夜间拉练"]]);
        using (var form = Form(bad))
        {
            var errors = await RefusedAsync(await city.PostAsync("/api/readiness/trainings/import", form));
            HasError(errors, "row 2, 队伍名称");
            HasError(errors, "row 3, 日期");
            HasError(errors, "row 3, 类型");
            HasError(errors, "row 4, 内容");
            HasError(errors, "row 4, 参加人数");
            Assert.False(errors.TryGetProperty("row 5, 队伍名称", out _), errors.ToString());
        }
        var team = (await city.GetListAsync<TeamDto>("/api/readiness/teams?q=科尔沁区流行病学调查队"))!.Single();
        var before = (await city.GetListAsync<TeamTrainingDto>($"/api/readiness/trainings?teamId={team.Id}"))!;
        Assert.DoesNotContain(before, t => t.Note == "夜间拉练");

        object?[] drill = ["科尔沁区", "科尔沁区流行病学调查队", Day(3), "演练", "流调追踪、个人防护", 12.0, "夜间拉练"];
        using (var form = Form(LineListFile.Xlsx([header, drill]))) Assert.Equal(new RegistryImported(1, 0), await ImportedAsync(await city.PostAsync("/api/readiness/trainings/import", form)));
        drill[5] = 15.0;
        using (var form = Form(LineListFile.Xlsx([header, drill]))) Assert.Equal(new RegistryImported(0, 1), await ImportedAsync(await city.PostAsync("/api/readiness/trainings/import", form)));
        var record = (await city.GetListAsync<TeamTrainingDto>($"/api/readiness/trainings?teamId={team.Id}"))!.Single(t => t.Note == "夜间拉练");
        Assert.Equal(("drill", 15, today.AddDays(-3), 1), (record.Kind, record.Participants, record.HeldOn, record.Version));
        Assert.Equal(new[] { "contactTracing", "personalProtection" }, record.Topics);

        // A team of another county is not the county's to record: its place is outside the jurisdiction.
        var naiman = await factory.SignedInAsync("naiman");
        using (var form = Form(LineListFile.Xlsx([header, drill])))
        {
            var errors = await RefusedAsync(await naiman.PostAsync("/api/readiness/trainings/import", form));
            HasError(errors, "row 2, 所在地区");
            HasError(errors, "row 2, 队伍名称");
        }
        // The export reads the record back in the import's columns.
        var exported = await (await city.GetAsync("/api/readiness/trainings/export")).Content.ReadAsByteArrayAsync();
        using (var again = Form(exported)) Assert.Equal(new RegistryImported(0, 0), await ImportedAsync(await city.PostAsync("/api/readiness/trainings/import", again)));
    }

    [Fact]
    public async Task LaboratoriesExportAndImportBackAllOrNothingWithTheirHospitalByName()
    {
        var city = await factory.SignedInAsync("city");
        var bytes = await (await city.GetAsync("/api/readiness/labs/export")).Content.ReadAsByteArrayAsync();
        using (var same = Form(bytes)) Assert.Equal(new RegistryImported(0, 0), await ImportedAsync(await city.PostAsync("/api/readiness/labs/import", same)));

        object?[] header = [.. RegistrySheets.LabHeaders];
        var bad = LineListFile.Xlsx([header,
            ["奈曼旗", "奈曼旗蒙医医院实验室", "三级医院", "奈曼旗不存在的医院", 500.0, "否"],
            ["奈曼旗", "奈曼旗第二实验室", "药店", null, -5.0, "也许"],
            ["奈曼旗", "奈曼旗人民医院第二实验室", "县级医院", "奈曼旗人民医院", 600.0, "否"]]);
        using (var form = Form(bad))
        {
            var errors = await RefusedAsync(await city.PostAsync("/api/readiness/labs/import", form));
            HasError(errors, "row 2, 所属医院");
            HasError(errors, "row 3, 所属机构类别");
            HasError(errors, "row 3, 核酸检测能力（份/日）");
            HasError(errors, "row 3, 移动实验室");
            Assert.False(errors.TryGetProperty("row 4, 所属医院", out _), errors.ToString());
        }
        Assert.Empty((await city.GetListAsync<LabDto>("/api/readiness/labs?q=奈曼旗人民医院第二"))!);

        // A county's laboratory may belong to the city's hospital (the nearest of that name first); a row registered changes it.
        var good = LineListFile.Xlsx([header,
            ["奈曼旗", "奈曼旗人民医院第二实验室", "县级医院", "奈曼旗人民医院", 600.0, "否"],
            ["奈曼旗", "奈曼旗疾控中心实验室", "旗县疾控中心", "通辽市传染病医院", 900.0, "是"]]);
        using (var form = Form(good)) Assert.Equal(new RegistryImported(1, 1), await ImportedAsync(await city.PostAsync("/api/readiness/labs/import", form)));
        var hospitals = (await city.GetListAsync<HospitalDto>("/api/readiness/hospitals?q=奈曼旗人民医院"))!.Concat((await city.GetListAsync<HospitalDto>("/api/readiness/hospitals?q=通辽市传染病医院"))!)
            .ToDictionary(h => h.Name, h => h.Id);
        var second = (await city.GetListAsync<LabDto>("/api/readiness/labs?q=奈曼旗人民医院第二实验室"))!.Single();
        Assert.Equal(("150525", "countyHospital", (int?)hospitals["奈曼旗人民医院"], 600, 0), (second.RegionCode, second.Owner, second.HospitalId, second.PcrPerDay, second.Version));
        var cdc = (await city.GetListAsync<LabDto>("/api/readiness/labs?q=奈曼旗疾控中心实验室"))!.Single();
        Assert.Equal(((int?)hospitals["通辽市传染病医院"], 900, true, 1), (cdc.HospitalId, cdc.PcrPerDay, cdc.Mobile, cdc.Version));
        await using (var db = factory.CreateDbContext())
        {
            // Each import is one entry (the first, of the unchanged export, too).
            var audit = await db.AuditEntries.Where(e => e.Action == "laboratory.imported").OrderBy(e => e.Sequence).Select(e => e.Data).ToListAsync();
            Assert.Equal(2, audit.Count);
            Assert.Contains("\"added\":1", audit[1]);
        }

        // The export names the hospitals again: imported back, nothing changes.
        var exported = await (await city.GetAsync("/api/readiness/labs/export")).Content.ReadAsByteArrayAsync();
        using (var again = Form(exported)) Assert.Equal(new RegistryImported(0, 0), await ImportedAsync(await city.PostAsync("/api/readiness/labs/import", again)));

        // A county imports into its own county only; experts do not keep registers.
        var horqin = await factory.SignedInAsync("horqin");
        using (var form = Form(good)) HasError(await RefusedAsync(await horqin.PostAsync("/api/readiness/labs/import", form)), "row 2, 所在地区");
        Assert.Equal(600, (await city.GetListAsync<LabDto>("/api/readiness/labs?q=奈曼旗人民医院第二实验室"))!.Single().PcrPerDay);
        using (var form = Form(good)) Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("expert")).PostAsync("/api/readiness/labs/import", form)).StatusCode);
    }

    [Fact]
    public async Task DrillsExportAndImportBackAllOrNothingKnownByTitleAndDayScheduled()
    {
        var city = await factory.SignedInAsync("city");
        var bytes = await (await city.GetAsync("/api/readiness/drills/export")).Content.ReadAsByteArrayAsync();
        using (var same = Form(bytes)) Assert.Equal(new RegistryImported(0, 0), await ImportedAsync(await city.PostAsync("/api/readiness/drills/import", same)));

        var today = ChinaTime.DayOf(factory.Clock.GetUtcNow());
        string Day(int ahead) => today.AddDays(ahead).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        object?[] header = [.. RegistrySheets.DrillHeaders];
        var bad = LineListFile.Xlsx([header,
            ["库伦旗", null, Day(10), null, null],
            ["库伦旗", "库伦旗隔离点转运演练", "下个月", Day(3), null],
            ["库伦旗", "库伦旗流调拉练", Day(-5), Day(2), null],
            ["库伦旗", "库伦旗桌面推演", Day(-3), Day(-3), "通讯录需更新"]]);
        using (var form = Form(bad))
        {
            var errors = await RefusedAsync(await city.PostAsync("/api/readiness/drills/import", form));
            HasError(errors, "row 2, 演练名称");
            HasError(errors, "row 3, 计划日期");
            HasError(errors, "row 4, 举行日期");
            Assert.False(errors.TryGetProperty("row 5, 演练名称", out _), errors.ToString());
        }
        Assert.Empty((await city.GetListAsync<DrillDto>("/api/readiness/drills?q=库伦旗"))!);
        var before = (await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!;
        Assert.Equal("notMet", before.Counties.Single(c => c.RegionCode == "150524").Norms.Single(n => n.Id == "command-drill").Status);

        // The same title on another day is another drill; the same title and day changes it (its version goes up).
        object?[] tabletop = ["库伦旗", "库伦旗桌面推演", Day(-3), Day(-3), "通讯录需更新"];
        object?[] next = ["库伦旗", "库伦旗桌面推演", Day(40), null, null];
        using (var form = Form(LineListFile.Xlsx([header, tabletop, next]))) Assert.Equal(new RegistryImported(2, 0), await ImportedAsync(await city.PostAsync("/api/readiness/drills/import", form)));
        tabletop[4] = "通讯录已更新，值班表需补充";
        using (var form = Form(LineListFile.Xlsx([header, tabletop]))) Assert.Equal(new RegistryImported(0, 1), await ImportedAsync(await city.PostAsync("/api/readiness/drills/import", form)));
        var drills = (await city.GetListAsync<DrillDto>("/api/readiness/drills?q=库伦旗桌面推演"))!.OrderBy(d => d.ScheduledOn).ToList();
        Assert.Equal(2, drills.Count);
        Assert.Equal(("150524", today.AddDays(-3), (DateOnly?)today.AddDays(-3), "通讯录已更新，值班表需补充", 1),
            (drills[0].RegionCode, drills[0].ScheduledOn, drills[0].HeldOn, drills[0].Findings, drills[0].Version));
        Assert.Equal((today.AddDays(40), (DateOnly?)null, 0), (drills[1].ScheduledOn, drills[1].HeldOn, drills[1].Version));
        await using (var db = factory.CreateDbContext()) Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == "drill.imported"));

        // 库伦旗 had no drill (autumn-2022 二(一)): one held 3 days ago meets the norm once imported (the readiness signal re-reads it).
        var report = (await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!;
        Assert.Equal("met", report.Counties.Single(c => c.RegionCode == "150524").Norms.Single(n => n.Id == "command-drill").Status);

        // Another county's drill is not a county's to import; the export of a county is its own.
        var naiman = await factory.SignedInAsync("naiman");
        using (var form = Form(LineListFile.Xlsx([header, tabletop]))) HasError(await RefusedAsync(await naiman.PostAsync("/api/readiness/drills/import", form)), "row 2, 所在地区");
        var exported = await (await city.GetAsync("/api/readiness/drills/export")).Content.ReadAsByteArrayAsync();
        using (var again = Form(exported)) Assert.Equal(new RegistryImported(0, 0), await ImportedAsync(await city.PostAsync("/api/readiness/drills/import", again)));
    }

    [Fact]
    public async Task TheHospitalSheetCarriesTheIliSentinelFlag()
    {
        var city = await factory.SignedInAsync("city");
        Assert.Contains(RegistrySheets.Sentinel, RegistrySheets.HospitalHeaders);
        var bytes = await (await city.GetAsync("/api/readiness/hospitals/export")).Content.ReadAsByteArrayAsync();
        using (var same = Form(bytes)) Assert.Equal(new RegistryImported(0, 0), await ImportedAsync(await city.PostAsync("/api/readiness/hospitals/import", same)));

        object?[] header = [.. RegistrySheets.HospitalHeaders];
        object?[] row = ["奈曼旗", "奈曼旗中医医院", "二级", "综合医院", "是", "否", 200.0, 0.0, 5.0, 20.0, 40.0, "也许"];
        using (var form = Form(LineListFile.Xlsx([header, row]))) HasError(await RefusedAsync(await city.PostAsync("/api/readiness/hospitals/import", form)), $"row 2, {RegistrySheets.Sentinel}");
        row[^1] = "是";
        using (var form = Form(LineListFile.Xlsx([header, row]))) Assert.Equal(new RegistryImported(1, 0), await ImportedAsync(await city.PostAsync("/api/readiness/hospitals/import", form)));
        Assert.True((await city.GetListAsync<HospitalDto>("/api/readiness/hospitals?q=奈曼旗中医医院"))!.Single().IliSentinel);
    }
}

public sealed class SqliteRegisterSheetsTests() : RegisterSheetsTests<SqliteFactory>(new());

public sealed class PostgresRegisterSheetsTests() : RegisterSheetsTests<PostgresFactory>(new());
