using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Data.Demo;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
using EpiCommand.Web.Response;
using EpiCommand.Web.Tasks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Web.Tests;

/// <summary>Steps the task and notification tests share: users of their own, and a level IV response approved through the API.</summary>
internal static class TaskSteps
{
    public const string Cdc = "疾病预防控制机构";

    /// <summary>A user who is not one of the demo's.</summary>
    public static async Task AddUserAsync(EpiCommandFactory factory, string name, string role, string region, string? unit = null)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = name, DisplayName = name, RegionCode = region, Unit = unit, LockoutEnabled = true };
        Assert.True((await users.CreateAsync(user, DemoSeeder.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }

    /// <summary>A level IV response put in force in a county (recommended or proposed, confirmed, approved); returns the decision's id.</summary>
    public static async Task<long> ActivateLevelFourAsync(EpiCommandFactory factory, string region, string headquarters) =>
        (await ResponseSteps.ActiveResponseAsync(factory, region, headquarters, "IV")).Id;

    /// <summary>The text of a group-robot message, which must be WeCom/DingTalk's {"msgtype":"text","text":{"content":…}}.</summary>
    public static string RobotText(string body)
    {
        using var json = JsonDocument.Parse(body);
        Assert.Equal("text", json.RootElement.GetProperty("msgtype").GetString());
        return json.RootElement.GetProperty("text").GetProperty("content").GetString()!;
    }

    public static async Task<TaskDto> TaskAsync(HttpClient client, string region, string measure, string unit)
    {
        var tasks = await client.GetListAsync<TaskDto>($"/api/tasks?region={region}&unit={Uri.EscapeDataString(unit)}");
        return tasks!.Single(t => t.MeasureId == measure);
    }
}

/// <summary>Tasks from measures (E1) and their supervision (督办, I4) over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class TasksApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task ApprovedActivationGivesEachResponsibleUnitItsTasksWithThePlansDeadlines()
    {
        var decision = await TaskSteps.ActivateLevelFourAsync(factory, "150502", "horqin");

        var unitUser = await factory.SignedInAsync("horqin-cdc");
        var mine = await unitUser.GetListAsync<TaskDto>($"/api/tasks?unit={Uri.EscapeDataString(TaskSteps.Cdc)}");
        Assert.NotEmpty(mine!);
        Assert.All(mine!, t => Assert.Equal((TaskSteps.Cdc, "150502"), (t.Unit, t.Region)));
        // 001 §5.2.4: the county CDC completes the epidemiological investigation within 24 hours.
        var investigation = Assert.Single(mine!, t => t.MeasureId == "5.2.4");
        Assert.Equal(decision, investigation.DecisionId);
        Assert.Equal("IV", investigation.Level);
        Assert.Equal(TimeSpan.FromHours(24), investigation.DueAt - investigation.CreatedAt);

        var headquarters = await factory.SignedInAsync("horqin");
        var all = await headquarters.GetListAsync<TaskDto>("/api/tasks");
        Assert.Contains(all!, t => t.Unit == "医疗机构");
        Assert.Contains(all!, t => t.Unit == "旗县市区指挥部");
        Assert.All(all!, t => Assert.Equal("150502", t.Region));

        var city = await factory.SignedInAsync("city");
        Assert.Contains((await city.GetListAsync<TaskDto>("/api/tasks?region=150502"))!, t => t.Id == investigation.Id);
        await TaskSteps.AddUserAsync(factory, "kailu-hq", Roles.Headquarters, "150523");
        var otherCounty = await factory.SignedInAsync("kailu-hq");
        Assert.DoesNotContain((await otherCounty.GetListAsync<TaskDto>("/api/tasks"))!, t => t.Region == "150502");
        Assert.Equal(HttpStatusCode.Forbidden, (await otherCounty.GetAsync("/api/tasks?region=150502")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCounty.GetAsync($"/api/tasks/{investigation.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await headquarters.GetAsync("/api/tasks?status=late")).StatusCode);
    }

    [Fact]
    public async Task TasksGroupByMeasureOrUnitWithCountsThatAddUpToTheList()
    {
        await TaskSteps.ActivateLevelFourAsync(factory, "150502", "horqin");
        var headquarters = await factory.SignedInAsync("horqin");
        var all = (await headquarters.GetListAsync<TaskDto>("/api/tasks"))!;

        var byMeasure = (await headquarters.GetFromJsonAsync<List<TaskGroup>>("/api/tasks/groups"))!;
        Assert.Equal(all.Count, byMeasure.Sum(g => g.Total));
        Assert.Equal(all.Select(t => t.MeasureId).Distinct().Order(), byMeasure.Select(g => g.Key).Order());
        var investigation = Assert.Single(byMeasure, g => g.Key == "5.2.4");
        Assert.Equal(all.Count(t => t.MeasureId == "5.2.4"), investigation.Total);
        // A group's tasks are the list filtered by its key.
        var itsTasks = (await headquarters.GetListAsync<TaskDto>("/api/tasks?measure=5.2.4"))!;
        Assert.Equal(investigation.Total, itsTasks.Count);
        Assert.All(itsTasks, t => Assert.Equal("5.2.4", t.MeasureId));

        var byUnit = (await headquarters.GetFromJsonAsync<List<TaskGroup>>("/api/tasks/groups?by=unit"))!;
        Assert.Equal(all.GroupBy(t => t.Unit).ToDictionary(g => g.Key, g => g.Count()), byUnit.ToDictionary(g => g.Key, g => g.Total));
        Assert.Equal(all.Count(t => t.Unit == TaskSteps.Cdc && t.State == "open"),
            (await headquarters.GetFromJsonAsync<List<TaskGroup>>($"/api/tasks/groups?by=unit&status=open"))!.Single(g => g.Key == TaskSteps.Cdc).Counts.Open);

        // The same tasks as the document the office prints: counts, one row per task with its unit and deadline; LibreOffice opens it.
        var document = await headquarters.GetAsync("/api/tasks/tasks.docx");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var docx = await document.Content.ReadAsByteArrayAsync();
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            var body = word.MainDocumentPart!.Document!.Body!;
            Assert.Equal("科尔沁区应急响应任务分解落实情况表", body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().First().InnerText);
            Assert.Contains(body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>(), p => p.InnerText.Contains($"共 {all.Count} 项", StringComparison.Ordinal));
            var rows = body.Descendants<DocumentFormat.OpenXml.Wordprocessing.TableRow>().Skip(1).Select(r => r.Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Select(c => c.InnerText).ToList()).ToList();
            Assert.Equal(all.Count, rows.Count);
            Assert.Contains(rows, r => r[1].StartsWith("迅速开展流行病学调查（§5.2.4", StringComparison.Ordinal) && r[3] == TaskSteps.Cdc && r[2] == "科尔沁区");
        }
        Assert.True((await OfficeConversion.ToPdfAsync(docx, "task-list")).Length > 1000);

        var refused = await headquarters.GetAsync("/api/tasks/groups?by=colour");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("\"by\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HeadquartersGivesTasksWithoutAPlanDeadlineADefaultOneAndNewTasksCarryIt()
    {
        await TaskSteps.ActivateLevelFourAsync(factory, "150502", "horqin");
        var horqin = await factory.SignedInAsync("horqin");
        var undated = (await horqin.GetListAsync<TaskDto>("/api/tasks?region=150502"))!.Where(t => t.DueAt is null && t.State is "open" or "inProgress").ToList();
        Assert.NotEmpty(undated); // the plan gives most measures no hours

        // Refused: not headquarters, hours out of range, a region outside the jurisdiction.
        var cdc = await factory.SignedInAsync("horqin-cdc");
        Assert.Equal(HttpStatusCode.Forbidden, (await cdc.PutAsJsonAsync("/api/tasks/default-deadline", new { region = "150502", hours = 48 })).StatusCode);
        var zero = await horqin.PutAsJsonAsync("/api/tasks/default-deadline", new { region = "150502", hours = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Contains("\"hours\"", await zero.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PutAsJsonAsync("/api/tasks/default-deadline", new { region = "150523", hours = 48 })).StatusCode);

        var before = factory.Clock.GetUtcNow();
        var set = await horqin.PutAsJsonAsync("/api/tasks/default-deadline", new { region = "150502", hours = 48, applyToOpen = true });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(undated.Count, (await set.Content.ReadFromJsonAsync<DefaultDeadlineSet>())!.Applied);
        var after = (await horqin.GetListAsync<TaskDto>("/api/tasks?region=150502"))!;
        Assert.All(after.Where(t => undated.Any(u => u.Id == t.Id)), t => Assert.Equal(before.AddHours(48), t.DueAt));
        Assert.Equal(("150502", 48), await DefaultAsync(horqin, "150502"));

        // The city's default reaches a county that has none of its own, and the tasks its next response creates carry it.
        var city = await factory.SignedInAsync("city");
        Assert.Equal(HttpStatusCode.OK, (await city.PutAsJsonAsync("/api/tasks/default-deadline", new { region = "150500", hours = 72 })).StatusCode);
        Assert.Equal(("150500", 72), await DefaultAsync(city, "150523"));
        Assert.Equal(HttpStatusCode.OK, (await horqin.DeleteAsync("/api/tasks/default-deadline?region=150502")).StatusCode);
        Assert.Equal(("150500", 72), await DefaultAsync(city, "150502")); // the city's applies again
        Assert.Equal(HttpStatusCode.OK, (await horqin.PutAsJsonAsync("/api/tasks/default-deadline", new { region = "150502", hours = 48 })).StatusCode);
        Assert.Equal(("150502", 48), await DefaultAsync(city, "150502"));
        await TaskSteps.AddUserAsync(factory, "kailu-hq-deadline", Roles.Headquarters, "150523");
        await TaskSteps.ActivateLevelFourAsync(factory, "150523", "kailu-hq-deadline");
        var kailu = (await city.GetListAsync<TaskDto>("/api/tasks?region=150523"))!;
        Assert.NotEmpty(kailu);
        Assert.All(kailu, t => Assert.NotNull(t.DueAt));
        Assert.Contains(kailu, t => t.DueAt - t.CreatedAt == TimeSpan.FromHours(72));
        Assert.Equal(TimeSpan.FromHours(24), kailu.Single(t => t.MeasureId == "5.2.4" && t.Unit == TaskSteps.Cdc).DueAt - kailu.Single(t => t.MeasureId == "5.2.4" && t.Unit == TaskSteps.Cdc).CreatedAt);
    }

    private static async Task<(string?, int?)> DefaultAsync(HttpClient client, string region)
    {
        var found = (await client.GetFromJsonAsync<DefaultDeadlineDto>($"/api/tasks/default-deadline?region={region}"))!;
        return (found.From, found.Hours);
    }

    [Fact]
    public async Task UnitReportsProgressWithAFileAndMarksItsTaskDoneWhileOtherUnitsAreRefused()
    {
        await TaskSteps.ActivateLevelFourAsync(factory, "150502", "horqin");
        var unitUser = await factory.SignedInAsync("horqin-cdc");
        var task = await TaskSteps.TaskAsync(unitUser, "150502", "5.2.4", TaskSteps.Cdc);

        var file = "流调报告：3 名密接已判定登记"u8.ToArray();
        using (var form = new MultipartFormDataContent
        {
            { new StringContent("已完成 2 例流调，密接判定中"), "note" },
            { new StringContent("60"), "progress" },
            { new ByteArrayContent(file) { Headers = { ContentType = new("text/plain") } }, "file", "流调报告.txt" },
        })
        {
            var reported = await unitUser.PostAsync($"/api/tasks/{task.Id}/progress", form);
            Assert.True(reported.StatusCode == HttpStatusCode.OK, await reported.Content.ReadAsStringAsync());
            var after = await reported.Content.ReadFromJsonAsync<TaskDto>();
            Assert.Equal(("inProgress", 60), (after!.State, after.Progress));
        }
        var detail = await unitUser.GetFromJsonAsync<TaskDetailDto>($"/api/tasks/{task.Id}");
        var update = Assert.Single(detail!.Updates);
        Assert.Equal(("horqin-cdc", "流调报告.txt", 60), (update.By, update.AttachmentName, update.Progress));
        var download = await unitUser.GetAsync(update.AttachmentUrl);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(file, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);

        using (var big = new MultipartFormDataContent
        {
            { new StringContent("附大文件"), "note" }, { new StringContent("70"), "progress" },
            { new ByteArrayContent(new byte[TaskService.MaxAttachmentBytes + 1]), "file", "big.bin" },
        })
        {
            var refused = await unitUser.PostAsync($"/api/tasks/{task.Id}/progress", big);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("5 MB", (await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors").GetProperty("file")[0].GetString());
        }
        var badProgress = await unitUser.PostAsJsonAsync($"/api/tasks/{task.Id}/progress", new { note = "进度", progress = 120 });
        Assert.Equal(HttpStatusCode.BadRequest, badProgress.StatusCode);
        Assert.True((await badProgress.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors").TryGetProperty("progress", out _));
        var malformed = await unitUser.PostAsync($"/api/tasks/{task.Id}/progress", new StringContent("{note:", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var stale = await unitUser.PostAsJsonAsync($"/api/tasks/{task.Id}/progress", new { note = "旧页面", progress = 65, version = task.Version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        await TaskSteps.AddUserAsync(factory, "horqin-hospital", Roles.Investigator, "150502", "医疗机构");
        foreach (var other in new[] { "horqin-hospital", "cdc", "expert" })
        {
            var client = await factory.SignedInAsync(other);
            var response = await client.PostAsJsonAsync($"/api/tasks/{task.Id}/progress", new { note = "代为填报", progress = 90 });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/tasks/{task.Id}/done", new { note = "代为完成" })).StatusCode);
        }

        var done = await unitUser.PostAsJsonAsync($"/api/tasks/{task.Id}/done", new { note = "流调报告已报送区卫健委和市疾控" });
        Assert.True(done.StatusCode == HttpStatusCode.OK, await done.Content.ReadAsStringAsync());
        var finished = await done.Content.ReadFromJsonAsync<TaskDto>();
        Assert.Equal(("done", 100, "horqin-cdc"), (finished!.State, finished.Progress, finished.DoneBy));
        var again = await unitUser.PostAsJsonAsync($"/api/tasks/{task.Id}/progress", new { note = "补充", progress = 100 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("完成", (await again.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);

        using var db = factory.CreateDbContext();
        var actions = await db.AuditEntries.Where(e => e.SubjectType == "task" && e.SubjectId == task.Id.ToString(CultureInfo.InvariantCulture)).Select(e => new { e.Action, e.Actor }).ToListAsync();
        Assert.Contains(actions, a => a.Action == "task.progress" && a.Actor == "horqin-cdc");
        Assert.Contains(actions, a => a.Action == "task.done" && a.Actor == "horqin-cdc");
    }

    [Fact]
    public async Task ClosedOrCancelledTaskRefusesProgressWithTheReason()
    {
        await TaskSteps.ActivateLevelFourAsync(factory, "150502", "horqin");
        var headquarters = await factory.SignedInAsync("horqin");
        var task = (await headquarters.GetListAsync<TaskDto>("/api/tasks?status=open"))!.First(t => t.Unit != TaskSteps.Cdc);
        using (var db = factory.CreateDbContext())
        {
            await db.Tasks.Where(t => t.Id == task.Id).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.State, TaskState.Cancelled).SetProperty(t => t.ClosedReason, "响应调整为Ⅴ级，本措施不再适用").SetProperty(t => t.Version, t => t.Version + 1));
        }
        var refused = await headquarters.PostAsJsonAsync($"/api/tasks/{task.Id}/progress", new { note = "进展", progress = 10 });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("响应调整为Ⅴ级，本措施不再适用", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail);
        Assert.Equal(HttpStatusCode.Conflict, (await headquarters.PostAsJsonAsync($"/api/tasks/{task.Id}/done", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await headquarters.PostAsJsonAsync($"/api/tasks/{task.Id}/press", new { })).StatusCode);
    }

    [Fact]
    public async Task OverdueTaskLeadsTheBoardAndPressingItNotifiesTheUnitAndItsRobot()
    {
        const string region = "150521";
        await TaskSteps.AddUserAsync(factory, "horqin-left-hq", Roles.Headquarters, region);
        await TaskSteps.ActivateLevelFourAsync(factory, region, "horqin-left-hq");
        var hq = await factory.SignedInAsync("horqin-left-hq");
        var hook = "https://robot.example/hook?key=cdc-" + Guid.NewGuid().ToString("N");
        var configured = await hq.PostAsJsonAsync("/api/unit-webhooks", new { region, unit = TaskSteps.Cdc, url = hook });
        Assert.True(configured.StatusCode == HttpStatusCode.Created, await configured.Content.ReadAsStringAsync());
        var task = await TaskSteps.TaskAsync(hq, region, "5.2.4", TaskSteps.Cdc);
        Assert.False(task.Overdue);

        factory.Clock.Advance(TimeSpan.FromHours(25));
        hq = await factory.SignedInAsync("horqin-left-hq");

        var board = await hq.GetFromJsonAsync<TaskBoardDto>("/api/tasks/board");
        Assert.True(board!.Tasks[0].Overdue);
        Assert.Equal(board.Tasks.OrderBy(t => t.Overdue ? 0 : 1).Select(t => t.Id), board.Tasks.Select(t => t.Id));
        Assert.Contains(board.Tasks, t => t.Id == task.Id && t.Overdue);
        Assert.True(board.Units[0].Counts.Overdue > 0);
        Assert.True(board.Units.Single(u => u.RegionCode == region && u.Unit == TaskSteps.Cdc).Counts.Overdue >= 1);
        Assert.True(board.Measures.Single(m => m.MeasureId == "5.2.4").Counts.Overdue >= 1);
        var overdue = (await hq.GetListAsync<TaskDto>($"/api/tasks?region={region}&status=overdue"))!;
        Assert.Contains(overdue, t => t.Id == task.Id);
        Assert.All(overdue, t => Assert.True(t.Overdue));

        // The watcher announces each newly overdue task once; a run of our own makes sure this one is announced before pressing.
        for (var i = 0; i < 50 && !await AnnouncedAsync(task.Id); i++)
        {
            using var scope = factory.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<TaskService>().AnnounceOverdueAsync(CancellationToken.None);
        }
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<TaskService>().AnnounceOverdueAsync(CancellationToken.None);
        }
        using (var db = factory.CreateDbContext())
        {
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "task.overdue" && e.SubjectId == task.Id.ToString(CultureInfo.InvariantCulture)));
            Assert.Equal(1, await db.Notifications.CountAsync(n => n.RegionCode == region && n.Unit == TaskSteps.Cdc && n.Title == "逾期：" + task.Title));
        }
        Assert.Contains(await ResponseSteps.PostedAsync(factory), c => c.Url == hook && TaskSteps.RobotText(c.Body).StartsWith("【逾期：", StringComparison.Ordinal));

        var expert = await factory.SignedInAsync("expert");
        Assert.Equal(HttpStatusCode.Forbidden, (await expert.PostAsJsonAsync($"/api/tasks/{task.Id}/press", new { note = "催办" })).StatusCode);
        var pressed = await hq.PostAsJsonAsync($"/api/tasks/{task.Id}/press", new { note = "请今日内完成流调并报告" });
        Assert.True(pressed.StatusCode == HttpStatusCode.OK, await pressed.Content.ReadAsStringAsync());
        var after = await pressed.Content.ReadFromJsonAsync<TaskDto>();
        Assert.Equal((1, factory.Clock.GetUtcNow()), (after!.PressCount, after.LastPressedAt!.Value));

        var call = Assert.Single(await ResponseSteps.PostedAsync(factory), c => c.Url == hook && TaskSteps.RobotText(c.Body).StartsWith("【督办：", StringComparison.Ordinal));
        Assert.Contains("请今日内完成流调并报告", TaskSteps.RobotText(call.Body));
        using (var db = factory.CreateDbContext())
        {
            Assert.True(await db.Notifications.AnyAsync(n => n.RegionCode == region && n.Unit == TaskSteps.Cdc && n.Title == "督办：" + task.Title));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "task.pressed" && e.SubjectId == task.Id.ToString(CultureInfo.InvariantCulture) && e.Actor == "horqin-left-hq"));
        }
    }

    [Fact]
    public async Task HeadquartersPressesEveryOverdueTaskOfAUnitAtOnceAndTheUnitIsToldOnce()
    {
        const string region = "150521";
        await TaskSteps.AddUserAsync(factory, "horqin-left-hq", Roles.Headquarters, region);
        await TaskSteps.ActivateLevelFourAsync(factory, region, "horqin-left-hq");
        factory.Clock.Advance(TimeSpan.FromHours(25));
        var hq = await factory.SignedInAsync("horqin-left-hq");
        var board = (await hq.GetFromJsonAsync<TaskBoardDto>("/api/tasks/board"))!;
        var cdc = board.Units.Single(u => u.RegionCode == region && u.Unit == TaskSteps.Cdc);
        Assert.True(cdc.Counts.Overdue >= 1, "the CDC has overdue tasks a day after the activation");

        // Neither a measure nor a unit: refused with the field; not headquarters: forbidden; another county: outside the jurisdiction.
        var unnamed = await hq.PostAsJsonAsync("/api/tasks/press-overdue", new { note = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains("measure", await unnamed.Content.ReadAsStringAsync());
        var expert = await factory.SignedInAsync("expert");
        Assert.Equal(HttpStatusCode.Forbidden, (await expert.PostAsJsonAsync("/api/tasks/press-overdue", new { unit = TaskSteps.Cdc })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await hq.PostAsJsonAsync("/api/tasks/press-overdue", new { unit = TaskSteps.Cdc, region = "150502" })).StatusCode);

        var pressed = await hq.PostAsJsonAsync("/api/tasks/press-overdue", new { unit = TaskSteps.Cdc, region, note = "今日内全部完成" });
        Assert.True(pressed.StatusCode == HttpStatusCode.OK, await pressed.Content.ReadAsStringAsync());
        var result = (await pressed.Content.ReadFromJsonAsync<BulkPress>())!;
        Assert.Equal((cdc.Counts.Overdue, false), (result.Pressed, result.More));

        var after = (await hq.GetFromJsonAsync<TaskBoardDto>("/api/tasks/board"))!;
        Assert.Equal(cdc.Counts.Presses + cdc.Counts.Overdue, after.Units.Single(u => u.RegionCode == region && u.Unit == TaskSteps.Cdc).Counts.Presses);
        // Other units' tasks are untouched.
        Assert.All(after.Units.Where(u => u.Unit != TaskSteps.Cdc), u => Assert.Equal(board.Units.Single(b => b.RegionCode == u.RegionCode && b.Unit == u.Unit).Counts.Presses, u.Counts.Presses));
        using var db = factory.CreateDbContext();
        var notice = Assert.Single(await db.Notifications.Where(n => n.RegionCode == region && n.Unit == TaskSteps.Cdc && n.Title.StartsWith("督办：")).ToListAsync());
        Assert.Equal($"督办：{cdc.Counts.Overdue} 项逾期任务", notice.Title);
        Assert.Contains("今日内全部完成", notice.Body);
        Assert.Equal(cdc.Counts.Overdue, await db.AuditEntries.CountAsync(e => e.Action == "task.pressed" && e.Actor == "horqin-left-hq"));
    }

    [Fact]
    public async Task PagesShowTheUnitsOwnTasksTheBoardAndTheNotifications()
    {
        await TaskSteps.ActivateLevelFourAsync(factory, "150502", "horqin");
        var unitUser = await factory.SignedInAsync("horqin-cdc");
        var list = WebUtility.HtmlDecode(await unitUser.GetStringAsync("/tasks"));
        Assert.Contains("data-testid=\"task-row\"", list);
        Assert.Contains("迅速开展流行病学调查", list);
        Assert.DoesNotContain("data-testid=\"task-row\" data-task-id=\"" + (await TaskSteps.TaskAsync(unitUser, "150502", "5.2.3", "医疗机构")).Id + "\"", list);
        Assert.Contains("新任务", WebUtility.HtmlDecode(await unitUser.GetStringAsync("/notifications")));

        var headquarters = await factory.SignedInAsync("horqin");
        var board = await headquarters.GetStringAsync("/tasks/board");
        Assert.Contains("data-testid=\"board-unit\"", board);
        Assert.Contains("data-testid=\"task-press\"", board);
        Assert.Contains("data-testid=\"webhook-form\"", await headquarters.GetStringAsync("/notifications/webhooks"));
    }

    private async Task<bool> AnnouncedAsync(long taskId)
    {
        using var db = factory.CreateDbContext();
        return await db.AuditEntries.AnyAsync(e => e.Action == "task.overdue" && e.SubjectId == taskId.ToString(CultureInfo.InvariantCulture));
    }
}

public sealed class SqliteTasksApiTests() : TasksApiTests<SqliteFactory>(new());

public sealed class PostgresTasksApiTests() : TasksApiTests<PostgresFactory>(new());
