using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture app)
{
    [Theory]
    [InlineData("city", "通辽市", "home-city")]
    [InlineData("horqin", "科尔沁区", "home-county")]
    [InlineData("expert", "通辽市", "home-expert")]
    [InlineData("cdc", "通辽市", "home-cdc")]
    public async Task EachDemoUserSeesTheHomePageOfTheirJurisdiction(string user, string jurisdiction, string screenshot)
    {
        var page = await app.SignInAsync(user);
        await Assertions.Expect(page.GetByTestId("jurisdiction-name")).ToHaveTextAsync(jurisdiction);
        await Assertions.Expect(page.GetByTestId("hq-name")).ToContainTextAsync(jurisdiction);
        await BrowserFixture.ScreenshotAsync(page, screenshot);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WrongPasswordShowsAnErrorInChinese()
    {
        var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", "city");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("[data-testid=login-submit]");
        await Assertions.Expect(page.GetByTestId("login-error")).ToHaveTextAsync("用户名或密码错误。");
        await BrowserFixture.ScreenshotAsync(page, "login-error");
        await context.CloseAsync();
    }

    [Fact]
    public async Task ASignedInUserWithoutThePagesRoleIsToldSoNotSentToSignIn()
    {
        var page = await app.SignInAsync("horqin");
        await page.GotoAsync("/admin/audit");
        await Assertions.Expect(page.GetByTestId("access-denied")).ToContainTextAsync("您的角色无权查看此页面");
        Assert.DoesNotContain("/account/login", page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CountyUserIsRefusedAnotherCountyEvenByAddress()
    {
        var page = await app.SignInAsync("horqin");
        await page.GotoAsync("/organisation?region=150523");
        await Assertions.Expect(page.GetByTestId("access-denied")).ToContainTextAsync("不在您的管辖范围内");
        await page.GotoAsync("/?region=150500");
        await Assertions.Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await page.GotoAsync("/regions");
        await Assertions.Expect(page.GetByTestId("region-tree")).ToContainTextAsync("科尔沁区");
        await Assertions.Expect(page.GetByTestId("region-tree")).Not.ToContainTextAsync("开鲁县");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CityUserBrowsesACountysOrganisation()
    {
        var page = await app.SignInAsync("city");
        await page.GotoAsync("/organisation?region=150523");
        await Assertions.Expect(page.GetByTestId("org-hq")).ToHaveTextAsync("开鲁县新冠肺炎疫情防控工作指挥部");
        await page.Context.CloseAsync();
    }
}
