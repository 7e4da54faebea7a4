using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class PagesTests(BrowserFixture app)
{
    [Fact]
    public async Task OrganisationShowsHeadquartersUnitsAndDutiesInChineseAndEnglish()
    {
        var page = await app.SignInAsync("city");
        await page.GotoAsync("/organisation");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("org-hq")).ToContainTextAsync("通辽市");
        await Assertions.Expect(page.GetByTestId("org-units")).ToContainTextAsync("市卫生健康委员会");
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "工作组 (6)" })).ToBeVisibleAsync();
        await page.GetByText("市卫生健康委员会（").First.ClickAsync();
        await BrowserFixture.ScreenshotAsync(page, "organisation-zh");

        await page.GetByTestId("language-switch").ClickAsync();
        await page.WaitForURLAsync("**/organisation");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(Nav(page, "Organisation")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Working groups (6)" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "organisation-en");

        await page.GotoAsync("/");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByText("Grade, risk and warning")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "home-en");

        await page.GetByTestId("language-switch").ClickAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(Nav(page, "组织机构")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task RegionsOpenATownshipOnDemandAndFindACommunityByName()
    {
        var page = await app.SignInAsync("city");
        await page.GotoAsync("/regions");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var tree = page.GetByTestId("region-tree");
        await Assertions.Expect(tree).ToContainTextAsync("通辽经济技术开发区（150571）");
        await Assertions.Expect(tree).Not.ToContainTextAsync("明仁街道");
        await tree.GetByText("科尔沁区（150502）").ClickAsync();
        await Assertions.Expect(tree).ToContainTextAsync("明仁街道（150502004）");
        await Assertions.Expect(tree.GetByText("半截店牧场（150502405）")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("region-detail")).ToContainTextAsync("科尔沁左翼中旗、科尔沁左翼后旗、开鲁县、通辽经济技术开发区");
        await BrowserFixture.ScreenshotAsync(page, "regions-tree");

        await page.GetByTestId("region-search").FillAsync("露天");
        var results = page.GetByTestId("region-search-results");
        await Assertions.Expect(results).ToContainTextAsync("共 1 个地区");
        await results.GetByText("露天社区居委会（150502004001）").ClickAsync();
        await Assertions.Expect(page.GetByTestId("region-detail")).ToContainTextAsync("通辽市 › 科尔沁区 › 明仁街道");
        await BrowserFixture.ScreenshotAsync(page, "regions-search");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task EveryMenuEntryLeadsToAPageWithContent()
    {
        var page = await app.SignInAsync("city");
        await BrowserFixture.WaitForInteractiveAsync(page);
        foreach (var (link, path, expected) in new[] { ("行政区划", "/regions", "region-tree"), ("组织机构", "/organisation", "org-units"), ("应急预案", "/plans", "plan-list") })
        {
            // A click while the previous page is still settling can be lost: click again until the address is the entry's.
            for (var attempt = 0; attempt < 3 && !new Uri(page.Url).AbsolutePath.Equals(path, StringComparison.Ordinal); attempt++)
            {
                await Nav(page, link).ClickAsync();
                try { await page.WaitForURLAsync("**" + path, new() { Timeout = 5000 }); } catch (TimeoutException) { }
            }
            await Assertions.Expect(page.GetByTestId(expected)).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId(expected)).Not.ToBeEmptyAsync();
        }
        await BrowserFixture.ScreenshotAsync(page, "plans-zh");
        await Nav(page, "首页").ClickAsync();
        await Assertions.Expect(page.GetByTestId("child-regions")).ToContainTextAsync("科尔沁区");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PlanMeasuresCanBeFoundByClauseNumber()
    {
        var page = await app.SignInAsync("expert");
        await page.GotoAsync("/plans/tongliao-2020");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await page.GetByTestId("plan-search").Locator("input").FillAsync("5.1.3");
        await Assertions.Expect(page.GetByTestId("plan-measure").First).ToContainTextAsync("§5.1.3");
        foreach (var text in await page.GetByTestId("plan-measure").AllInnerTextsAsync()) Assert.Contains("5.1.3", text);
        await BrowserFixture.ScreenshotAsync(page, "plan-search");
        await page.Context.CloseAsync();
    }

    private static ILocator Nav(IPage page, string name) =>
        page.Locator(".mud-navmenu").GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
}
