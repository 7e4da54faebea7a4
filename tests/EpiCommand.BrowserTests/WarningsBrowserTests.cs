using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class WarningsBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task CityHeadquartersDraftsTheWarningOfACountyBesideTheEpidemicAndIssuesIt()
    {
        var page = await app.SignInAsync("city");
        await page.GotoAsync("/warnings");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var candidates = page.GetByTestId("warning-candidates");
        await Assertions.Expect(candidates).ToContainTextAsync("科尔沁左翼中旗");
        await candidates.Locator("tr", new LocatorLocatorOptions { HasText = "科尔沁左翼中旗" }).GetByTestId("warning-draft").ClickAsync();

        var detail = page.GetByTestId("warning-detail");
        await Assertions.Expect(detail).ToContainTextAsync("科尔沁左翼中旗新冠肺炎疫情Ⅳ级预警");
        await Assertions.Expect(detail.GetByLabel("发布机关")).ToHaveValueAsync("旗县（市、区）卫生健康委");
        await detail.GetByLabel("发布机关").FillAsync("科尔沁左翼中旗卫生健康委");
        await page.GetByTestId("warning-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("warning-list")).ToContainTextAsync("科尔沁左翼中旗卫生健康委");
        await BrowserFixture.ScreenshotAsync(page, "warnings-draft-zh");

        await page.GetByTestId("warning-issue").ClickAsync();
        await Assertions.Expect(page.GetByTestId("warning-list").Locator("[data-testid=warning-issued]")).ToContainTextAsync("科尔沁左翼中旗新冠肺炎疫情Ⅳ级预警");
        await Assertions.Expect(detail).ToContainTextAsync("同一地区同一预警期内反复出现同样病例");
        await BrowserFixture.ScreenshotAsync(page, "warnings-issued-zh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EvaluationsPageSaysWhenNoResponseHasEnded()
    {
        var page = await app.SignInAsync("expert");
        await page.GotoAsync("/evaluations");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("terminated-list")).ToContainTextAsync("暂无已终止的应急响应");
        await page.Context.CloseAsync();
    }
}
