using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using EpiCommand.Web.DailyReports;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// The three daily reports (I3, E2; 001 §5.2.1) over HTTP, on SQLite and on PostgreSQL. Only the first test puts a response in
/// force (for 科尔沁区); the others are checked before anything depends on one, so the tests do not depend on their order.
/// </summary>
public abstract class DailyReportsApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Horqin = "150502";
    private const string Hure = "150524";
    private const string MingrenCommunity = "150502004001";

    private static object Report(string region, string kind, int confirmed = 0, int asymptomatic = 0, int suspected = 0, int treatment = 0, int contacts = 0, string? text = null) =>
        new { region, kind, newConfirmed = confirmed, newAsymptomatic = asymptomatic, newSuspected = suspected, underTreatment = treatment, contactsUnderObservation = contacts, text };

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task ReportsAreDueOnlyOnceALevelFourResponseIsApprovedAndThenEachDay()
    {
        var city = await factory.SignedInAsync("city");
        var before = (await city.GetFromJsonAsync<MissingDto>("/api/daily-reports/missing"))!;
        Assert.DoesNotContain(before.Counties, c => c.Region == Horqin);
        var early = await city.PostAsJsonAsync("/api/daily-reports", Report(Horqin, "work", text: "开展流调"));
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("无需提交日报告", await DetailAsync(early));

        await ResponseSteps.ActiveResponseAsync(factory, Horqin, "horqin", "IV");
        var due = (await city.GetFromJsonAsync<MissingDto>("/api/daily-reports/missing"))!;
        Assert.Equal(["zero", "cases", "work"], Assert.Single(due.Counties, c => c.Region == Horqin).Missing);
        Assert.DoesNotContain(due.Counties, c => c.Region == Hure);

        // A case today: the zero report may not say zero.
        var caseId = $"DR-{Guid.NewGuid():N}"[..18];
        var registered = await city.PostAsJsonAsync("/api/cases", new
        {
            id = caseId, classification = "confirmed", personName = "测试", region = MingrenCommunity, reportedAt = factory.Clock.GetUtcNow(), phone = "13904750000", infectionSource = "linked",
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var figures = (await city.GetFromJsonAsync<DailyFigures>($"/api/daily-reports/figures?region={Horqin}"))!;
        Assert.True(figures.NewConfirmed >= 1);
        var horqin = await factory.SignedInAsync("horqin-cdc");
        var zero = await horqin.PostAsJsonAsync("/api/daily-reports", Report(Horqin, "zero"));
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Contains($"已登记新增病例 {figures.NewCases} 例", await DetailAsync(zero));
        var honest = await horqin.PostAsJsonAsync("/api/daily-reports", Report(Horqin, "zero", figures.NewConfirmed, figures.NewAsymptomatic));
        Assert.Equal(HttpStatusCode.OK, honest.StatusCode);
        Assert.Equal(["cases", "work"], Assert.Single((await city.GetFromJsonAsync<MissingDto>("/api/daily-reports/missing"))!.Counties, c => c.Region == Horqin).Missing);

        var cases = await horqin.PostAsJsonAsync("/api/daily-reports", Report(Horqin, "cases", figures.NewConfirmed, figures.NewAsymptomatic, figures.NewSuspected,
            figures.UnderTreatment, figures.ContactsUnderObservation));
        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);
        var first = (await (await horqin.PostAsJsonAsync("/api/daily-reports", Report(Horqin, "work", text: "完成流调3例"))).Content.ReadFromJsonAsync<SubmittedDailyReport>())!;
        Assert.False(first.Replaced);
        Assert.DoesNotContain((await city.GetFromJsonAsync<MissingDto>("/api/daily-reports/missing"))!.Counties, c => c.Region == Horqin);

        // The city's headquarters corrects the work report: it replaces the county's, and both are in the audit trail.
        var second = (await (await city.PostAsJsonAsync("/api/daily-reports", Report(Horqin, "work", text: "完成流调3例，划定管控区域2处"))).Content.ReadFromJsonAsync<SubmittedDailyReport>())!;
        Assert.True(second.Replaced);
        Assert.Equal((first.Report.Id, "city"), (second.Report.Id, second.Report.SubmittedBy));
        var today = (await city.GetListAsync<DailyReportDto>("/api/daily-reports"))!.Where(r => r.Region == Horqin).ToList();
        Assert.Equal(3, today.Count);
        Assert.Equal("完成流调3例，划定管控区域2处", today.Single(r => r.Kind == "work").Text);
        using (var db = factory.CreateDbContext())
        {
            var audit = await db.AuditEntries.Where(e => e.SubjectType == "dailyReport" && e.SubjectId == first.Report.Id.ToString(CultureInfo.InvariantCulture)).OrderBy(e => e.Sequence)
                .Select(e => new { e.Action, e.Actor }).ToListAsync();
            Assert.Equal([("dailyReport.submitted", "horqin-cdc"), ("dailyReport.replaced", "city")], audit.Select(a => (a.Action, a.Actor)));
        }

        // The city's daily report: one row per county that must report, then the totals.
        var export = await city.GetAsync("/api/daily-reports/export.xlsx");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(DailyReportSheet.ContentType, export.Content.Headers.ContentType!.MediaType);
        var rows = ReadSheet(await export.Content.ReadAsByteArrayAsync());
        Assert.Equal(DailyReportSheet.Headers, rows[0]);
        var horqinRow = rows.Single(r => r[0] == Horqin);
        Assert.Equal(("科尔沁区", "Ⅳ级（科尔沁区）"), (horqinRow[1], horqinRow[2]));
        Assert.Equal(figures.NewCases.ToString(CultureInfo.InvariantCulture), horqinRow[3]);
        Assert.Equal(figures.NewConfirmed.ToString(CultureInfo.InvariantCulture), horqinRow[4]);
        Assert.Equal(figures.ContactsUnderObservation.ToString(CultureInfo.InvariantCulture), horqinRow[8]);
        Assert.Equal("完成流调3例，划定管控区域2处", horqinRow[9]);
        Assert.Equal("", horqinRow[11]);
        var totals = rows[^1];
        Assert.Equal("合计", totals[0]);
        Assert.Equal(rows.Skip(1).SkipLast(1).Sum(r => r[4] == "" ? 0 : int.Parse(r[4], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture), totals[4]);

        // The same day as the document the office sends up: totals, the county's line with its work, signed by the office; LibreOffice opens it.
        var document = await city.GetAsync("/api/daily-reports/report.docx");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var docx = await document.Content.ReadAsByteArrayAsync();
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            var paragraphs = word.MainDocumentPart!.Document!.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
            Assert.StartsWith("通辽市新冠肺炎疫情防控日报（", paragraphs[0]);
            Assert.Contains(paragraphs, p => p.Contains($"新增确诊病例 {totals[4]} 例", StringComparison.Ordinal));
            Assert.Contains(paragraphs, p => p.StartsWith("科尔沁区（应急响应Ⅳ级（科尔沁区））：", StringComparison.Ordinal) && p.Contains("工作情况：完成流调3例，划定管控区域2处。", StringComparison.Ordinal));
            Assert.Contains(paragraphs, p => p.EndsWith("指挥部办公室", StringComparison.Ordinal));
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync("/api/daily-reports/report.docx")).StatusCode);
        var pdf = await OfficeConversion.ToPdfAsync(docx, "daily-report");
        Assert.True(pdf.Length > 1000);
    }

    [Fact]
    public async Task NegativeFiguresAndAWorkReportWithoutTextAreRefusedFieldByField()
    {
        var city = await factory.SignedInAsync("city");
        var response = await city.PostAsJsonAsync("/api/daily-reports", Report(Horqin, "cases", confirmed: -1, contacts: -3));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains("-1", errors.GetProperty("newConfirmed")[0].GetString());
        Assert.Contains("-3", errors.GetProperty("contactsUnderObservation")[0].GetString());
        Assert.False(errors.TryGetProperty("newAsymptomatic", out _));

        var work = await city.PostAsJsonAsync("/api/daily-reports", Report(Horqin, "work", text: " "));
        using var workProblem = JsonDocument.Parse(await work.Content.ReadAsStringAsync());
        Assert.True(workProblem.RootElement.GetProperty("errors").TryGetProperty("text", out _));
        var kind = await city.PostAsJsonAsync("/api/daily-reports", Report(Horqin, "weekly"));
        using var kindProblem = JsonDocument.Parse(await kind.Content.ReadAsStringAsync());
        Assert.True(kindProblem.RootElement.GetProperty("errors").TryGetProperty("kind", out _));
        var future = await city.PostAsJsonAsync("/api/daily-reports", new { region = Horqin, kind = "zero", day = DateOnly.FromDateTime(factory.Clock.GetUtcNow().AddDays(3).UtcDateTime) });
        using var futureProblem = JsonDocument.Parse(await future.Content.ReadAsStringAsync());
        Assert.True(futureProblem.RootElement.GetProperty("errors").TryGetProperty("day", out _));
        var community = await city.PostAsJsonAsync("/api/daily-reports", Report(MingrenCommunity, "zero"));
        Assert.Equal(HttpStatusCode.BadRequest, community.StatusCode);
        using var communityProblem = JsonDocument.Parse(await community.Content.ReadAsStringAsync());
        Assert.Contains("旗县市区为单位", communityProblem.RootElement.GetProperty("errors").GetProperty("region")[0].GetString());

        using var db = factory.CreateDbContext();
        Assert.False(await db.DailyReports.AnyAsync(r => r.NewConfirmed < 0 || r.ContactsUnderObservation < 0));
    }

    [Fact]
    public async Task OnlyTheCountysPeopleOrHeadquartersAboveSubmit()
    {
        foreach (var user in new[] { "expert", "cdc" })
        {
            var client = await factory.SignedInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/daily-reports", Report(Horqin, "work", text: "工作"))).StatusCode);
        }
        var horqin = await factory.SignedInAsync("horqin-cdc");
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/daily-reports", Report(Hure, "work", text: "工作"))).StatusCode);
    }

    [Fact]
    public async Task OnlyHeadquartersSeesWhoHasNotReportedAndExports()
    {
        var cdc = await factory.SignedInAsync("cdc");
        Assert.Equal(HttpStatusCode.Forbidden, (await cdc.GetAsync("/api/daily-reports/missing")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cdc.GetAsync("/api/daily-reports/export.xlsx")).StatusCode);
        var horqin = await factory.SignedInAsync("horqin");
        var missing = (await horqin.GetFromJsonAsync<MissingDto>("/api/daily-reports/missing"))!;
        Assert.All(missing.Counties, c => Assert.Equal(Horqin, c.Region));
    }

    [Fact]
    public async Task DailyReportsPageRendersForHeadquartersAndCounty()
    {
        foreach (var user in new[] { "city", "horqin-cdc" })
        {
            var client = await factory.SignedInAsync(user);
            var html = await client.GetStringAsync("/daily-reports");
            Assert.Contains("data-testid=\"daily-status\"", html);
            Assert.Equal(user == "city", html.Contains("data-testid=\"daily-export\""));
        }
    }

    /// <summary>The first sheet's rows as text, read with the Open XML SDK (numbers as they are stored, missing cells as "").</summary>
    private static List<string[]> ReadSheet(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().First();
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
        return part.Worksheet.Descendants<Row>().Select(row =>
        {
            var cells = new string[DailyReportSheet.Headers.Length];
            Array.Fill(cells, "");
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference!.Value!.TakeWhile(char.IsLetter).Aggregate(0, (n, c) => n * 26 + c - 'A' + 1) - 1;
                cells[column] = cell.InlineString?.InnerText ?? cell.CellValue?.Text ?? "";
            }
            return cells;
        }).ToList();
    }
}

public sealed class SqliteDailyReportsApiTests() : DailyReportsApiTests<SqliteFactory>(new());

public sealed class PostgresDailyReportsApiTests() : DailyReportsApiTests<PostgresFactory>(new());
