using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>
/// The page Content-Security-Policy and headers of issue 13 (defect 9) on a real Kestrel, in Chromium: the pages render,
/// their buttons work, and the browser reports no violation of the policy.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task PagesWorkUnderTheContentSecurityPolicyWithoutAViolation()
    {
        var page = await app.SignInAsync("city");
        List<string> violations = [];
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add(message.Text);
        };
        var response = await page.GotoAsync("/organisation");
        Assert.Contains("script-src 'self' 'nonce-", await response!.HeaderValueAsync("content-security-policy"));
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("org-hq")).ToContainTextAsync("通辽市");
        await page.GetByTestId("language-switch").ClickAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Working groups (6)" })).ToBeVisibleAsync();
        await page.GotoAsync("/linelists");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByTestId("language-switch").ClickAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByTestId("logout").ClickAsync();
        await page.WaitForURLAsync("**/account/login");
        await BrowserFixture.ScreenshotAsync(page, "csp-signed-out");
        Assert.Empty(violations);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task KestrelDoesNotNameItselfAndApiAnswersAreNotStored()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        var login = await http.GetAsync("/account/login");
        Assert.False(login.Headers.Contains("Server"), string.Join(",", login.Headers.Select(h => h.Key)));
        Assert.Contains("frame-ancestors 'self'", string.Join(";", login.Headers.GetValues("Content-Security-Policy")));
        var api = await http.GetAsync("/api/regions");
        Assert.False(api.Headers.Contains("Server"));
        Assert.True(api.Headers.CacheControl?.NoStore);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await http.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
