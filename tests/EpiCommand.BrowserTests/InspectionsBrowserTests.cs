using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>
/// Inspections (督查检查, issue 17 §3) as a county's headquarters works them: the demo inspection's open finding gets a photo and is
/// re-inspected and closed (销号); on a phone the page reads without scrolling sideways.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InspectionsBrowserTests(BrowserFixture app)
{
    /// <summary>A 1×1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    [Fact]
    public async Task TheCountyPhotographsAndClosesTheDemoFindingOnAPhone()
    {
        var page = await app.SignInAsync("horqin");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/inspections");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("inspection-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("inspection-stats")).ToContainTextAsync("科尔沁区卫生健康委员会");

        // Planning without a title or unit is refused field by field.
        await page.GetByTestId("inspection-plan").ClickAsync();
        await Assertions.Expect(page.GetByTestId("inspection-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("请填写督查检查名称。").First).ToBeVisibleAsync();

        var row = page.GetByTestId("inspection-table").Locator("tr").Filter(new() { HasText = "科尔沁区常态化防控督导检查" });
        await row.GetByTestId("inspection-open").ClickAsync();
        var detail = page.GetByTestId("inspection-detail");
        await Assertions.Expect(detail).ToBeVisibleAsync();
        var finding = detail.Locator("tr").Filter(new() { HasText = "严防医院院内感染" });
        await Assertions.Expect(finding.GetByTestId("finding-state")).ToContainTextAsync("整改中");
        await finding.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "缓冲区.png", MimeType = "image/png", Buffer = Png });
        await Assertions.Expect(finding.GetByRole(AriaRole.Link, new() { Name = "缓冲区.png" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "inspection-phone-zh");

        await finding.GetByTestId("finding-close").ClickAsync();
        await Assertions.Expect(finding.GetByTestId("finding-state")).ToContainTextAsync("复查合格，已销号");
        await Assertions.Expect(detail).ToContainTextAsync("已办结");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the inspections page scrolls sideways on a phone");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(page, "inspection-closed-phone-zh");
        await page.Context.CloseAsync();
    }
}
