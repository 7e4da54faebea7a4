using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>
/// The Fangcang shelter hospitals and the ILI and unexplained pneumonia monitoring pages (issue 17 §7) as the city's
/// headquarters sees them on the demo city: the sites in reserve, a step the response in force does not allow refused with the
/// plan's clause, the weekly ILI and a report refused by field.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MeasuresBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task MakingASiteReadyBelowTheLevelThePlanAsksIsRefusedWithTheClause()
    {
        var page = await app.SignInAsync("city");
        await page.GotoAsync("/shelters");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var site = page.GetByTestId("shelter-list").Locator("tr", new() { HasText = "科尔沁区体育馆方舱医院" });
        await Assertions.Expect(site.GetByTestId("shelter-status")).ToContainTextAsync("备用");
        await Assertions.Expect(site.GetByTestId("shelter-occupancy")).ToContainTextAsync("0 / 800");
        // The demo city is under a IV or III response at most: 001 §5.4.4 asks for II.
        await site.GetByTestId("shelter-prepare").ClickAsync();
        await Assertions.Expect(page.GetByTestId("shelters-error")).ToContainTextAsync("§5.4.4", new() { Timeout = 15_000 });
        await Assertions.Expect(site.GetByTestId("shelter-status")).ToContainTextAsync("备用");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(page, "shelters-zh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheWeeklyIliAndTheUnexplainedPneumoniaAreShownAndABareReportIsRefusedByField()
    {
        var page = await app.SignInAsync("city");
        await page.GotoAsync("/monitoring");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("ili-trend").Locator("tbody tr")).ToHaveCountAsync(8);
        await Assertions.Expect(page.GetByTestId("ili-list")).ToContainTextAsync("科尔沁区第一人民医院");
        await Assertions.Expect(page.GetByTestId("pneumonia-list")).ToContainTextAsync("KL2020-0117");
        // The demo's sentinel hospitals reported the weeks before, not this one.
        await Assertions.Expect(page.GetByTestId("ili-missing")).ToContainTextAsync("通辽市医院");
        await page.GetByTestId("ili-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("monitoring-error")).ToContainTextAsync("哨点医院", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(page, "monitoring-zh");
        await page.Context.CloseAsync();
    }
}
