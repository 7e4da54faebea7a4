using System.Text.Json;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>
/// The walk of issue 15's "done means": a county (奈曼旗, 38 rooms for close contacts short of 001 §5.1.3(5)) registers quarantine rooms
/// and the norm turns green; confirmed cases rise and the day its beds run out comes earlier; a gap becomes a task, the city presses
/// it (督办) and the county closes it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadinessForecastBrowserTests(BrowserFixture app)
{
    private const string Naiman = "150525";

    [Fact]
    public async Task RoomsTurnTheNormGreenCasesBringTheRunOutDayEarlierAndAGapTaskIsPressedAndClosed()
    {
        var page = await app.SignInAsync("naiman");
        await page.SetViewportSizeAsync(1440, 1400);
        await page.GotoAsync("/readiness");
        await BrowserFixture.WaitForInteractiveAsync(page);

        var rooms = page.GetByTestId("county-norms").GetByTestId("norm-quarantine-rooms-contacts");
        await Assertions.Expect(rooms).ToHaveAttributeAsync("data-status", "notMet");
        await Assertions.Expect(rooms).ToContainTextAsync("差 38 间");
        var beds = page.GetByTestId("forecast-table").Locator("tr[data-resource=beds]");
        await Assertions.Expect(beds).ToContainTextAsync("48 张");
        await Assertions.Expect(page.GetByTestId("forecast-assumptions")).ToContainTextAsync("5.1.3(5)");
        await Assertions.Expect(page.GetByTestId("forecast-chart").Locator("canvas").First).ToBeVisibleAsync();

        // 1. Rooms for close contacts registered: the norm of 001 §5.1.3(5) turns green.
        await page.GetByTestId("add-site").ClickAsync();
        var dialog = page.GetByTestId("registry-dialog");
        await dialog.GetByLabel("名称").FillAsync("奈曼旗第二集中隔离点（宾馆）");
        await dialog.GetByLabel("房间数", new() { Exact = true }).FillAsync("40");
        await dialog.GetByLabel("密切接触者房间数").FillAsync("40");
        await dialog.GetByLabel("无症状感染者房间数").FillAsync("0");
        await dialog.GetByLabel("工作人员数").FillAsync("8");
        await page.GetByTestId("registry-save").ClickAsync();
        await Assertions.Expect(rooms).ToHaveAttributeAsync("data-status", "met");
        await Assertions.Expect(page.GetByTestId("forecast-table").Locator("tr[data-resource=quarantineRooms]")).ToContainTextAsync("202 间");

        // 2. Confirmed cases reported today (by the city's CDC): the day the beds run out is found, then comes earlier with more.
        var cdc = await app.SignInAsync("cdc");
        await RegisterConfirmedAsync(cdc, 6);
        var first = await BedsRunOutInDaysAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "readiness-forecast-zh");
        await RegisterConfirmedAsync(cdc, 4);
        var second = await BedsRunOutInDaysAsync(page);
        Assert.True(second < first, $"the beds should run out earlier with more cases: {second} days, before {first}");
        await Assertions.Expect(page.GetByTestId("forecast-trend")).ToContainTextAsync("报告确诊");
        await BrowserFixture.ScreenshotAsync(page, "readiness-forecast-more-cases-zh");
        await page.GetByTestId("forecast").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "readiness-forecast-panel-zh.png") });
        await cdc.Context.CloseAsync();

        // The scenario of 001 §5.1.3(4): 50 a day for 20 days fills the 48 beds tomorrow.
        await page.GetByTestId("scenario-run").ClickAsync();
        await Assertions.Expect(page.GetByTestId("scenario-table").Locator("tr[data-resource=beds]")).ToHaveAttributeAsync("data-in-days", "1");
        await page.GetByTestId("scenario-table").ScrollIntoViewIfNeededAsync();
        await page.GetByTestId("forecast").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, "readiness-scenario-zh.png") });

        // 3. A gap still open (集中隔离人员规模: 1:100 of the 3 planned cases) becomes a task, due tomorrow.
        var capacity = page.GetByTestId("county-norms").GetByTestId("norm-quarantine-capacity");
        await Assertions.Expect(capacity).ToHaveAttributeAsync("data-status", "notMet");
        await capacity.GetByTestId("gap-task-create").ClickAsync();
        await page.GetByTestId("gap-task-form").GetByLabel("几天内完成").FillAsync("1");
        await page.GetByTestId("gap-task-save").ClickAsync();
        var task = capacity.GetByTestId("gap-task");
        await Assertions.Expect(task).ToHaveAttributeAsync("data-state", "open");
        var id = await GapTaskIdAsync(page);

        // The city presses it (督办) from its board.
        var city = await app.SignInAsync("city");
        await city.GotoAsync("/tasks/board");
        await BrowserFixture.WaitForInteractiveAsync(city);
        var row = city.Locator($"[data-testid=board-task][data-task-id='{id}']");
        await row.GetByTestId("task-press").ClickAsync();
        await city.GetByLabel("督办意见（可选）").FillAsync("请尽快补齐集中隔离房间");
        await city.GetByTestId("task-press-confirm").ClickAsync();
        await Assertions.Expect(row.GetByTestId("task-press-count")).ToContainTextAsync("1 次");
        await BrowserFixture.ScreenshotAsync(city, "readiness-gap-task-pressed-zh");
        await city.Context.CloseAsync();

        await page.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(task).ToContainTextAsync("督办 1");

        // The county reports it done: closed.
        var done = await page.APIRequest.PostAsync($"/api/tasks/{id}/done", new() { DataObject = new { note = "已签约第三处隔离宾馆" } });
        Assert.Equal(200, done.Status);
        await page.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        await Assertions.Expect(task).ToHaveAttributeAsync("data-state", "done");
        await BrowserFixture.ScreenshotAsync(page, "readiness-gap-task-done-zh");
        await page.Context.CloseAsync();
    }

    private static async Task RegisterConfirmedAsync(IPage investigator, int count)
    {
        for (var n = 0; n < count; n++)
        {
            var now = DateTimeOffset.UtcNow;
            var created = await investigator.APIRequest.PostAsync("/api/cases", new()
            {
                DataObject = new { id = $"FB-{Guid.NewGuid():N}"[..18], classification = "confirmed", personName = $"预测{n}", region = Naiman, reportedAt = now.AddMinutes(-5), foundAt = now.AddMinutes(-10) },
            });
            Assert.Equal(201, created.Status);
        }
    }

    /// <summary>The page read again: in how many days the beds run out at the current trend.</summary>
    private static async Task<int> BedsRunOutInDaysAsync(IPage page)
    {
        await page.ReloadAsync();
        await BrowserFixture.WaitForInteractiveAsync(page);
        var beds = page.GetByTestId("forecast-table").Locator("tr[data-resource=beds]");
        await Assertions.Expect(beds).ToHaveAttributeAsync("data-in-days", new System.Text.RegularExpressions.Regex("^[0-9]+$"));
        return int.Parse((await beds.GetAttributeAsync("data-in-days"))!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<long> GapTaskIdAsync(IPage page)
    {
        using var report = JsonDocument.Parse(await (await page.APIRequest.GetAsync("/api/readiness")).TextAsync());
        var county = report.RootElement.GetProperty("counties").EnumerateArray().Single(c => c.GetProperty("regionCode").GetString() == Naiman);
        return county.GetProperty("norms").EnumerateArray().Single(n => n.GetProperty("id").GetString() == "quarantine-capacity").GetProperty("task").GetProperty("id").GetInt64();
    }
}
