using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>
/// The response measures and the coordination work of issue 17 walked as their users walk them, on the demo city: door-to-door
/// screening of a zone until no household is missed (004 §九(一)8, 001 §5.3.4); public places held to what the response in force
/// asks and a checkpoint's daily counts (001 §5.2.11(3), §5.3.3; 004 §九(二)7); a patient transfer refused with the clause of
/// 001 §6 and then allowed; a coordination meeting held, its decision a task, its minutes downloaded as .docx (002 §五(一)); a
/// leader's instruction assigned, carried out by the unit and closed (002 §四). Each also shows one bad input on its field.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FlowsBrowserTests(BrowserFixture app)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public async Task AZoneIsScreenedDoorToDoorUntilNoHouseholdIsMissed()
    {
        var page = await app.SignInAsync("horqin");
        // The zone itself is designated on /zones (ZonesBrowserTests); here it is set up through the API, as the same user.
        var name = $"排查小区{Suffix()}";
        var created = await page.APIRequest.PostAsync("/api/zones", new() { DataObject = new { region = "150502", kind = "controlZone", unitKind = "compound", name, reason = "小区内出现确诊病例" } });
        Assert.Equal(201, created.Status);
        long zone;
        using (var body = JsonDocument.Parse(await created.TextAsync())) zone = body.RootElement.GetProperty("id").GetInt64();

        await page.GotoAsync("/screening");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var coverage = page.GetByTestId($"coverage-{zone}");
        await Assertions.Expect(coverage).ToContainTextAsync("未登记住户");
        await coverage.ClickAsync();
        var panel = page.GetByTestId("screening-zone");
        await Assertions.Expect(panel).ToContainTextAsync(name);

        // A household without its address is refused on the address field.
        await panel.GetByTestId("household-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("screening-error")).ToBeVisibleAsync();
        await Assertions.Expect(Field(panel, "household-address")).ToContainTextAsync("请填写住户地址");
        await BrowserFixture.ScreenshotAsync(page, "flows-screening-error-zh");

        foreach (var (address, residents) in new[] { ("1号楼1单元101", "3"), ("1号楼1单元102", "2") })
        {
            await panel.GetByTestId("household-address").FillAsync(address);
            await panel.GetByTestId("household-residents").FillAsync(residents);
            await panel.GetByTestId("household-add").ClickAsync();
            await Assertions.Expect(panel.GetByTestId("household-list")).ToContainTextAsync(address);
        }
        await Assertions.Expect(page.GetByTestId("screening-error")).ToHaveCountAsync(0);
        await ExpectCoverageAsync(coverage, households: "2", screened: "0", notYet: "2", symptomatic: "0", percent: "0%");

        // 101: visited, no symptoms; it leaves the list of households not yet visited.
        var list = panel.GetByTestId("household-list");
        await list.Locator("tr", new() { HasText = "1号楼1单元101" }).GetByTestId("household-screen").ClickAsync();
        var visit = panel.GetByTestId("household-visit");
        await Assertions.Expect(visit).ToContainTextAsync("1号楼1单元101");
        await visit.GetByTestId("household-screen-save").ClickAsync();
        await Assertions.Expect(visit).ToHaveCountAsync(0);
        await Assertions.Expect(list.Locator("tr", new() { HasText = "1号楼1单元101" })).ToHaveCountAsync(0);
        await ExpectCoverageAsync(coverage, households: "2", screened: "1", notYet: "1", symptomatic: "0", percent: "50%");

        // 102: a fever in the last 14 days; the symptoms must be named.
        await list.Locator("tr", new() { HasText = "1号楼1单元102" }).GetByTestId("household-screen").ClickAsync();
        await Assertions.Expect(visit).ToContainTextAsync("1号楼1单元102");
        await visit.GetByText("近14天有发热、呼吸道或消化道症状").ClickAsync();
        await Assertions.Expect(visit.GetByTestId("household-symptoms")).ToBeVisibleAsync();
        await visit.GetByTestId("household-screen-save").ClickAsync();
        await Assertions.Expect(visit).ToContainTextAsync("请填写症状");
        await visit.GetByTestId("household-symptoms").FillAsync("发热、咳嗽");
        await visit.GetByTestId("household-screen-save").ClickAsync();
        await Assertions.Expect(visit).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "已通知疾控" })).ToBeVisibleAsync();
        await ExpectCoverageAsync(coverage, households: "2", screened: "2", notYet: "0", symptomatic: "1", percent: "100%");
        await Assertions.Expect(panel).ToContainTextAsync("没有符合条件的住户");

        // The symptomatic households of the zone, by the filter.
        await panel.Locator(".mud-chip", new() { HasText = "未排查" }).First.ClickAsync();
        await Assertions.Expect(list.Locator("tbody tr")).ToHaveCountAsync(2);
        await panel.Locator(".mud-chip", new() { HasText = "有症状" }).First.ClickAsync();
        await Assertions.Expect(list.Locator("tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(list.Locator("tbody tr")).ToContainTextAsync("1号楼1单元102");
        await Assertions.Expect(list.Locator("tbody tr")).ToContainTextAsync("发热、咳嗽");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(page, "flows-screening-zh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PlacesAreHeldToTheResponseAndACheckpointReportsItsDay()
    {
        await EnsureLevelFourInHorqinAsync();
        var page = await app.SignInAsync("horqin");
        await page.GotoAsync("/places");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var form = page.GetByTestId("place-form");

        // Registered without a region or a name: both fields say so.
        await form.GetByTestId("place-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("places-error")).ToBeVisibleAsync();
        await Assertions.Expect(Field(form, "place-name")).ToContainTextAsync("请填写场所名称");
        await BrowserFixture.ScreenshotAsync(page, "flows-places-error-zh");

        // A cinema, registered open: the level IV (or higher) response in force in 科尔沁区 asks more of it.
        var cinema = $"科尔沁影城{Suffix()}";
        await PickRegionAsync(page, form.GetByTestId("place-region"));
        await form.GetByTestId("place-name").FillAsync(cinema);
        await BrowserFixture.PickAsync(page, form.GetByTestId("place-kind"), "影院");
        await form.GetByTestId("place-save").ClickAsync();
        var place = page.GetByTestId("place-list").Locator("tr", new() { HasText = cinema });
        await Assertions.Expect(place).ToContainTextAsync("影院");
        await Assertions.Expect(place).ToContainTextAsync("开放");
        await Assertions.Expect(place).ToContainTextAsync("（§5.");
        await Assertions.Expect(place.GetByTestId("place-behind")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("places-error")).ToHaveCountAsync(0);

        // Closed, it complies with any level's rule.
        await place.GetByTestId("place-closed").ClickAsync();
        await Assertions.Expect(place.Locator(".mud-chip").First).ToHaveTextAsync("关闭");
        await Assertions.Expect(place.GetByTestId("place-behind")).ToHaveCountAsync(0);

        // A checkpoint with its staff, then today's counts.
        var checkpoints = page.GetByTestId("checkpoint-form");
        var checkpoint = $"G304通辽西出口卡口{Suffix()}";
        await PickRegionAsync(page, checkpoints.GetByTestId("checkpoint-region"));
        await checkpoints.GetByTestId("checkpoint-name").FillAsync(checkpoint);
        await checkpoints.GetByTestId("checkpoint-location").FillAsync("G304国道通辽西收费站");
        await checkpoints.GetByTestId("checkpoint-staff").FillAsync("6");
        await checkpoints.GetByTestId("checkpoint-save").ClickAsync();
        var row = page.GetByTestId("checkpoint-list").Locator("tr", new() { HasText = checkpoint });
        await Assertions.Expect(row).ToContainTextAsync("G304国道通辽西收费站");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("6");

        await row.GetByTestId("checkpoint-count").ClickAsync();
        var day = page.GetByTestId("checkpoint-day");
        await Assertions.Expect(day).ToContainTextAsync(checkpoint);
        await day.GetByTestId("checkpoint-vehicles").FillAsync("120");
        await day.GetByTestId("checkpoint-people").FillAsync("310");
        await day.GetByTestId("checkpoint-turned-back").FillAsync("4");
        await day.GetByTestId("checkpoint-day-save").ClickAsync();
        await Assertions.Expect(day).ToHaveCountAsync(0);
        var today = DateTimeOffset.UtcNow.ToOffset(China).ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(row).ToContainTextAsync($"{today} 120/310/4");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(page, "flows-places-zh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ATransferThatBreaksTheRulesIsRefusedWithTheClauseAndAnAllowedOneIsRecorded()
    {
        var page = await app.SignInAsync("horqin");
        await page.GotoAsync("/transfers");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var form = page.GetByTestId("transfer-form");

        // Nothing filled in: the record number is asked for on its field.
        await form.GetByTestId("transfer-save").ClickAsync();
        await Assertions.Expect(form.GetByTestId("transfer-error")).ToBeVisibleAsync();
        await Assertions.Expect(Field(form, "transfer-record")).ToContainTextAsync("请填写病历号");
        await Assertions.Expect(Field(form, "transfer-from")).ToContainTextAsync("请填写转出医院");

        var record = $"ZY{Suffix()}";
        await BrowserFixture.PickAsync(page, form.GetByTestId("transfer-from"), "科尔沁区第一人民医院");
        await BrowserFixture.PickAsync(page, form.GetByTestId("transfer-to"), "通辽市传染病医院");
        await form.GetByTestId("transfer-record").FillAsync(record);
        await form.GetByTestId("transfer-reason").FillAsync("病情加重，需转上级医院进一步治疗");
        await form.GetByText("确诊或疑似新冠肺炎患者", new() { Exact = true }).ClickAsync();
        await form.GetByTestId("transfer-save").ClickAsync();
        // Untested, without the hospital's consent, unescorted and a suspected case without the sending area's consent: refused, each named.
        var error = form.GetByTestId("transfer-error");
        await Assertions.Expect(error).ToContainTextAsync("不予转院（001 §6）");
        await Assertions.Expect(error).ToContainTextAsync("不准未经核酸检测及CT检查的患者转院");
        await Assertions.Expect(error).ToContainTextAsync("未经转出地卫生健康部门及社会管控部门同意");
        await Assertions.Expect(page.GetByTestId("transfer-list")).Not.ToContainTextAsync(record);
        await BrowserFixture.ScreenshotAsync(page, "flows-transfer-refused-zh");

        // Tested, consented, escorted, and the sending area agreed: recorded.
        foreach (var answer in new[] { "已做核酸检测", "已做CT检查", "经医务科及分管院长或院长同意", "有专人引导", "经转出地卫生健康部门及社会管控部门同意" })
        {
            await form.GetByText(answer, new() { Exact = true }).ClickAsync();
        }
        await form.GetByTestId("transfer-save").ClickAsync();
        var row = page.GetByTestId("transfer-list").Locator("tr", new() { HasText = record });
        await Assertions.Expect(row).ToContainTextAsync("科尔沁区第一人民医院");
        await Assertions.Expect(row).ToContainTextAsync("通辽市传染病医院");
        await Assertions.Expect(row).ToContainTextAsync("确诊/疑似，经转出地同意");
        await Assertions.Expect(form.GetByTestId("transfer-error")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "核对通过" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(page, "flows-transfers-zh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AMeetingIsHeldItsDecisionBecomesATaskAndItsMinutesDownloadAsWord()
    {
        var page = await app.SignInAsync("city");
        await page.GotoAsync("/meetings");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var form = page.GetByTestId("meeting-form");

        // Called without a topic: the topic field says so.
        await form.GetByTestId("meeting-call").ClickAsync();
        await Assertions.Expect(form.GetByTestId("meeting-error")).ToBeVisibleAsync();
        await Assertions.Expect(Field(form, "meeting-topic")).ToContainTextAsync("请写明会议议题");
        await Assertions.Expect(Field(form, "meeting-place")).ToContainTextAsync("请写明会议地点");
        await BrowserFixture.ScreenshotAsync(page, "flows-meeting-error-zh");

        var topic = $"科尔沁区聚集性疫情处置协调会（{Suffix()}）";
        var now = DateTimeOffset.UtcNow;
        await form.GetByTestId("meeting-topic").FillAsync(topic);
        await BrowserFixture.PickAsync(page, form.GetByTestId("meeting-called-by"), "市指挥部办公室");
        // Held two hours ago, so that its minutes may be recorded now.
        await BrowserFixture.FillChinaTimeAsync(form.GetByTestId("meeting-starts"), now.AddHours(-2));
        await form.GetByTestId("meeting-place").FillAsync("市指挥部三楼会议室");
        await BrowserFixture.PickManyAsync(page, form.GetByTestId("meeting-units"), "疾病预防控制机构", "市公安局");
        await form.GetByTestId("meeting-call").ClickAsync();
        var row = page.GetByTestId("meeting-table").Locator("tr", new() { HasText = topic });
        await Assertions.Expect(row.GetByTestId("meeting-state")).ToHaveTextAsync("待召开");
        await Assertions.Expect(form.GetByTestId("meeting-error")).ToHaveCountAsync(0);

        // Held: the minutes and one decision, which becomes a task of the CDC.
        await row.GetByTestId("meeting-open").ClickAsync();
        var detail = page.GetByTestId("meeting-detail");
        await Assertions.Expect(detail).ToContainTextAsync(topic);
        await detail.GetByTestId("meeting-minutes").FillAsync("会议通报了科尔沁区聚集性疫情的流调进展，研究部署了密接人员管控和核酸检测工作。");
        const string decision = "对科尔沁区全部密接人员开展第二轮核酸检测";
        await detail.GetByTestId("decision-text").FillAsync(decision);
        await BrowserFixture.PickAsync(page, detail.GetByTestId("decision-unit"), "疾病预防控制机构");
        await BrowserFixture.FillChinaTimeAsync(detail.GetByTestId("decision-due"), now.AddDays(2));
        await detail.GetByTestId("meeting-record").ClickAsync();
        var item = detail.GetByTestId("meeting-decision");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item).ToContainTextAsync(decision);
        await Assertions.Expect(item).ToContainTextAsync("疾病预防控制机构");
        await Assertions.Expect(item.Locator("td").Nth(4)).ToHaveTextAsync(new Regex(@"^#\d+ · 0%$"));
        await Assertions.Expect(row.GetByTestId("meeting-state")).ToHaveTextAsync("已召开");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(page, "flows-meeting-zh");

        // The 会议纪要 as Word: the topic, the minutes and the decision with its unit.
        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByTestId("meeting-docx").ClickAsync());
        Assert.Matches(@"^meeting-\d+\.docx$", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"flows-{Guid.NewGuid():N}.docx");
        await download.SaveAsAsync(file);
        try
        {
            using var zip = ZipFile.OpenRead(file);
            using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
            var text = Regex.Replace(await reader.ReadToEndAsync(), "<[^>]+>", "");
            Assert.Contains("协调会议纪要", text);
            Assert.Contains(topic, text);
            Assert.Contains("研究部署了密接人员管控和核酸检测工作", text);
            Assert.Contains($"（1）{decision}。责任单位：疾病预防控制机构", text);
        }
        finally
        {
            File.Delete(file);
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ALeadersInstructionIsCarriedOutByTheUnitAndTheLoopCloses()
    {
        var city = await app.SignInAsync("city");
        await city.GotoAsync("/instructions");
        await BrowserFixture.WaitForInteractiveAsync(city);
        var form = city.GetByTestId("instruction-form");

        // Recorded without its text: the text field says so.
        await BrowserFixture.PickAsync(city, form.GetByTestId("instruction-leader"), "孙立军");
        await form.GetByTestId("instruction-record").ClickAsync();
        await Assertions.Expect(form.GetByTestId("instruction-error")).ToBeVisibleAsync();
        await Assertions.Expect(Field(form, "instruction-text")).ToContainTextAsync("请填写批示内容");
        await BrowserFixture.ScreenshotAsync(city, "flows-instruction-error-zh");

        var mark = Suffix();
        var requirement = $"今日内完成科尔沁区密接人员核酸复检并报告结果（{mark}）";
        await form.GetByTestId("instruction-text").FillAsync($"请市疾控中心{requirement}");
        await BrowserFixture.PickAsync(city, form.GetByTestId("instruction-unit"), "疾病预防控制机构");
        var due = DateTimeOffset.UtcNow.AddDays(1).ToOffset(China).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await form.GetByTestId("instruction-due").FillAsync(due);
        await form.GetByTestId("instruction-record").ClickAsync();
        var detail = city.GetByTestId("instruction-detail");
        await Assertions.Expect(detail).ToContainTextAsync(requirement);
        await Assertions.Expect(detail).ToContainTextAsync("已办结 0 / 1 个单位");
        await Assertions.Expect(detail.GetByTestId("instruction-assignment")).ToContainTextAsync("疾病预防控制机构");
        await Assertions.Expect(form.GetByTestId("instruction-error")).ToHaveCountAsync(0);
        var row = city.GetByTestId("instruction-table").Locator("tr", new() { HasText = mark });
        await Assertions.Expect(row.GetByTestId("instruction-state")).ToHaveTextAsync("办理中");
        await BrowserFixture.ScreenshotAsync(city, "flows-instruction-zh");
        await city.Context.CloseAsync();

        // The city's CDC reports progress, then completes its task.
        var unit = await app.SignInAsync("cdc");
        await unit.GotoAsync("/tasks");
        await BrowserFixture.WaitForInteractiveAsync(unit);
        var task = unit.GetByTestId("task-row").Filter(new() { HasText = mark });
        await Assertions.Expect(task).ToHaveCountAsync(1);
        await task.GetByTestId("task-progress").ClickAsync();
        var dialog = unit.GetByTestId("task-dialog");
        await dialog.GetByLabel("进展说明").FillAsync("已完成复检采样，正在检测");
        await dialog.GetByLabel("进度（%）").FillAsync("50");
        await unit.GetByTestId("task-save").ClickAsync();
        await Assertions.Expect(task).ToContainTextAsync("50%");
        await Assertions.Expect(task).ToContainTextAsync("进行中");
        await task.GetByTestId("task-done").ClickAsync();
        await dialog.GetByLabel("完成情况（可选）").FillAsync("复检全部完成，结果均为阴性，已报市指挥部");
        await unit.GetByTestId("task-save").ClickAsync();
        await Assertions.Expect(task).ToContainTextAsync("已完成");
        await BrowserFixture.ScreenshotAsync(unit, "flows-instruction-task-zh");
        await unit.Context.CloseAsync();

        // The leader's office sees the loop closed.
        city = await app.SignInAsync("city");
        await city.GotoAsync("/instructions");
        await BrowserFixture.WaitForInteractiveAsync(city);
        row = city.GetByTestId("instruction-table").Locator("tr", new() { HasText = mark });
        await Assertions.Expect(row.GetByTestId("instruction-state")).ToHaveTextAsync("已闭环");
        await row.GetByTestId("instruction-open").ClickAsync();
        detail = city.GetByTestId("instruction-detail");
        await Assertions.Expect(detail).ToContainTextAsync("已办结 1 / 1 个单位");
        await Assertions.Expect(detail).ToContainTextAsync("闭环");
        await Assertions.Expect(detail.GetByTestId("instruction-assignment")).ToContainTextAsync("复检全部完成");
        await Assertions.Expect(city.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(city, "flows-instruction-closed-zh");
        await city.Context.CloseAsync();
    }

    [Fact]
    public async Task AShelterSitesMovementHistoryOpensPagedBelowTheList()
    {
        var page = await app.SignInAsync("city");
        await page.GotoAsync("/shelters");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var site = page.GetByTestId("shelter-list").Locator("tr", new() { HasText = "科尔沁区体育馆方舱医院" });
        await site.GetByTestId("shelter-history-open").ClickAsync();
        var history = page.GetByTestId("shelter-history");
        await Assertions.Expect(history).ToContainTextAsync("科尔沁区体育馆方舱医院");
        // The demo site in reserve has admitted nobody: the history says so, with its pager.
        await Assertions.Expect(history).ToContainTextAsync("尚无收治出舱记录");
        await Assertions.Expect(history.Locator("tbody tr")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(page, "flows-shelter-history-zh");
        await page.Context.CloseAsync();
    }

    /// <summary>A form field around the input with this data-testid, with its label and its error (the innermost MudBlazor input control).</summary>
    private static ILocator Field(ILocator scope, string testId) => scope.Locator(".mud-input-control", new() { Has = scope.Page.GetByTestId(testId) }).Last;

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];


    /// <summary>A county user names the region in the picker too: typed, then picked from what the server finds.</summary>
    private static async Task PickRegionAsync(IPage page, ILocator picker)
    {
        await picker.FillAsync("科尔沁区");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "科尔沁区（150502）" }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Assertions.Expect(picker).ToHaveValueAsync("科尔沁区（150502）");
    }

    /// <summary>The zone's coverage row: households, screened, not yet, symptomatic, coverage (columns 4–8).</summary>
    private static async Task ExpectCoverageAsync(ILocator row, string households, string screened, string notYet, string symptomatic, string percent)
    {
        var cells = row.Locator("td");
        await Assertions.Expect(cells.Nth(3)).ToHaveTextAsync(households);
        await Assertions.Expect(cells.Nth(4)).ToHaveTextAsync(screened);
        await Assertions.Expect(cells.Nth(5)).ToHaveTextAsync(notYet);
        await Assertions.Expect(cells.Nth(6)).ToHaveTextAsync(symptomatic);
        await Assertions.Expect(cells.Nth(7)).ToHaveTextAsync(percent);
    }

    /// <summary>A level IV response in 科尔沁区 through the API (as TasksBrowserTests): proposed and approved by its headquarters, confirmed by the experts.</summary>
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
