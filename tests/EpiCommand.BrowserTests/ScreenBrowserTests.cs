using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>The county map on the home page, the leaders' view and the phone layout (issue 14), with screenshots to look at.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenBrowserTests(BrowserFixture app)
{
    private static readonly string[] BoundedCounties = ["科尔沁区", "科尔沁左翼中旗", "科尔沁左翼后旗", "开鲁县", "库伦旗", "奈曼旗", "扎鲁特旗", "霍林郭勒市"];

    [Fact]
    public async Task HomeShowsTheCountyMapColouredByGradeRiskOrWarning()
    {
        var page = await app.SignInAsync("city");
        await page.SetViewportSizeAsync(1440, 900);
        await AssertMapDrawnAsync(page);
        var list = page.GetByTestId("map-counties");
        foreach (var name in BoundedCounties) await Assertions.Expect(list).ToContainTextAsync(name);
        // The development zone has no boundary in the file: listed, not drawn.
        await Assertions.Expect(page.GetByTestId("map-county-150571")).ToContainTextAsync("无边界数据");
        // The demo outbreak: 科尔沁区 at Ⅲ级 with its clusters.
        await Assertions.Expect(page.GetByTestId("map-county-150502")).ToContainTextAsync("分级Ⅲ级");
        await Assertions.Expect(page.GetByTestId("map-county-150502")).ToContainTextAsync("聚集性疫情");
        await BrowserFixture.ScreenshotAsync(page, "home-map-zh");

        await page.GetByTestId("map-mode-Risk").ClickAsync();
        await Assertions.Expect(page.GetByTestId("county-map")).ToContainTextAsync("中风险");
        await BrowserFixture.ScreenshotAsync(page, "home-map-risk-zh");

        // A click on a county opens its picture.
        await page.GetByTestId("map-county-150523").GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync("**/?region=150523");
        await Assertions.Expect(page.GetByTestId("jurisdiction-name")).ToHaveTextAsync("开鲁县");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACountyUserSeesTheCityMapWithTheirCountyHighlighted()
    {
        var page = await app.SignInAsync("horqin");
        await AssertMapDrawnAsync(page);
        await Assertions.Expect(page.GetByTestId("map-county-150502")).ToHaveClassAsync("highlight");
        await Assertions.Expect(page.GetByTestId("map-county-150523")).ToContainTextAsync("不在辖区内");
        await BrowserFixture.ScreenshotAsync(page, "home-map-county-zh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheLeadersViewShowsMapCurveGradesClustersResponsesAndTasksInTheDark()
    {
        var page = await app.SignInAsync("city");
        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync("/screen");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("screen-title")).ToContainTextAsync("通辽市");
        await AssertMapDrawnAsync(page);
        var curve = page.GetByTestId("epi-curve-canvas").Locator("canvas").First;
        await Assertions.Expect(curve).ToBeVisibleAsync();
        // The axis follows the data: its top is at most a step above the highest day, not a fixed 20.
        await page.WaitForFunctionAsync("() => { const el = document.querySelector('[data-testid=epi-curve-canvas]'); return window.echarts && echarts.getInstanceByDom(el); }");
        var (top, highest) = await AxisAsync(page);
        Assert.True(top >= highest && top <= highest + 5, $"axis top {top} for a highest day of {highest}");
        await Assertions.Expect(page.GetByTestId("screen-grades")).ToContainTextAsync("科尔沁区");
        await Assertions.Expect(page.GetByTestId("screen-grades")).ToContainTextAsync("Ⅲ级");
        await Assertions.Expect(page.GetByTestId("screen-clusters")).Not.ToContainTextAsync("（0起）");
        await Assertions.Expect(page.GetByTestId("screen-tasks")).ToBeVisibleAsync();
        // The readiness gaps of the demo's (invented) capacity: the regions short of the plan's norms, with the shortfall.
        await Assertions.Expect(page.GetByTestId("screen-readiness").GetByTestId("screen-gap").First).ToContainTextAsync("未达标");
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.screen')).backgroundColor");
        Assert.Equal("rgb(11, 21, 38)", background);
        await BrowserFixture.ScreenshotAsync(page, "screen-zh");

        await page.GotoAsync("/culture/en?returnUrl=%2Fscreen");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("screen-title")).ToContainTextAsync("leaders' view");
        await AssertMapDrawnAsync(page);
        await Assertions.Expect(page.GetByTestId("epi-curve-canvas").Locator("canvas").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "screen-en");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OnAPhoneTheTopBarFitsTheMenuIsPerRoleAndScrollsAndNoRequestFails()
    {
        var page = await app.SignInAsync("expert");
        var missing = new List<string>();
        page.Response += (_, response) => { if (response.Status == 404) missing.Add(response.Url); };
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await AssertMapDrawnAsync(page);
        await Assertions.Expect(page.GetByTestId("todo")).ToBeVisibleAsync();

        // The top bar: one line, the user's name on one line, sign-out inside the screen.
        var user = await page.GetByTestId("current-user").BoundingBoxAsync();
        Assert.True(user is { Height: < 30 }, $"the user's name is {user?.Height}px high");
        var logout = await page.GetByTestId("logout").BoundingBoxAsync();
        Assert.True(logout is not null && logout.X + logout.Width <= 390, $"sign-out ends at {logout?.X + logout?.Width}px");
        var bar = await page.Locator(".epi-appbar").BoundingBoxAsync();
        Assert.True(bar is { Height: < 70 }, $"the top bar is {bar?.Height}px high");
        // No sideways scrolling of the page.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways");
        await BrowserFixture.ScreenshotAsync(page, "home-phone-zh");

        // The drawer opens over the page and lists the expert's entries only.
        await page.GetByTestId("menu").ClickAsync();
        var menu = page.Locator(".mud-navmenu");
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "响应决策", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "任务督办", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "审计日志", Exact = true })).ToHaveCountAsync(0);
        await menu.GetByRole(AriaRole.Link, new() { Name = "接口文档", Exact = true }).ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "接口文档", Exact = true })).ToBeInViewportAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "menu-phone-zh.png") });
        Assert.Empty(missing);
        await page.Context.CloseAsync();
    }

    private static async Task<(double Top, double Highest)> AxisAsync(IPage page)
    {
        var values = await page.EvaluateAsync<double[]>("""
            () => {
                const chart = echarts.getInstanceByDom(document.querySelector('[data-testid=epi-curve-canvas]'));
                const option = chart.getOption();
                const days = option.xAxis[0].data.length;
                let highest = 0, report = Array(days).fill(0);
                for (const s of option.series) s.data.forEach((v, i) => { if (s.type === 'bar') report[i] += v; else highest = Math.max(highest, v); });
                highest = Math.max(highest, ...report);
                const extent = chart.getModel().getComponent('yAxis', 0).axis.scale.getExtent();
                return [extent[1], highest];
            }
            """);
        return (values[0], values[1]);
    }

    /// <summary>The canvas is drawn and ECharts holds every bounded county of the city as an area.</summary>
    private static async Task AssertMapDrawnAsync(IPage page)
    {
        var canvas = page.GetByTestId("county-map-canvas").Locator("canvas").First;
        await Assertions.Expect(canvas).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => { const el = document.querySelector('[data-testid=county-map-canvas]'); const c = window.echarts && echarts.getInstanceByDom(el); return c && c.getOption().geo[0].regions.length === 8; }");
        var names = await page.EvaluateAsync<string[]>("() => echarts.getInstanceByDom(document.querySelector('[data-testid=county-map-canvas]')).getOption().geo[0].regions.map(r => r.name)");
        Assert.Equal(BoundedCounties.Order(), names.Order());
        var box = await canvas.BoundingBoxAsync();
        Assert.True(box is { Width: > 300, Height: > 200 }, $"canvas {box?.Width}×{box?.Height}");
    }
}
