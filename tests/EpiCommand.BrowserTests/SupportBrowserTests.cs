using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>Emergency support (seed 000, issue 16): 科尔沁区 asks for a mobile PCR lab; the city's 医疗防控组 sees it and accepts it, confirmed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SupportBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task ACountyAsksForAMobileLabAndTheCityAcceptsIt()
    {
        var county = await app.SignInAsync("horqin");
        await county.GetByRole(AriaRole.Link, new() { Name = "应急支援" }).ClickAsync();
        await county.WaitForURLAsync("**/support");
        await BrowserFixture.WaitForInteractiveAsync(county);
        var dialog = county.GetByTestId("support-new-dialog");
        await county.GetByTestId("support-new").ClickAsync();
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await BrowserFixture.PickAsync(county, county.GetByTestId("new-kind"), "移动核酸检测实验室");
        await dialog.GetByLabel("数量（人、队或车次）").FillAsync("1");
        await dialog.GetByLabel("送达地点").FillAsync("科尔沁区疾控中心");
        await dialog.GetByLabel("申请理由").FillAsync("本地核酸检测能力不足，日检测需求超过现有能力");
        await county.GetByTestId("new-save").ClickAsync();
        await Assertions.Expect(county.GetByTestId("support-message")).ToContainTextAsync("医疗防控组", new() { Timeout = 20000 });
        // "已提交 {number}，由{group}答复。"
        var number = System.Text.RegularExpressions.Regex.Match(await county.GetByTestId("support-message").InnerTextAsync(), @"已提交\s*([^，\s]+)").Groups[1].Value;
        Assert.NotEmpty(number);
        await Assertions.Expect(county.GetByTestId("support-list")).ToContainTextAsync(number);
        await BrowserFixture.ScreenshotAsync(county, "support-county-zh");
        await county.Context.CloseAsync();

        var city = await app.SignInAsync("city");
        await city.GotoAsync("/support");
        await BrowserFixture.WaitForInteractiveAsync(city);
        var row = city.GetByTestId("support-list").Locator("tr", new() { HasText = number });
        await Assertions.Expect(row).ToContainTextAsync("医疗防控组", new() { Timeout = 20000 });
        await row.GetByRole(AriaRole.Button, new() { Name = "答复" }).ClickAsync();
        await Assertions.Expect(city.GetByTestId("support-action-dialog")).ToBeVisibleAsync();
        // The answer is asked once more before it is given (a message box over the dialog).
        var box = city.Locator(".mud-message-box, .mud-dialog:has(.mud-message-box)");
        await city.GetByTestId("action-save").ClickAsync();
        await Assertions.Expect(box.First).ToBeVisibleAsync();
        await box.Last.GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("已同意", new() { Timeout = 20000 });
        await BrowserFixture.ScreenshotAsync(city, "support-city-zh");
        await city.Context.CloseAsync();
    }
}
