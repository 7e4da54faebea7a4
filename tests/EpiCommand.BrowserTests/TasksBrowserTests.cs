using System.Text.Json;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class TasksBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task UnitReportsProgressWithAFileAndHeadquartersPressesFromTheBoard()
    {
        await EnsureLevelFourInHorqinAsync();

        var unit = await app.SignInAsync("horqin-cdc");
        await unit.GotoAsync("/tasks");
        await BrowserFixture.WaitForInteractiveAsync(unit);
        var row = unit.GetByTestId("task-row").Filter(new() { HasText = "迅速开展流行病学调查" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await row.GetByTestId("task-progress").ClickAsync();
        var dialog = unit.GetByTestId("task-dialog");
        await dialog.GetByLabel("进展说明").FillAsync("已完成 2 例流调，密接判定中");
        await dialog.GetByLabel("进度（%）").FillAsync("60");
        await dialog.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "流调报告.txt", MimeType = "text/plain", Buffer = "流调报告"u8.ToArray() });
        await Assertions.Expect(unit.GetByTestId("task-file-name")).ToHaveTextAsync("流调报告.txt");
        await BrowserFixture.ScreenshotAsync(unit, "task-progress-zh");
        await unit.GetByTestId("task-save").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("60%");
        await Assertions.Expect(row).ToContainTextAsync("进行中");
        await row.GetByTestId("task-details").ClickAsync();
        await Assertions.Expect(unit.GetByTestId("task-attachment")).ToContainTextAsync("流调报告.txt");
        await BrowserFixture.ScreenshotAsync(unit, "tasks-zh");
        // On a phone each task is a card: no header row, every cell names its column, nothing wider than the screen.
        await unit.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(row.Locator("td[data-label]").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(unit, "tasks-phone-zh");
        var width = await unit.EvaluateAsync<string>("() => [document.documentElement.scrollWidth, window.innerWidth, [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className).join(' | ')].join(' ')");
        Assert.True(int.Parse(width.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) <= int.Parse(width.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) + 1, "the task list is wider than a phone's screen: " + width);
        await unit.Context.CloseAsync();

        var headquarters = await app.SignInAsync("horqin");
        await headquarters.GotoAsync("/tasks/board");
        await BrowserFixture.WaitForInteractiveAsync(headquarters);
        await Assertions.Expect(headquarters.GetByTestId("board-unit").First).ToBeVisibleAsync();
        var task = headquarters.GetByTestId("board-task").Filter(new() { HasText = "迅速开展流行病学调查" });
        await task.GetByTestId("task-press").ClickAsync();
        await headquarters.GetByLabel("督办意见（可选）").FillAsync("请今日内完成并报告");
        await headquarters.GetByTestId("task-press-confirm").ClickAsync();
        await Assertions.Expect(task.GetByTestId("task-press-count")).ToContainTextAsync("1 次");
        await BrowserFixture.ScreenshotAsync(headquarters, "task-board-zh");
        // Bulk 督办 from a unit's row: a confirmation saying how many, then every overdue task of the unit pressed (none overdue yet: no button).
        await Assertions.Expect(headquarters.GetByTestId("board-units").GetByTestId("bulk-press")).ToHaveCountAsync(
            await headquarters.GetByTestId("board-units").Locator("[data-testid=count-overdue]").EvaluateAllAsync<int>("cells => cells.filter(c => Number(c.textContent) > 0).length"));
        // The headquarters' task list opens grouped by measure, collapsed; a click opens a group; a default deadline is set for the tasks the plan gives none.
        await headquarters.GotoAsync("/tasks");
        await BrowserFixture.WaitForInteractiveAsync(headquarters);
        var investigation = headquarters.GetByTestId("task-group").Filter(new() { HasText = "迅速开展流行病学调查" });
        await Assertions.Expect(investigation).ToHaveCountAsync(1);
        await Assertions.Expect(headquarters.GetByTestId("task-row")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(headquarters, "tasks-grouped-zh");
        await investigation.ClickAsync();
        await Assertions.Expect(headquarters.GetByTestId("task-row").Filter(new() { HasText = "迅速开展流行病学调查" }).First).ToBeVisibleAsync();
        await headquarters.GetByTestId("default-deadline").ClickAsync();
        await headquarters.GetByTestId("deadline-dialog").GetByLabel("小时").FillAsync("48");
        await headquarters.GetByTestId("deadline-save").ClickAsync();
        await Assertions.Expect(headquarters.GetByTestId("default-deadline")).ToContainTextAsync("默认时限 48 小时");
        await BrowserFixture.ScreenshotAsync(headquarters, "tasks-grouped-open-zh");
        await headquarters.GotoAsync("/notifications/webhooks");
        await Assertions.Expect(headquarters.GetByTestId("webhook-form")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(headquarters, "unit-webhooks-zh");
        await headquarters.Context.CloseAsync();

        unit = await app.SignInAsync("horqin-cdc");
        await Assertions.Expect(unit.GetByTestId("unread-count")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("[1-9]"));
        await unit.GetByTestId("notification-bell").ClickAsync();
        await Assertions.Expect(unit.GetByTestId("notification-list")).ToContainTextAsync("督办：迅速开展流行病学调查");
        await BrowserFixture.ScreenshotAsync(unit, "notifications-zh");
        await unit.Context.CloseAsync();
    }

    /// <summary>A level IV response in 科尔沁区 through the API: proposed and approved by its headquarters, confirmed by the experts.</summary>
    private async Task EnsureLevelFourInHorqinAsync()
    {
        var hq = await app.SignInAsync("horqin");
        var responses = await hq.APIRequest.GetAsync("/api/responses");
        using (var active = JsonDocument.Parse(await responses.TextAsync()))
        {
            if (active.RootElement.GetProperty("items").EnumerateArray().Any(a => a.GetProperty("region").GetString() == "150502"))
            {
                await hq.Context.CloseAsync();
                return;
            }
        }
        var proposed = await hq.APIRequest.PostAsync("/api/decisions", new() { DataObject = new { region = "150502", kind = "activate", toLevel = "IV", reason = "本地出现确诊病例" } });
        long id;
        string status;
        if (proposed.Status == 409)
        {
            using var open = JsonDocument.Parse(await (await hq.APIRequest.GetAsync("/api/decisions?open=true")).TextAsync());
            var decision = open.RootElement.GetProperty("items").EnumerateArray().First(d => d.GetProperty("region").GetString() == "150502");
            (id, status) = (decision.GetProperty("id").GetInt64(), decision.GetProperty("status").GetString()!);
        }
        else
        {
            Assert.Equal(201, proposed.Status);
            using var created = JsonDocument.Parse(await proposed.TextAsync());
            (id, status) = (created.RootElement.GetProperty("id").GetInt64(), created.RootElement.GetProperty("status").GetString()!);
        }
        if (status == "recommended")
        {
            var expert = await app.SignInAsync("expert");
            Assert.Equal(200, (await expert.APIRequest.PostAsync($"/api/decisions/{id}/confirm", new() { DataObject = new { note = "专家组确认" } })).Status);
            await expert.Context.CloseAsync();
        }
        Assert.Equal(200, (await hq.APIRequest.PostAsync($"/api/decisions/{id}/approve", new() { DataObject = new { note = "同意" } })).Status);
        await hq.Context.CloseAsync();
    }
}
