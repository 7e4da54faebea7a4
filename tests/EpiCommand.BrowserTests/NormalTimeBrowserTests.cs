using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>
/// Normal-time work (issue 15; 001 §5.1.7, 003 §二(四)6, 8) as 奈曼旗's headquarters walks it on the demo city: its dairy company lacks
/// the isolation-and-transfer arrangement of the "五有", which the readiness norm shows, until it is recorded; a vaccination report
/// without its population is refused on the field and then taken; the pork price rise of the demo is flagged.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NormalTimeBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task AUnitsMissingHaveIsRecordedAVaccinationReportIsCheckedAndAPriceRiseIsFlagged()
    {
        var page = await app.SignInAsync("naiman");
        await page.GotoAsync("/normal-time");
        await BrowserFixture.WaitForInteractiveAsync(page);

        var unit = page.GetByTestId("unit-list").Locator("tr", new() { HasText = "奈曼旗乳业有限公司" });
        await Assertions.Expect(unit.GetByTestId("unit-five")).ToContainTextAsync("隔离转运");
        await BrowserFixture.ScreenshotAsync(page, "normal-time-units-zh");
        await unit.GetByTestId("unit-edit").ClickAsync();
        var dialog = page.GetByTestId("unit-dialog");
        await Assertions.Expect(dialog.GetByTestId("unit-name")).ToHaveValueAsync("奈曼旗乳业有限公司");
        await dialog.GetByText("有隔离转运安排").ClickAsync();
        await page.GetByTestId("unit-save").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(unit.GetByTestId("unit-five")).ToHaveTextAsync("已落实");

        // The readiness page's norm for 奈曼旗 follows (001 §5.1.7: no unit without the five haves).
        await page.GotoAsync("/readiness");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");

        await page.GotoAsync("/normal-time");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "流感疫苗接种" }).ClickAsync();
        var form = page.GetByTestId("vaccination-form");
        await form.GetByTestId("vaccination-vaccinated").FillAsync("40000");
        await form.GetByTestId("vaccination-save").ClickAsync();
        await Assertions.Expect(form).ToContainTextAsync("应为 1 至");
        await form.GetByTestId("vaccination-population").FillAsync("67000");
        await form.GetByTestId("vaccination-save").ClickAsync();
        var coverage = page.GetByTestId("coverage-150525").GetByTestId("coverage-elderly");
        await Assertions.Expect(coverage).ToContainTextAsync("59.7%");
        await Assertions.Expect(coverage).ToContainTextAsync("40000 / 67000");
        await BrowserFixture.ScreenshotAsync(page, "normal-time-vaccination-zh");

        await page.GetByRole(AriaRole.Tab, new() { Name = "生活必需品价格" }).ClickAsync();
        var pork = page.GetByTestId("price-watch").Locator("tr", new() { HasText = "猪肉" });
        await Assertions.Expect(pork.GetByTestId("price-change")).ToContainTextAsync("预警");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(page, "normal-time-prices-zh");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// 科尔沁区's headquarters imports its unit list (one row per unit, 五有 and 三严 as 是/否): a sheet with a bad row is refused whole with the
    /// row and column named in Chinese; corrected, the new unit is registered and listed. The export is offered beside it.
    /// </summary>
    [Fact]
    public async Task AUnitListIsImportedWholeOrRefusedWithItsRowAndColumn()
    {
        var page = await app.SignInAsync("horqin");
        await page.GotoAsync("/normal-time");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("unit-export")).ToBeVisibleAsync();

        const string Header = "所在地区,单位名称,类别,责任人,有防护指南,有防控管理制度和责任人,有防控物资设备,有医护力量支持,有隔离转运安排,严格发热门诊设置管理,严肃流行病学调查,严防医院院内感染,检查日期\r\n";
        const string Good = "科尔沁区,科尔沁区导入测试商场,企业,赵经理,是,是,是,是,是,否,否,否,\r\n";
        var bad = System.Text.Encoding.UTF8.GetBytes(Header + Good + "科尔沁区,科尔沁区导入测试超市,企业,钱经理,是,是,是,是,也许,否,否,否,\r\n");
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "单位五有.csv", MimeType = "text/csv", Buffer = bad });
        var errors = page.GetByTestId("unit-import-errors");
        await Assertions.Expect(errors).ToContainTextAsync("第 3 行 有隔离转运安排");
        await Assertions.Expect(errors).ToContainTextAsync("也许");
        await Assertions.Expect(page.GetByTestId("unit-list")).Not.ToContainTextAsync("科尔沁区导入测试商场");
        await BrowserFixture.ScreenshotAsync(page, "normal-time-units-import-refused-zh");

        var good = System.Text.Encoding.UTF8.GetBytes(Header + Good);
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "单位五有.csv", MimeType = "text/csv", Buffer = good });
        await Assertions.Expect(page.GetByTestId("unit-import-done")).ToContainTextAsync("新增 1 个");
        await Assertions.Expect(page.GetByTestId("unit-list").Locator("tr", new() { HasText = "科尔沁区导入测试商场" }).GetByTestId("unit-five")).ToHaveTextAsync("已落实");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(page, "normal-time-units-imported-zh");
        await page.Context.CloseAsync();
    }
}
