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
    [InlineData("/opinion", "opinion-form", "opinion-zh")]
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

    /// <summary>Public-opinion monitoring (I5): the district sees the demo item, reports one through the form and opens it to assess.</summary>
    [Fact]
    public async Task TheDistrictReportsAnItemOfPublicOpinionAndOpensItToAssess()
    {
        var page = await app.SignInAsync("horqin");
        await page.GotoAsync("/opinion");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var table = page.GetByTestId("opinion-table");
        await Assertions.Expect(table).ToContainTextAsync("全域封闭");

        var form = page.GetByTestId("opinion-form");
        await form.GetByLabel("舆情摘要").FillAsync("网传科尔沁区自来水被污染，居民抢购桶装水。");
        await form.GetByLabel("平台/媒体/热线名称（可选）").FillAsync("抖音");
        await form.GetByTestId("opinion-report").ClickAsync();
        var detail = page.GetByTestId("opinion-detail");
        await Assertions.Expect(detail).ToContainTextAsync("网传科尔沁区自来水被污染");
        await Assertions.Expect(detail).ToContainTextAsync("已报告");
        await Assertions.Expect(page.GetByTestId("opinion-assess-form")).ToBeVisibleAsync();
        await Assertions.Expect(table).ToContainTextAsync("抖音");

        // Bad input is shown on its field.
        await form.GetByLabel("舆情摘要").FillAsync("");
        await form.GetByTestId("opinion-report").ClickAsync();
        await Assertions.Expect(page.GetByTestId("opinion-error")).ToBeVisibleAsync();
        await Assertions.Expect(form).ToContainTextAsync("请填写舆情摘要");
        await BrowserFixture.ScreenshotAsync(page, "opinion-report-zh");
        await page.Context.CloseAsync();
    }
}
