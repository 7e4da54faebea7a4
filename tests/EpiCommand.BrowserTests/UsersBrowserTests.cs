using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>User administration (issue 18) in the browser, in Chinese: an administrator creates a user, who signs in with the one-time password and must change it first.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UsersBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task AdministratorCreatesAUserWhoChangesTheOneTimePasswordAtFirstSignIn()
    {
        var admin = await app.SignInAsync("admin");
        await admin.GotoAsync("/admin/users");
        await BrowserFixture.WaitForInteractiveAsync(admin);
        await Assertions.Expect(admin.GetByTestId("user-list")).ToContainTextAsync("horqin-cdc");
        var form = admin.GetByTestId("user-form");
        await form.GetByLabel("用户名（登录名）").FillAsync("naiman-duty");
        await form.GetByLabel("姓名", new() { Exact = true }).FillAsync("奈曼旗指挥部值班员");
        await form.GetByLabel("指挥部", new() { Exact = true }).CheckAsync();
        await admin.GetByTestId("user-save").ClickAsync();
        var issued = admin.GetByTestId("issued-password");
        await Assertions.Expect(issued).ToContainTextAsync("naiman-duty");
        var password = (await issued.Locator("b").InnerTextAsync()).Trim();
        await Assertions.Expect(admin.GetByTestId("user-list")).ToContainTextAsync("待修改初始密码");
        await BrowserFixture.ScreenshotAsync(admin, "users-zh");

        var context = await admin.Context.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var user = await context.NewPageAsync();
        await user.GotoAsync("/account/login");
        await user.FillAsync("#username", "naiman-duty");
        await user.FillAsync("#password", password);
        await user.ClickAsync("[data-testid=login-submit]");
        await user.WaitForURLAsync(url => url.Contains("/account/change-password"));
        await Assertions.Expect(user.GetByTestId("must-change")).ToBeVisibleAsync();
        await user.FillAsync("#current", password);
        await user.FillAsync("#new", "short");
        await user.FillAsync("#confirmation", "short");
        await user.ClickAsync("[data-testid=change-password-submit]");
        await Assertions.Expect(user.GetByTestId("change-password-error")).ToContainTextAsync("密码至少");
        await BrowserFixture.ScreenshotAsync(user, "change-password-zh");
        await user.FillAsync("#current", password);
        await user.FillAsync("#new", "Naiman#2026duty");
        await user.FillAsync("#confirmation", "Naiman#2026duty");
        await user.ClickAsync("[data-testid=change-password-submit]");
        await user.WaitForURLAsync(url => !url.Contains("/account/"));
        await BrowserFixture.WaitForInteractiveAsync(user);
        await context.CloseAsync();
        await admin.Context.CloseAsync();
    }
}
