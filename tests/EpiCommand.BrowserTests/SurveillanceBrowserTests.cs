using System.Globalization;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SurveillanceBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task HomeShowsTheLivePictureOfTheDemoOutbreak()
    {
        var page = await app.SignInAsync("city");
        // The demo outbreak: two clusters in 科尔沁区 within a week (001 §1.5.2.1) → Ⅲ级, high enough for warning II.
        await Assertions.Expect(page.GetByTestId("picture-row-150502").GetByTestId("grade")).ToHaveTextAsync("Ⅲ级");
        await Assertions.Expect(page.GetByTestId("picture-row-150500").GetByTestId("grade")).ToHaveTextAsync("Ⅲ级");
        await page.GetByTestId("picture-row-150502").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.GetByTestId("reasons").First).ToContainTextAsync("§1.5.2.1");
        await Assertions.Expect(page.GetByTestId("epi-curve")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "home-picture-zh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RegisteringACaseRaisesTheCountysGradeOnTheHomePage()
    {
        var page = await app.SignInAsync("city");
        await Assertions.Expect(page.GetByTestId("picture-row-150581").GetByTestId("grade")).ToHaveTextAsync("");

        await page.GotoAsync("/cases");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByText("登记新病例").ClickAsync();
        var form = page.GetByTestId("case-form");
        await form.GetByLabel("病例编号").FillAsync("HL-0001");
        await form.GetByLabel("姓名").FillAsync("测试病例");
        await form.GetByLabel("现住地（到社区）").FillAsync("150581001001");
        await page.GetByText("中兴社区居委会（150581001001）").ClickAsync();
        await form.GetByLabel("身份证号").FillAsync("11010519491231002X");
        await page.GetByTestId("case-register").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-list")).ToContainTextAsync("HL-0001");
        await Assertions.Expect(page.GetByTestId("case-list")).ToContainTextAsync("1101**********002X");
        await BrowserFixture.ScreenshotAsync(page, "cases-zh");

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("picture-row-150581").GetByTestId("grade")).ToHaveTextAsync("Ⅳ级");

        await page.GotoAsync("/clocks");
        await Assertions.Expect(page.GetByTestId("clock-list")).ToContainTextAsync("HL-0001");
        await BrowserFixture.ScreenshotAsync(page, "clocks-zh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task InvestigatorRecordsTheCityRetestOfACase()
    {
        var page = await app.SignInAsync("cdc");
        await page.GotoAsync("/cases");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "病例B09" }).GetByRole(AriaRole.Button, new() { Name = "详情" }).ClickAsync();
        var detail = page.GetByTestId("case-detail");
        await Assertions.Expect(detail).ToContainTextAsync("§4.2.2 市疾控中心复核核酸阳性");
        await detail.GetByRole(AriaRole.Button, new() { Name = "记录" }).First.ClickAsync();
        await Assertions.Expect(detail).ToContainTextAsync("confirmation → cityCdcRetest");
        await BrowserFixture.ScreenshotAsync(page, "case-detail-zh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task APastDayShowsThePictureOfThatDay()
    {
        var page = await app.SignInAsync("city");
        var monthAgo = DateTime.UtcNow.AddHours(8).AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GotoAsync($"/?region=150500&asOf={monthAgo}");
        await Assertions.Expect(page.GetByTestId("picture-date")).ToHaveTextAsync(monthAgo);
        await Assertions.Expect(page.GetByTestId("picture-row-150502").GetByTestId("grade")).ToHaveTextAsync("");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ExpertRecordsAJudgment()
    {
        var page = await app.SignInAsync("expert");
        await page.GotoAsync("/judgments");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByTestId("judgment-form").GetByLabel("依据").FillAsync("外省多地疫情较重，专家组会商认定");
        await page.GetByTestId("judgment-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("judgment-list")).ToContainTextAsync("外省多地疫情较重");
        await BrowserFixture.ScreenshotAsync(page, "judgments-zh");
        await page.Context.CloseAsync();
    }
}
