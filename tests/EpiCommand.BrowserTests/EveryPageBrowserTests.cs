using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>
/// Every page of the menu, as the city's headquarters sees it, on a phone (390×844) and at a desk (1440×900) — issue 14: duty officers
/// work from phones. A page never scrolls sideways (at a desk a wide table scrolls inside its own box; on a phone every table reads as
/// cards, each value under its column's name), no table cell is squeezed to one character per line, and nothing the page asks the
/// server for fails. One screenshot per page and size, to look at.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EveryPageBrowserTests(BrowserFixture app)
{
    [Theory]
    [InlineData(390, 844, "phone")]
    [InlineData(1440, 900, "desk")]
    public async Task EveryMenuPageFits(int width, int height, string size)
    {
        var page = await app.SignInAsync("city");
        var failed = new List<string>();
        page.Response += (_, response) => { if (response.Status >= 400) failed.Add($"{response.Status} {response.Url}"); };
        await page.SetViewportSizeAsync(width, height);

        var paths = await page.Locator(".mud-navmenu a[href]").EvaluateAllAsync<string[]>(
            "links => links.map(a => new URL(a.href).pathname).filter(p => !p.startsWith('/api') && !p.startsWith('/openapi') && p !== '/screen')");
        Assert.NotEmpty(paths);
        var problems = new List<string>();
        foreach (var path in paths.Distinct())
        {
            await page.GotoAsync(path);
            await BrowserFixture.WaitForInteractiveAsync(page);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            // Blazor's error bar: the page threw while rendering or answering the circuit.
            if (await page.Locator("#blazor-error-ui").IsVisibleAsync()) problems.Add($"{path}: the page failed (Blazor's error bar is shown)");
            if (!await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"))
            {
                problems.Add($"{path}: the page scrolls sideways ({await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")}px)");
            }
            // A cell with a few characters of text narrower than two characters is wrapping one character per line.
            var squeezed = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('th, td')]
                    .filter(c => c.offsetParent !== null && c.innerText.trim().length >= 3 && !/^[\d\s.,:-]+$/.test(c.innerText.trim()))
                    .filter(c => c.getBoundingClientRect().width < 30)
                    .map(c => c.innerText.trim().slice(0, 12))
                """);
            if (squeezed.Length > 0) problems.Add($"{path}: cells squeezed to a character per line: {string.Join(" | ", squeezed.Take(5))}");
            // On a phone a table is read as cards (one per row, each value under its column's name), not scrolled sideways.
            if (width < 600)
            {
                var wide = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll('.mud-main-content table:not(.no-stack)')]
                        .filter(t => t.offsetParent !== null && t.scrollWidth > t.parentElement.clientWidth + 1)
                        .map(t => (t.querySelector('th, td')?.innerText ?? '').trim().slice(0, 12))
                    """);
                if (wide.Length > 0) problems.Add($"{path}: tables wider than the phone: {string.Join(" | ", wide.Take(5))}");
                var unlabelled = await page.EvaluateAsync<int>("""
                    () => [...document.querySelectorAll('.mud-main-content table:not(.no-stack) > thead')].filter(h => h.closest('table').offsetParent !== null)
                        .flatMap(h => [...h.closest('table').querySelectorAll(':scope > tbody > tr > td')]).filter(c => c.innerText.trim() && !c.hasAttribute('data-label')).length
                    """);
                if (unlabelled > 0) problems.Add($"{path}: {unlabelled} cells of a table with headings show no column name on a phone");
            }
            // A column heading of a few characters is read on one line ("未开始", not 未/开/始).
            var wrapped = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('th')]
                    .filter(c => c.offsetParent !== null && c.innerText.trim().length > 1 && c.innerText.trim().length <= 8)
                    .filter(c => { const r = document.createRange(); r.selectNodeContents(c); return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1; })
                    .map(c => c.innerText.trim())
                """);
            if (wrapped.Length > 0) problems.Add($"{path}: column headings wrapped: {string.Join(" | ", wrapped.Take(5))}");
            // The first screen of each page (a full-page capture of every long list at phone width takes minutes).
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(BrowserFixture.Screenshots, $"page-{size}{(path == "/" ? "-home" : path.Replace('/', '-'))}.png"), Timeout = 90_000,
            });
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(failed.Count == 0, string.Join("\n", failed));
        await page.Context.CloseAsync();
    }
}
