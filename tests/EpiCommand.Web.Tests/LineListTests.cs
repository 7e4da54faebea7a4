using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using EpiCommand.Data.Demo;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Time;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>Line lists in and out over HTTP (requirements J3, J4), on SQLite and PostgreSQL.</summary>
public abstract class LineListTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string KailuCommunity = "150523103207";
    private const string HorqinCommunity = "150502004001";
    private const string ValidId = "11010519491231002X";

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task TemplatesCarryTheChineseHeadersAndAnExampleRow()
    {
        var client = await factory.SignedInAsync("city");
        var xlsx = await client.GetAsync("/api/linelists/cases/template.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(LineListExport.XlsxContentType, xlsx.Content.Headers.ContentType!.MediaType);
        var sheet = LineListFile.Read(await xlsx.Content.ReadAsByteArrayAsync());
        AssertCells(["病例编号", "分类", "临床分型", "姓名", "身份证号", "联系电话", "现住地代码", "发病时间", "发现时间", "报告时间", "确诊时间", "隔离时间", "感染来源", "场所编号", "关联病例编号"], sheet[0]);
        Assert.Equal("确诊病例", sheet[1][1]);
        Assert.Equal(2, sheet.Count);

        var csv = await client.GetByteArrayAsync("/api/linelists/cases/template.csv");
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        Assert.StartsWith("病例编号,分类,临床分型,姓名,身份证号,联系电话,现住地代码", Encoding.UTF8.GetString(csv[3..]));

        var contacts = LineListFile.Read(await client.GetByteArrayAsync("/api/linelists/contacts/template.xlsx"));
        AssertCells(["密接编号", "姓名", "身份证号", "电话", "现住地代码", "关联病例编号", "关联密接编号", "末次接触时间", "隔离点"], contacts[0]);
    }

    [Fact]
    public async Task CleanXlsxImportsAndImportingItAgainChangesNothing()
    {
        var client = await factory.SignedInAsync("city");
        var (first, second, third) = (NewId("X"), NewId("X"), NewId("X"));
        // Excel keeps text in the shared-string table and a date cell as a serial day number.
        var reported = new DateTime(2026, 11, 10, 10, 30, 0).ToOADate();
        var file = LineListFile.Xlsx(CaseRows(
            CaseRow(first, reportedAt: reported),
            CaseRow(second, classification: "asymptomatic", source: "关联病例", linkedTo: first),
            CaseRow(third, classification: "疑似病例", residentId: null, linkedTo: $"{first}；{second}", reportedAt: ChinaTime.Format(factory.Clock.GetUtcNow().AddHours(-1)))));

        var response = await UploadAsync(client, "cases", file, "开鲁县病例.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new LineListImported(3, 0), await response.Content.ReadFromJsonAsync<LineListImported>());

        using (var db = factory.CreateDbContext())
        {
            var stored = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == first);
            Assert.Equal(new DateTimeOffset(2026, 11, 10, 2, 30, 0, TimeSpan.Zero), stored.ReportedAt);
            Assert.Equal(ValidId, stored.ResidentId);
            Assert.Equal(Domain.Scenarios.InfectionSource.Unknown, stored.InfectionSource);
            Assert.Equal([first, second], (await db.Cases.AsNoTracking().SingleAsync(c => c.Id == third)).LinkedCaseIds);
            var registered = await db.CaseEvents.AsNoTracking().SingleAsync(e => e.CaseId == first);
            Assert.Equal(("registered", "city", "导入：开鲁县病例.xlsx"), (registered.Kind, registered.By, registered.Note));
            // The 24-hour investigation clock of the case reported an hour ago runs; the deadlines of the older cases passed before the import.
            Assert.Contains("epi-investigation", await db.Clocks.Where(c => c.Subject == third).Select(c => c.ClockId).ToListAsync());
            Assert.False(await db.Clocks.AnyAsync(c => c.Subject == first || c.Subject == second));
        }

        var again = await UploadAsync(client, "cases", file, "开鲁县病例.xlsx");
        Assert.Equal(new LineListImported(0, 3), await again.Content.ReadFromJsonAsync<LineListImported>());
        using var after = factory.CreateDbContext();
        Assert.Equal(3, await after.CaseEvents.CountAsync(e => e.CaseId == first || e.CaseId == second || e.CaseId == third));
    }

    [Fact]
    public async Task CleanCsvImportsWhetherUtf8OrSavedByChineseExcel()
    {
        var client = await factory.SignedInAsync("city");
        var (utf8, gbk) = (NewId("C"), NewId("C"));
        var utf8Response = await UploadAsync(client, "cases", Encoding.UTF8.GetBytes(LineListFile.Csv(CaseRows(CaseRow(utf8)))), "cases.csv");
        Assert.Equal(new LineListImported(1, 0), await utf8Response.Content.ReadFromJsonAsync<LineListImported>());

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gbkResponse = await UploadAsync(client, "cases", Encoding.GetEncoding("GB18030").GetBytes(LineListFile.Csv(CaseRows(CaseRow(gbk, name: "开鲁测试")))), "cases.csv");
        Assert.Equal(new LineListImported(1, 0), await gbkResponse.Content.ReadFromJsonAsync<LineListImported>());
        using var db = factory.CreateDbContext();
        Assert.Equal("开鲁测试", (await db.Cases.AsNoTracking().SingleAsync(c => c.Id == gbk)).PersonName);
    }

    // Issue 11: a case may name several settings in one cell, separated as ids are; each must exist.
    [Fact]
    public async Task ACaseMayNameSeveralSettings()
    {
        var client = await factory.SignedInAsync("city");
        var (store, family, id, bad) = (NewId("S"), NewId("S"), NewId("M"), NewId("M"));
        foreach (var (setting, type) in new[] { (store, "school"), (family, "family") })
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/settings", new { id = setting, name = "某场所", type, region = KailuCommunity })).StatusCode);
        }

        var refused = await RowErrorsAsync(await UploadAsync(client, "cases", Encoding.UTF8.GetBytes(LineListFile.Csv(CaseRows(CaseRow(bad, settings: $"{store}；S-NOWHERE")))), "cases.csv"));
        var error = Assert.Single(refused);
        Assert.Equal((2, "场所编号"), (error.Row, error.Column));
        Assert.Contains("S-NOWHERE", error.Reason);

        var csv = Encoding.UTF8.GetBytes(LineListFile.Csv(CaseRows(CaseRow(id, settings: $"{store}；{family}"))));
        Assert.Equal(new LineListImported(1, 0), await (await UploadAsync(client, "cases", csv, "cases.csv")).Content.ReadFromJsonAsync<LineListImported>());
        // The same file again: the same settings, so unchanged.
        Assert.Equal(new LineListImported(0, 1), await (await UploadAsync(client, "cases", csv, "cases.csv")).Content.ReadFromJsonAsync<LineListImported>());
        using var db = factory.CreateDbContext();
        var stored = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == id);
        Assert.Equal([store, family], CasesApi.CaseSettings(stored));
        var scenario = await FactsCache.LoadScenarioAsync(db, CancellationToken.None);
        Assert.Equal([store, family], scenario.Cases.Single(c => c.Id == id).Settings);
    }

    // Issue 11: settings can be created in the import — 场所名称 and 场所类型 on the row that first names a new 场所编号.
    [Fact]
    public async Task ALineListCreatesTheSettingsItNamesFirst()
    {
        var client = await factory.SignedInAsync("city");
        var (store, first, second, bad) = (NewId("S"), NewId("M"), NewId("M"), NewId("M"));

        var refused = await RowErrorsAsync(await UploadAsync(client, "cases", Encoding.UTF8.GetBytes(LineListFile.Csv(CaseRowsNamingSettings(
            (CaseRow(bad, settings: store), "某百货大楼", "菜市场")))), "cases.csv"));
        // An unknown type is named with the choices (and the setting it would have created is then unknown too).
        Assert.Contains(refused, e => e.Row == 2 && e.Column == "场所类型" && e.Reason.Contains("商场/超市", StringComparison.Ordinal));

        var csv = Encoding.UTF8.GetBytes(LineListFile.Csv(CaseRowsNamingSettings(
            (CaseRow(first, settings: store), "某百货大楼", "商场/超市"),
            (CaseRow(second, settings: store), null, null))));
        Assert.Equal(new LineListImported(2, 0), await (await UploadAsync(client, "cases", csv, "cases.csv")).Content.ReadFromJsonAsync<LineListImported>());
        Assert.Equal(new LineListImported(0, 2), await (await UploadAsync(client, "cases", csv, "cases.csv")).Content.ReadFromJsonAsync<LineListImported>());
        using var db = factory.CreateDbContext();
        var setting = await db.Settings.AsNoTracking().SingleAsync(s => s.Id == store);
        Assert.Equal(("某百货大楼", "store", KailuCommunity), (setting.Name, setting.Type, setting.RegionCode));
        Assert.False(await db.Cases.AnyAsync(c => c.Id == bad));
        var scenario = await FactsCache.LoadScenarioAsync(db, CancellationToken.None);
        Assert.All(scenario.Cases.Where(c => c.Id == first || c.Id == second), c => Assert.Equal([store], c.Settings));
    }

    // Issue 11: "10/11/2026" is refused unless the user chose its order; then it is read in that order, never guessed.
    [Fact]
    public async Task DayFirstDatesImportOnlyWhenChosen()
    {
        var client = await factory.SignedInAsync("city");
        var id = NewId("D");
        var csv = Encoding.UTF8.GetBytes(LineListFile.Csv(CaseRows(CaseRow(id, reportedAt: "10/11/2026 10:00"))));

        var refused = await RowErrorsAsync(await UploadAsync(client, "cases", csv, "cases.csv"));
        var error = Assert.Single(refused);
        Assert.Equal((2, "报告时间"), (error.Row, error.Column));
        Assert.Contains("10/11/2026 10:00", error.Reason);
        using (var db = factory.CreateDbContext()) Assert.False(await db.Cases.AnyAsync(c => c.Id == id));

        var unknown = await UploadAsync(client, "cases", csv, "cases.csv", "?dateFormat=dd.MM.yyyy");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using (var problem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()))
        {
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("dateFormat", out _));
        }

        var dayFirst = await UploadAsync(client, "cases", csv, "cases.csv", "?dateFormat=dd/MM/yyyy");
        Assert.Equal(new LineListImported(1, 0), await dayFirst.Content.ReadFromJsonAsync<LineListImported>());
        using var after = factory.CreateDbContext();
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 2, 0, 0, TimeSpan.Zero), (await after.Cases.AsNoTracking().SingleAsync(c => c.Id == id)).ReportedAt);
    }

    [Fact]
    public async Task FileWithTwoBadRowsReportsEachWithRowAndColumnAndStoresNothing()
    {
        var client = await factory.SignedInAsync("city");
        var (good, badId, badClass) = (NewId("G"), NewId("B"), NewId("B"));
        var file = LineListFile.Xlsx(CaseRows(
            CaseRow(good),
            CaseRow(badId, residentId: "110105194912310021"),
            CaseRow(badClass, classification: "可能病例")));

        var response = await UploadAsync(client, "cases", file, "bad.xlsx");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await RowErrorsAsync(response);
        Assert.Equal(2, errors.Count);
        Assert.Equal((3, "身份证号"), (errors[0].Row, errors[0].Column));
        Assert.Contains("校验码", errors[0].Reason);
        Assert.Equal((4, "分类"), (errors[1].Row, errors[1].Column));
        Assert.Contains("确诊病例/无症状感染者/疑似病例", errors[1].Reason);
        using var db = factory.CreateDbContext();
        Assert.False(await db.Cases.AnyAsync(c => c.Id == good || c.Id == badId || c.Id == badClass));
    }

    [Fact]
    public async Task ARowStoredWithOtherDataIsAnErrorNotAnOverwrite()
    {
        var client = await factory.SignedInAsync("city");
        var id = NewId("E");
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(client, "cases", LineListFile.Xlsx(CaseRows(CaseRow(id))), "a.xlsx")).StatusCode);

        var edited = await UploadAsync(client, "cases", LineListFile.Xlsx(CaseRows(CaseRow(id, name: "改了名字"))), "a.xlsx");
        Assert.Equal(HttpStatusCode.BadRequest, edited.StatusCode);
        var error = Assert.Single(await RowErrorsAsync(edited));
        Assert.Equal((2, "姓名"), (error.Row, error.Column));
        Assert.Contains("病例登记", error.Reason);
        using var db = factory.CreateDbContext();
        Assert.Equal("测试", (await db.Cases.AsNoTracking().SingleAsync(c => c.Id == id)).PersonName);
    }

    [Fact]
    public async Task LinksMayPointToLaterRowsButNotToNoCase()
    {
        var client = await factory.SignedInAsync("city");
        var (early, late) = (NewId("L"), NewId("L"));
        var forward = await UploadAsync(client, "cases", LineListFile.Xlsx(CaseRows(CaseRow(early, linkedTo: late), CaseRow(late))), "links.xlsx");
        Assert.Equal(new LineListImported(2, 0), await forward.Content.ReadFromJsonAsync<LineListImported>());

        var dangling = await UploadAsync(client, "cases", LineListFile.Xlsx(CaseRows(CaseRow(NewId("L"), linkedTo: "NO-SUCH-CASE"))), "links.xlsx");
        var error = Assert.Single(await RowErrorsAsync(dangling));
        Assert.Equal((2, "关联病例编号"), (error.Row, error.Column));
    }

    [Fact]
    public async Task CountyUserImportingARowOfAnotherCountyGetsARowError()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var (own, other) = (NewId("H"), NewId("H"));
        var response = await UploadAsync(horqin, "cases", LineListFile.Xlsx(CaseRows(CaseRow(own, region: HorqinCommunity), CaseRow(other, region: KailuCommunity))), "mixed.xlsx");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single(await RowErrorsAsync(response));
        Assert.Equal((3, "现住地代码"), (error.Row, error.Column));
        Assert.Contains("不在您的管辖范围内", error.Reason);
        using var db = factory.CreateDbContext();
        Assert.False(await db.Cases.AnyAsync(c => c.Id == own || c.Id == other));
    }

    [Fact]
    public async Task AFileWithoutTheRequiredColumnsOrNotASpreadsheetIsRefused()
    {
        var client = await factory.SignedInAsync("city");
        var missing = await UploadAsync(client, "cases", LineListFile.Xlsx([["病例编号", "姓名", "备注"], ["M-1", "测试", "x"]]), "short.xlsx");
        var errors = await RowErrorsAsync(missing);
        Assert.Contains(errors, e => e is { Row: 1, Column: "备注" });
        Assert.Contains(errors, e => e is { Row: 1, Column: "报告时间" });

        var notXlsx = await UploadAsync(client, "cases", Encoding.UTF8.GetBytes("this is not a workbook"), "cases.xlsx");
        Assert.Equal(HttpStatusCode.BadRequest, notXlsx.StatusCode);
        Assert.Equal(0, Assert.Single(await RowErrorsAsync(notXlsx)).Row);

        // Excel turns an 18-digit ID typed into a General cell into a number with 15 significant digits.
        var numberedRow = CaseRow(NewId("N"));
        numberedRow[4] = 1.50523197803121E+17;
        var numbered = await UploadAsync(client, "cases", LineListFile.Xlsx(CaseRows(numberedRow)), "numbered.xlsx");
        Assert.Contains("文本格式", Assert.Single(await RowErrorsAsync(numbered)).Reason);

        var wrongType = await UploadAsync(client, "cases", [1, 2, 3], "cases.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
    }

    [Fact]
    public async Task ExportMasksByDefaultAndOpensWithTheRows()
    {
        var client = await factory.SignedInAsync("city");
        var id = NewId("P");
        await UploadAsync(client, "cases", LineListFile.Xlsx(CaseRows(CaseRow(id))), "p.xlsx");

        var response = await client.GetAsync($"/api/linelists/cases/export.xlsx?region={KailuCommunity}&classification=confirmed");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(".xlsx", response.Content.Headers.ContentDisposition!.FileNameStar);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        LineListFile.AssertValid(bytes);
        var sheet = LineListFile.Read(bytes);
        AssertCells(CaseColumns.Layout.Columns.Select(c => c.Header), sheet[0]);
        var row = Assert.Single(sheet, r => r[0] == id);
        AssertCells(["确诊病例", null, "测试", "1101**********002X", "139****0000", KailuCommunity], row[1..7]);
        Assert.Equal("麦新村委会", row[15]);
        Assert.All(sheet.Skip(1), r => Assert.StartsWith("150523103207", r[6]));

        var horqin = await factory.SignedInAsync("horqin");
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/linelists/cases/export.xlsx?region={KailuCommunity}")).StatusCode);
        var own = LineListFile.Read(await horqin.GetByteArrayAsync("/api/linelists/cases/export.xlsx"));
        Assert.All(own.Skip(1), r => Assert.StartsWith("150502", r[6]));
    }

    [Fact]
    public async Task UnmaskedExportNeedsTheRoleAndAReasonAndIsRecorded()
    {
        var id = NewId("U");
        var cdc = await factory.SignedInAsync("cdc");
        await UploadAsync(cdc, "cases", LineListFile.Xlsx(CaseRows(CaseRow(id))), "u.xlsx");

        var city = await factory.SignedInAsync("city");
        Assert.Equal(HttpStatusCode.Forbidden, (await city.GetAsync("/api/linelists/cases/export.xlsx?unmask=true&reason=流调")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await cdc.GetAsync("/api/linelists/cases/export.xlsx?unmask=true")).StatusCode);
        using (var db = factory.CreateDbContext())
        {
            Assert.False(await db.Unmaskings.AnyAsync(u => u.SubjectType == "export" && u.Reason == "流调"));
        }

        var reason = $"流调溯源 {id}";
        var response = await cdc.GetAsync($"/api/linelists/cases/export.xlsx?unmask=true&reason={Uri.EscapeDataString(reason)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var unmasked = await response.Content.ReadAsByteArrayAsync();
        var sheet = LineListFile.Read(unmasked);
        AssertCells([ValidId, "13904750000"], Assert.Single(sheet, r => r[0] == id)[4..6]);

        // An export is in the import layout: taken back in, it changes nothing.
        var back = await UploadAsync(cdc, "cases", unmasked, "export.xlsx");
        Assert.Equal(new LineListImported(0, sheet.Count - 1), await back.Content.ReadFromJsonAsync<LineListImported>());
        using var after = factory.CreateDbContext();
        var record = await after.Unmaskings.AsNoTracking().SingleAsync(u => u.Reason == reason);
        Assert.Equal(("cdc", "export", "cases"), (record.UserName, record.SubjectType, record.SubjectId));
        // The export and its unmasking are in the audit chain, which still holds (issue 13 §audit).
        var entry = await after.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .FirstAsync(e => e.Action == "linelist.exported" && e.Actor == "cdc" && e.Data.Contains(reason));
        Assert.Equal(("linelist", "cases", EpiCommandFactory.TestAuditKeyId), (entry.SubjectType, entry.SubjectId, entry.KeyId));
        Assert.Contains($"\"unmasking\":{record.Id}", entry.Data);
        Assert.Null(Data.Response.AuditLog.Verify(after).Break);
    }

    [Fact]
    public async Task ContactsImportWithTheirChecksAndAgainChangeNothing()
    {
        var client = await factory.SignedInAsync("city");
        var (caseId, contact, ofContact) = (NewId("K"), NewId("M"), NewId("M"));
        await UploadAsync(client, "cases", LineListFile.Xlsx(CaseRows(CaseRow(caseId))), "k.xlsx");
        var last = ChinaTime.Format(factory.Clock.GetUtcNow().AddDays(-2));
        var file = LineListFile.Xlsx(
        [
            ContactColumns.Layout.Imported.Select(c => (object?)c.Header).ToArray(),
            [contact, "密接甲", ValidId, "13812345678", KailuCommunity, caseId, null, last, "开鲁县集中隔离点一"],
            [ofContact, "次密接乙", null, null, KailuCommunity, null, contact, last, "开鲁县集中隔离点一"],
        ]);
        var response = await UploadAsync(client, "contacts", file, "contacts.xlsx");
        Assert.Equal(new LineListImported(2, 0), await response.Content.ReadFromJsonAsync<LineListImported>());
        using (var db = factory.CreateDbContext())
        {
            var stored = await db.Contacts.AsNoTracking().Include(c => c.Checks).SingleAsync(c => c.Id == contact);
            Assert.Equal(ChinaTime.DayOf(factory.Clock.GetUtcNow()).AddDays(12), stored.ObservationEnds);
            // Issue 12: the checks are derived from the registration and the last day; none is stored until it is done.
            Assert.Empty(stored.Checks);
            Assert.Equal(Domain.People.Observation.Schedule(factory.Clock.GetUtcNow(), stored.ObservationEnds).Count(), stored.LastCheckSlot - stored.FirstCheckSlot + 1);
        }
        Assert.Equal(new LineListImported(0, 2), await (await UploadAsync(client, "contacts", file, "contacts.xlsx")).Content.ReadFromJsonAsync<LineListImported>());

        var ended = ChinaTime.Format(factory.Clock.GetUtcNow().AddDays(-20));
        var late = await UploadAsync(client, "contacts", LineListFile.Xlsx(
        [
            ContactColumns.Layout.Imported.Select(c => (object?)c.Header).ToArray(),
            [NewId("M"), "密接丙", null, null, KailuCommunity, caseId, null, ended, "开鲁县集中隔离点一"],
        ]), "late.xlsx");
        var error = Assert.Single(await RowErrorsAsync(late));
        Assert.Equal((2, "末次接触时间"), (error.Row, error.Column));

        var export = LineListFile.Read(await client.GetByteArrayAsync("/api/linelists/contacts/export.xlsx"));
        AssertCells(["1101**********002X", "138****5678"], Assert.Single(export, r => r[0] == contact)[2..4]);
    }

    [Fact]
    public async Task TheSampleLineListIsCurrentImportsCleanlyAndRaisesKailuToGradeIII()
    {
        var committed = Path.Combine(LineListFile.RepositoryRoot(), "samples", SampleLineList.FileName);
        using var generated = new MemoryStream();
        await SampleLineList.WriteAsync(generated, CancellationToken.None);
        var expected = LineListFile.Read(generated.ToArray());
        if (!File.Exists(committed) || !LineListFile.Read(await File.ReadAllBytesAsync(committed)).SequenceEqual(expected, LineListFile.RowComparer))
        {
            var fresh = Path.Combine(LineListFile.RepositoryRoot(), "artifacts", "samples", SampleLineList.FileName);
            Directory.CreateDirectory(Path.GetDirectoryName(fresh)!);
            await File.WriteAllBytesAsync(fresh, generated.ToArray());
            Assert.Fail($"samples/{SampleLineList.FileName} differs from SampleLineList: copy {fresh} over it.");
        }

        var client = await factory.SignedInAsync("city");
        var response = await UploadAsync(client, "cases", await File.ReadAllBytesAsync(committed), SampleLineList.FileName);
        Assert.Equal(new LineListImported(20, 0), await response.Content.ReadFromJsonAsync<LineListImported>());
        using var picture = JsonDocument.Parse(await client.GetStringAsync("/api/regions/150500/picture?asOf=2026-11-20"));
        var kailu = picture.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "150523");
        Assert.Equal("III", kailu.GetProperty("grade").GetString());
        Assert.Contains(kailu.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("clause").GetString() == "1.5.2.2");
    }

    /// <summary>
    /// Issue 12 §3: a large import reads, checks and stages its rows with no lock on the real tables and writes them in one
    /// short transaction, so another user registering a case meanwhile waits at most a second or two and never fails.
    /// </summary>
    [Fact]
    public async Task AnotherUsersWriteDuringALargeImportWaitsBrieflyAndSucceeds()
    {
        const int rows = 20_000;
        var importer = await factory.SignedInAsync("city");
        var other = await factory.SignedInAsync("city");
        var prefix = NewId("L")[..10];
        var file = Encoding.UTF8.GetBytes(LineListFile.Csv(CaseRows([.. Enumerable.Range(0, rows).Select(i => CaseRow($"{prefix}{i:D6}", name: $"批量{i}"))])));

        var import = UploadAsync(importer, "cases", file, "large.csv");
        var waits = new List<(TimeSpan Took, HttpStatusCode Status)>();
        while (!import.IsCompleted)
        {
            var now = factory.Clock.GetUtcNow();
            var watch = Stopwatch.StartNew();
            var created = await other.PostAsJsonAsync("/api/cases", new { id = NewId("W"), classification = "confirmed", personName = "并发", region = HorqinCommunity, reportedAt = now.AddMinutes(-10) });
            waits.Add((watch.Elapsed, created.StatusCode));
            await Task.Delay(200);
        }
        var response = await import;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new LineListImported(rows, 0), await response.Content.ReadFromJsonAsync<LineListImported>());
        Assert.NotEmpty(waits);
        Assert.All(waits, w => Assert.Equal(HttpStatusCode.Created, w.Status));
        var longest = waits.Max(w => w.Took);
        Assert.True(longest < TimeSpan.FromSeconds(3), $"a write during the import took {longest.TotalSeconds:F1} s ({waits.Count} writes)");
        using var db = factory.CreateDbContext();
        Assert.Equal(rows, await db.Cases.CountAsync(c => c.Id.StartsWith(prefix)));
        Assert.Equal(rows, await db.CaseEvents.CountAsync(e => e.CaseId.StartsWith(prefix) && e.Kind == "registered"));
    }

    private static void AssertCells(IEnumerable<string?> expected, IEnumerable<string?> actual) => Assert.Equal(expected, actual);

    private static object?[][] CaseRows(params object?[][] rows) => [CaseColumns.Layout.Imported.Select(c => (object?)c.Header).ToArray(), .. rows];

    private static object?[] CaseRow(string id, string region = KailuCommunity, string classification = "确诊病例", string? residentId = ValidId,
        object? reportedAt = null, string source = "来源不明", string? linkedTo = null, string name = "测试", string? settings = null) =>
        [id, classification, null, name, residentId, "13904750000", region, null, null, reportedAt ?? "2026-11-10 10:00", null, null, source, settings, linkedTo];

    /// <summary>Case rows with the optional 场所名称 and 场所类型 columns: (row, name, type).</summary>
    private static object?[][] CaseRowsNamingSettings(params (object?[] Row, string? Name, string? Type)[] rows) =>
        [[.. CaseColumns.Layout.Imported.Select(c => (object?)c.Header), CaseColumns.SettingName.Header, CaseColumns.SettingType.Header], .. rows.Select(r => (object?[])[.. r.Row, r.Name, r.Type])];

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string kind, byte[] content, string fileName, string query = "")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/octet-stream");
        form.Add(file, "file", fileName);
        return await client.PostAsync($"/api/linelists/{kind}/import{query}", form);
    }

    private static async Task<List<LineListError>> RowErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("rows").Deserialize<List<LineListError>>(JsonSerializerOptions.Web)!;
    }
}

