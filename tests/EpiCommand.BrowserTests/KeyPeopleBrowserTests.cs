using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class KeyPeopleBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task CommunityWorkerRegistersAReturneeAndSeesTheTestScheduled()
    {
        var page = await app.SignInAsync("horqin");
        await page.GotoAsync("/key-people");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByText("中、高风险等级地区返回人员").First).ToBeVisibleAsync();
        await page.GetByText("登记到达人员").ClickAsync();
        var form = page.GetByTestId("key-form");
        await form.GetByLabel("编号").FillAsync("FH-0001");
        await form.GetByLabel("姓名").FillAsync("返乡人员甲");
        await form.GetByLabel("来自").FillAsync("某高风险地区");
        await form.GetByLabel("人群类别").ClickAsync();
        await page.GetByText("中、高风险等级地区返回人员").Last.ClickAsync();
        await form.GetByLabel("登记社区").FillAsync("150502001002");
        await page.GetByText("铁区社区居委会（150502001002）").ClickAsync();
        await page.GetByTestId("key-register").ClickAsync();
        await Assertions.Expect(page.GetByTestId("key-list")).ToContainTextAsync("FH-0001");
        await Assertions.Expect(page.GetByTestId("key-list")).ToContainTextAsync("观察中");
        await BrowserFixture.ScreenshotAsync(page, "key-people-zh");
        await page.Context.CloseAsync();
    }
}
