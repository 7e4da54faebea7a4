using System.Text.Json;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>
/// Issue 15 §4: a county headquarters (科尔沁区, whose demo outbreak gives its forecast a fitted trend) changes an assumption of the
/// forecast on /readiness — the days a confirmed case stays in hospital — and the day its beds run out moves on the page, the
/// assumption shown as the headquarters' (who set it) beside the plan's default, in the table and under the chart.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ForecastAssumptionsBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task ALongerStayInHospitalBringsTheDayTheBedsRunOutEarlierOnThePage()
    {
        var page = await app.SignInAsync("horqin");
        await page.SetViewportSizeAsync(1440, 1400);
        await page.GotoAsync("/readiness");
        await BrowserFixture.WaitForInteractiveAsync(page);

        var beds = page.GetByTestId("forecast-table").Locator("tr[data-resource=beds]");
        var stay = page.GetByTestId("forecast-assumptions").Locator("tr[data-key=lengthOfStayDays]");
        await Assertions.Expect(stay).ToHaveAttributeAsync("data-source", "plan");
        var before = await BedsRunOutAsync(page);
        Assert.NotNull(before.Date);
        await Assertions.Expect(beds).ToHaveAttributeAsync("data-in-days", before.InDays!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // 60 days in hospital instead of the plan's 14: the beds hold the cases of four times as many days.
        var field = page.GetByTestId("assumption-lengthOfStayDays");
        await field.FillAsync("60");
        await field.PressAsync("Tab");
        await page.GetByTestId("assumptions-save").ClickAsync();
        await Assertions.Expect(stay).ToHaveAttributeAsync("data-source", "headquarters");
        await Assertions.Expect(stay).ToContainTextAsync("horqin");
        await Assertions.Expect(stay).ToContainTextAsync("预案默认 14");

        var after = await BedsRunOutAsync(page);
        Assert.NotNull(after.Date);
        Assert.True(after.InDays < before.InDays, $"a longer stay should fill the beds earlier: day {after.InDays}, not before day {before.InDays}");
        // The page shows the new date without a reload.
        await Assertions.Expect(beds).ToHaveAttributeAsync("data-in-days", after.InDays!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(beds.Locator(".run-out")).ToContainTextAsync(after.Date!);
        await Assertions.Expect(page.GetByTestId("forecast-chart-assumptions").First).ToContainTextAsync("平均住院天数 60★");
        await page.GetByTestId("forecast").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "readiness-forecast-assumptions-zh.png") });

        // A value out of range is refused by its field, and nothing is saved.
        await field.FillAsync("0");
        await field.PressAsync("Tab");
        await page.GetByTestId("assumptions-save").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-input-control", new() { Has = field })).ToContainTextAsync("1 至 60");
        Assert.Equal(after.InDays, (await BedsRunOutAsync(page)).InDays);
        await page.Context.CloseAsync();
    }

    /// <summary>The forecast as the API answers it for the user's county: the day its beds run out.</summary>
    private static async Task<(int? InDays, string? Date)> BedsRunOutAsync(IPage page)
    {
        using var report = JsonDocument.Parse(await (await page.APIRequest.GetAsync("/api/readiness/forecast")).TextAsync());
        var beds = report.RootElement.GetProperty("counties")[0].GetProperty("runOuts").EnumerateArray().Single(r => r.GetProperty("resource").GetString() == "beds");
        return (beds.GetProperty("inDays").ValueKind == JsonValueKind.Number ? beds.GetProperty("inDays").GetInt32() : null,
            beds.GetProperty("date").ValueKind == JsonValueKind.String ? beds.GetProperty("date").GetString() : null);
    }
}