public sealed class SqliteLineListTests() : LineListTests<SqliteFactory>(new());

public sealed class PostgresLineListTests() : LineListTests<PostgresFactory>(new());

/// <summary>
/// J4: a 100,000-row line list is imported without holding its rows in memory. SQLite only: the point is the
/// platform's memory, not the database's speed. Alone, because the managed heap it measures is the whole test process's.
/// </summary>
[Collection(Name)]
public sealed class SqliteLineListStreamingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly SqliteFactory _factory = new();

    public ValueTask InitializeAsync() => _factory.InitializeAsync();

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    public const string Name = "line-list streaming";
    private const int Rows = 100_000;

    private static readonly string[] Communities =
    [
        "150502001001", "150502001002", "150502004002", "150521100400", "150521102001", "150522100001", "150522102001", "150523100002",
        "150523103207", "150524100200", "150524101200", "150525100211", "150525101001", "150526100002", "150526104001", "150581002001",
    ];

    [Fact]
    public async Task AHundredThousandRowCsvImportsWithBoundedMemory()
    {
        var client = _factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        // What is measured is memory, not speed: a busy machine may take minutes over the rows, past HttpClient's 100 s.
        client.Timeout = TimeSpan.FromMinutes(20);
        Assert.Equal(HttpStatusCode.Redirect, (await EpiCommandFactory.SignInAsync(client, "city", DemoSeeder.DemoPassword)).StatusCode);
        var path = Path.Combine(Path.GetTempPath(), $"linelist-{Guid.NewGuid():N}.csv");
        try
        {
            var start = _factory.Clock.GetUtcNow().AddDays(-90);
            await WriteCsvAsync(path, start);
            var warmUp = await PostAsync(client, Encoding.UTF8.GetBytes(File.ReadLines(path).Take(3).Aggregate((a, b) => a + "\n" + b).Replace("S0", "W0")));
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);

            var materialised = HeldAtOnce(path);
            var baseline = GC.GetTotalMemory(true);
            long peak = 0;
            using var done = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!done.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(true) - baseline);
                    await Task.Delay(500);
                }
            });
            var watch = Stopwatch.StartNew();
            await using (var file = File.OpenRead(path))
            {
                using var form = new MultipartFormDataContent { { new StreamContent(file), "file", "big.csv" } };
                var response = await client.PostAsync("/api/linelists/cases/import", form);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(new LineListImported(Rows, 0), await response.Content.ReadFromJsonAsync<LineListImported>());
            }
            watch.Stop();
            await done.CancelAsync();
            await sampler;

            var measured = $"memory grew by {peak / 1_048_576} MB during the import; the rows held at once take {materialised / 1_048_576} MB ({watch.Elapsed.TotalSeconds:F0} s)";
            output.WriteLine(measured);
            // Holding the rows would cost at least what their fields take; the import's own working set (one batch of
            // BatchSize rows tracked by EF, the ids seen so far to refuse duplicates, the caches) measured 3–9 MB.
            Assert.True(peak < materialised, measured);
            using var db = _factory.CreateDbContext();
            Assert.Equal(Rows, await db.Cases.CountAsync(c => c.Id.StartsWith('S')));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>What the file's rows take when they are all held at once, as the fields of each row.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static long HeldAtOnce(string path)
    {
        var before = GC.GetTotalMemory(true);
        var held = File.ReadLines(path).Select(l => l.Split(',')).ToList();
        var size = GC.GetTotalMemory(true) - before;
        GC.KeepAlive(held);
        return size;
    }

    private static async Task WriteCsvAsync(string path, DateTimeOffset start)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        await writer.WriteLineAsync(string.Join(",", CaseColumns.Layout.Imported.Select(c => c.Header)));
        string[] classifications = ["确诊病例", "无症状感染者", "疑似病例"];
        for (var i = 0; i < Rows; i++)
        {
            var region = Communities[i % Communities.Length];
            var first17 = $"{region[..6]}19{i % 90 + 10:D2}0{i % 9 + 1}1{i % 9}{i % 1000:D3}";
            var reported = ChinaTime.Format(start.AddMinutes(i));
            var linked = i % 10 == 9 ? $"S{i - 1:D6}" : "";
            await writer.WriteLineAsync(string.Join(",",
                $"S{i:D6}", classifications[i % 3], "", $"测试{i}", first17 + ResidentId.CheckCharacter(first17), $"139{i:D8}", region,
                "", "", reported, "", "", linked.Length > 0 ? "关联病例" : "来源不明", "", linked));
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] content)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", "warm-up.csv" } };
        return await client.PostAsync("/api/linelists/cases/import", form);
    }
}

