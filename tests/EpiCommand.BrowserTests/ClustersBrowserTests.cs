using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>Clusters as a feature (issue 11 §2): the list of the jurisdiction, one cluster with its transmission graph and curves, the home card.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ClustersBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task TheClustersPageListsTheDemoClustersAndAClusterShowsItsGraphCurvesAndCases()
    {
        var page = await app.SignInAsync("city");
        await page.SetViewportSizeAsync(1440, 1000);
        // The home page's card of active clusters links to the list.
        await Assertions.Expect(page.GetByTestId("home-clusters")).ToContainTextAsync("明仁街道某小学");
        await page.GetByTestId("home-clusters").GetByRole(AriaRole.Link, new() { Name = "全部聚集性疫情" }).ClickAsync();
        await page.WaitForURLAsync("**/clusters");
        await BrowserFixture.WaitForInteractiveAsync(page);

        var list = page.GetByTestId("cluster-list");
        await Assertions.Expect(list.Locator("[data-row=cluster]")).ToHaveCountAsync(2);
        await Assertions.Expect(list).ToContainTextAsync("明仁街道某小学");
        await Assertions.Expect(list).ToContainTextAsync("铁区社区某家庭");
        await Assertions.Expect(list).ToContainTextAsync("科尔沁区");
        await Assertions.Expect(list).ToContainTextAsync("学校");
        await Assertions.Expect(list).ToContainTextAsync("活跃");
        await BrowserFixture.ScreenshotAsync(page, "clusters-zh");

        await page.GetByTestId("cluster-S1").ClickAsync();
        await page.WaitForURLAsync("**/clusters/S1*");
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("cluster-title")).ToHaveTextAsync("明仁街道某小学");
        await Assertions.Expect(page.GetByTestId("cluster-summary")).ToContainTextAsync("5 例");
        await Assertions.Expect(page.GetByTestId("cluster-cases").Locator("[data-row=case]")).ToHaveCountAsync(5);
        await Assertions.Expect(page.GetByTestId("transmission-graph").Locator("canvas").First).ToBeVisibleAsync();
        // ECharts drew a graph of the five cases and the school, with the Chinese legend.
        await page.WaitForFunctionAsync("() => { const el = document.querySelector('[data-testid=transmission-graph]'); return window.echarts && echarts.getInstanceByDom(el); }");
        var graph = await page.EvaluateAsync<string>("""
            () => { const o = echarts.getInstanceByDom(document.querySelector('[data-testid=transmission-graph]')).getOption();
                    const s = o.series[0]; return [s.type, s.data.length, s.links.length, o.legend[0].data.join('/')].join('|'); }
            """);
        Assert.Equal("graph|6|9|确诊病例/无症状感染者/场所", graph);
        await Assertions.Expect(page.GetByTestId("epi-curve-canvas").Locator("canvas").First).ToBeVisibleAsync();
        // Let the force layout settle before the picture.
        await page.WaitForTimeoutAsync(1500);
        await BrowserFixture.ScreenshotAsync(page, "cluster-graph-zh");
        await page.Context.CloseAsync();
    }
}
