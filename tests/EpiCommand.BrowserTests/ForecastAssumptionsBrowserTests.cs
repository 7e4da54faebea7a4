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

    [Fact]
    public async Task TheScenarioTakesAsymptomaticInfectionsAndTheSaveButtonStandsClearOfTheModelCaption()
    {
        var page = await app.SignInAsync("horqin");
        await page.SetViewportSizeAsync(1440, 1400);
        await page.GotoAsync("/readiness");
        await BrowserFixture.WaitForInteractiveAsync(page);

        // The save button has a line of its own: the model's caption (inline text) no longer runs on beside it.
        var save = await page.GetByTestId("assumptions-save").BoundingBoxAsync();
        var caption = await page.GetByTestId("forecast-model").BoundingBoxAsync();
        Assert.True(save!.Y + save.Height <= caption!.Y, $"the save button (bottom {save.Y + save.Height}) overlaps the caption (top {caption.Y})");

        // ScenarioInput.asymptomaticPerDay (001 §5.1.3(5)): more asymptomatic infections a day fill their rooms sooner.
        var asymptomatic = page.GetByTestId("scenario-asymptomatic");
        await page.GetByTestId("scenario-cases").FillAsync("1");
        await asymptomatic.FillAsync("0");
        await asymptomatic.PressAsync("Tab");
        await page.GetByTestId("scenario-run").ClickAsync();
        var rooms = page.GetByTestId("scenario-table").Locator("tr[data-resource=asymptomaticRooms]");
        await Assertions.Expect(rooms).ToHaveCountAsync(1);
        var without = await rooms.GetAttributeAsync("data-in-days") ?? "";
        await asymptomatic.FillAsync("20");
        await asymptomatic.PressAsync("Tab");
        await page.GetByTestId("scenario-run").ClickAsync();
        await Assertions.Expect(rooms).Not.ToHaveAttributeAsync("data-in-days", without);
        var with = int.Parse((await rooms.GetAttributeAsync("data-in-days"))!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(without == "" || with < int.Parse(without, System.Globalization.CultureInfo.InvariantCulture), $"20 a day should fill the rooms sooner: day {with}, before {without}");
        await page.GetByTestId("forecast").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "readiness-forecast-editor-zh.png") });

        // Out of range: refused on its field.
        await asymptomatic.FillAsync("-1");
        await asymptomatic.PressAsync("Tab");
        await page.GetByTestId("scenario-run").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-input-control", new() { Has = asymptomatic })).ToContainTextAsync("0 至");
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
