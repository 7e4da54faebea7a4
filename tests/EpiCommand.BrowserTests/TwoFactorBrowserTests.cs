using EpiCommand.Testing;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>
/// Two-factor sign-in (issue 18) in the browser, in Chinese: a user enrols an authenticator from the key the page shows (the
/// test computes the code as an app would), sees the recovery codes once, and the next sign-in asks for a code after the
/// password. The user is <c>office</c>, whom no other browser test signs in as.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoFactorBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task AUserEnrolsAnAuthenticatorAndTheNextSignInAsksForACode()
    {
        var page = await app.SignInAsync("office");
        await page.GotoAsync("/account/two-factor-setup?returnUrl=%2F");
        var key = (await page.GetByTestId("shared-key").InnerTextAsync()).Trim();
        await Assertions.Expect(page.GetByTestId("key-uri")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^otpauth://totp/EpiCommand%3Aoffice\\?secret="));
        await BrowserFixture.ScreenshotAsync(page, "two-factor-setup-zh");
        await page.FillAsync("#code", "000000" == Totp.Code(key) ? "111111" : "000000");
        await page.ClickAsync("[data-testid=enable-two-factor]");
        await Assertions.Expect(page.GetByTestId("two-factor-setup-error")).ToContainTextAsync("验证码不正确");
        await page.FillAsync("#code", Totp.Code(key));
        await page.ClickAsync("[data-testid=enable-two-factor]");
        await Assertions.Expect(page.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
        await BrowserFixture.ScreenshotAsync(page, "two-factor-recovery-codes-zh");
        await page.ClickAsync("[data-testid=two-factor-continue]");
        await BrowserFixture.WaitForInteractiveAsync(page);

        var context = await page.Context.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl, Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var next = await context.NewPageAsync();
        await next.GotoAsync("/account/login");
        await next.FillAsync("#username", "office");
        await next.FillAsync("#password", Data.Demo.DemoSeeder.DemoPassword);
        await next.ClickAsync("[data-testid=login-submit]");
        await next.WaitForURLAsync(url => url.Contains("/account/two-factor"));
        await next.FillAsync("#code", "not-a-code");
        await next.ClickAsync("[data-testid=two-factor-submit]");
        await Assertions.Expect(next.GetByTestId("two-factor-error")).ToContainTextAsync("验证码或恢复码不正确");
        await BrowserFixture.ScreenshotAsync(next, "two-factor-sign-in-zh");
        await next.FillAsync("#code", Totp.Code(key));
        await next.ClickAsync("[data-testid=two-factor-submit]");
        await next.WaitForURLAsync(url => !url.Contains("/account/"));
        await BrowserFixture.WaitForInteractiveAsync(next);
        await context.CloseAsync();
        await page.Context.CloseAsync();
    }
}
