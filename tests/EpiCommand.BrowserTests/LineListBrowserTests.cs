using System.Text;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class LineListBrowserTests(BrowserFixture app)
{
    private const string Header = "病例编号,分类,临床分型,姓名,身份证号,联系电话,现住地代码,发病时间,发现时间,报告时间,确诊时间,隔离时间,感染来源,场所编号,关联病例编号";

    [Fact]
    public async Task UploadingALineListWithBadRowsShowsEveryRowErrorAndImportsNothing()
    {
        var page = await app.SignInAsync("city");
        await page.GotoAsync("/linelists");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var file = await WriteCsvAsync("病例一览表.csv",
            "BR-01,确诊病例,普通型,王某,11010519491231002X,13904750000,150523103207,,,2026-11-10 10:00,,,来源不明,,",
            "BR-02,确诊病例,普通型,李某,110105194912310021,13904750001,150523103207,,,2026-11-10 11:00,,,来源不明,,",
            "BR-03,可能病例,,张某,,13904750002,150523999999,,,2026-11-31 08:00,,,来源不明,,",
            "BR-04,疑似病例,,赵某,,13904750003,150523103207,,,2026-11-12 09:00,,,境外输入,,BR-99");

        await page.GetByTestId("cases-upload").Locator("input[type=file]").SetInputFilesAsync(file);

        var errors = page.GetByTestId("cases-errors");
        await Assertions.Expect(errors).ToContainTextAsync("有 5 处错误，未导入任何数据");
        var rows = errors.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        await ExpectCellsAsync(rows.Nth(0), "3", "身份证号");
        await ExpectCellsAsync(rows.Nth(1), "4", "分类");
        await ExpectCellsAsync(rows.Nth(2), "4", "现住地代码");
        await ExpectCellsAsync(rows.Nth(3), "4", "报告时间");
        await ExpectCellsAsync(rows.Nth(4), "5", "关联病例编号");
        await BrowserFixture.ScreenshotAsync(page, "linelists-errors");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task UploadingACleanLineListShowsTheCountsAndTheTemplatesDownload()
    {
        var page = await app.SignInAsync("cdc");
        await page.GotoAsync("/linelists");
        await BrowserFixture.WaitForInteractiveAsync(page);
        // Suspected cases count for no grade, so the other browser tests see the demo picture unchanged.
        var file = await WriteCsvAsync("clean.csv",
            "BR-11,疑似病例,,周某,,13904750011,150502100201,,,2026-11-05 10:00,,,来源不明,,",
            "BR-12,疑似病例,,吴某,,13904750012,150502100201,,,2026-11-05 11:00,,,关联病例,,BR-11");

        await page.GetByTestId("cases-upload").Locator("input[type=file]").SetInputFilesAsync(file);
        await Assertions.Expect(page.GetByTestId("cases-result")).ToContainTextAsync("新导入 2 条，未变化 0 条");
        await page.GetByTestId("cases-upload").Locator("input[type=file]").SetInputFilesAsync(file);
        await Assertions.Expect(page.GetByTestId("cases-result")).ToContainTextAsync("新导入 0 条，未变化 2 条");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("cases-templates").GetByText(".xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        await page.Context.CloseAsync();
    }

    private static async Task ExpectCellsAsync(ILocator row, string number, string column)
    {
        await Assertions.Expect(row.Locator("td").Nth(0)).ToHaveTextAsync(number);
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync(column);
    }

    private static async Task<string> WriteCsvAsync(string name, params string[] rows)
    {
        var folder = Directory.CreateTempSubdirectory("linelist-").FullName;
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, string.Join("\r\n", [Header, .. rows]) + "\r\n", new UTF8Encoding(true));
        return path;
    }
}
