using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>
/// The public page without signing in, on a phone (issue 17 §4), and the pages of the headquarters' coordination and support
/// work (releases, meetings, support requests) as the city sees them: each opens, shows its form, and is photographed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CoordinationBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task ThePublicPageReadsOnAPhoneWithoutSigningIn()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync("/public");
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.GetByTestId("public-bulletins")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("public-risk-areas")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("public-clinics")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("public-feed")).ToHaveAttributeAsync("href", "/api/public/feed");
        var width = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(width[0] <= width[1] + 1, $"the public page is wider than a phone: {width[0]} > {width[1]}");
        await BrowserFixture.ScreenshotAsync(page, "public-phone-zh");
        await context.CloseAsync();
    }

    [Theory]
    [InlineData("/publications", "publication-form", "publications-zh")]
    [InlineData("/meetings", "meeting-form", "meetings-zh")]
    [InlineData("/instructions", "instruction-form", "instructions-zh")]
    [InlineData("/inspections", "inspection-form", "inspections-zh")]
    [InlineData("/support", "interactive", "support-city-zh")]
    public async Task TheCityOpensItsCoordinationPages(string path, string testId, string screenshot)
    {
        var page = await app.SignInAsync("city");
        await page.GotoAsync(path);
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId(testId).First).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(page, screenshot);
        await page.Context.CloseAsync();
    }
}
