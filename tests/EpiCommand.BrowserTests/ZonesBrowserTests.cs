using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ZonesBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task HeadquartersDesignatesAControlZoneAndPublishesIt()
    {
        var page = await app.SignInAsync("horqin");
        await page.GotoAsync("/zones");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var form = page.GetByTestId("zone-form");
        await form.GetByLabel("名称（如 明仁小区3号楼）").FillAsync("站前小区5号楼");
        await form.GetByLabel("划定理由").FillAsync("确诊病例居住楼栋");
        await page.GetByTestId("zone-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("zone-list")).ToContainTextAsync("站前小区5号楼");
        await Assertions.Expect(page.GetByTestId("zone-list")).ToContainTextAsync("草稿");
        await page.GetByTestId("zone-publish").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("zone-list")).ToContainTextAsync("生效中");
        await BrowserFixture.ScreenshotAsync(page, "zones-zh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task StrategiesAndDailyReportsPagesShowTheirState()
    {
        var page = await app.SignInAsync("city");
        await page.GotoAsync("/strategies?region=150502");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("strategy-summary")).ToContainTextAsync("出现病例");
        await BrowserFixture.ScreenshotAsync(page, "strategies-zh");
        await page.GotoAsync("/daily-reports");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("daily-status")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "daily-reports-zh");
        await page.Context.CloseAsync();
    }
}