[CollectionDefinition(SqliteLineListStreamingTests.Name, DisableParallelization = true)]
public sealed class LineListStreamingCollection;

/// <summary>Spreadsheets as a person's Excel writes them (shared strings, date serials), and reading what the platform wrote.</summary>
internal static class LineListFile
{
    public static readonly IEqualityComparer<string?[]> RowComparer = EqualityComparer<string?[]>.Create((a, b) => a!.SequenceEqual(b!), r => r.Length);

    /// <summary>Strings go to the shared-string table, numbers stay numbers, nulls leave the cell out.</summary>
    public static byte[] Xlsx(object?[][] rows)
    {
        using var memory = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var index = new Dictionary<string, int>();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)r + 1 };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    switch (rows[r][c])
                    {
                        case string text:
                            if (!index.TryGetValue(text, out var i))
                            {
                                i = index[text] = index.Count;
                                strings.SharedStringTable.AppendChild(new SharedStringItem(new Text(text)));
                            }
                            row.AppendChild(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(i) });
                            break;
                        case double number:
                            row.AppendChild(new Cell { CellReference = reference, CellValue = new CellValue(number) });
                            break;
                    }
                }
                data.AppendChild(row);
            }
            sheet.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "病例" }));
        }
        return memory.ToArray();
    }

    public static string Csv(object?[][] rows) => string.Join("\r\n", rows.Select(r => string.Join(",", r.Select(v => v?.ToString() ?? "")))) + "\r\n";

    /// <summary>The first sheet's rows, each as long as the header row.</summary>
    public static List<string?[]> Read(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = document.WorkbookPart!;
        var sheet = (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().First().Id!);
        var rows = sheet.Worksheet.Descendants<Row>().ToList();
        var width = rows[0].Elements<Cell>().Count();
        return rows.Select(row =>
        {
            var cells = new string?[width];
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference!.Value!.TakeWhile(char.IsAsciiLetter).Aggregate(0, (n, ch) => n * 26 + ch - 'A' + 1) - 1;
                if (column < width) cells[column] = cell.InlineString?.InnerText ?? cell.CellValue?.Text;
            }
            return cells;
        }).ToList();
    }

    public static void AssertValid(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var errors = new OpenXmlValidator(FileFormatVersions.Office2016).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EpiCommand.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("not inside the repository");
    }
}
