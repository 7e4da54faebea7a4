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
        // The county's own health commission issues it (001 §3.4.1), by name; the plan's generic "旗县（市、区）卫生健康委" is never printed.
        await Assertions.Expect(detail.GetByLabel("发布机关")).ToHaveValueAsync("科尔沁左翼中旗卫生健康委员会");
        await Assertions.Expect(page.GetByTestId("warning-list")).ToContainTextAsync("科尔沁左翼中旗卫生健康委员会");
        await BrowserFixture.ScreenshotAsync(page, "warnings-draft-zh");

        // Publishing is public: a dialog says so first, and cancelling it publishes nothing.
        await page.GetByTestId("warning-issue").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-message-box")).ToContainTextAsync("发布后不能撤回");
        await BrowserFixture.ScreenshotAsync(page, "warnings-confirm-zh");
        await page.Locator(".mud-message-box__cancel-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("warning-list").Locator("[data-testid=warning-issued]")).ToHaveCountAsync(0);
        await page.GetByTestId("warning-issue").ClickAsync();
        await page.Locator(".mud-message-box__yes-button").ClickAsync();
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
