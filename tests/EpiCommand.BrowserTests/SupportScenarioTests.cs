using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>The demo city of its own: the scenario below puts the city's response in force and moves the reserves.</summary>
public sealed class SupportScenarioFixture : BrowserFixture;

/// <summary>
/// Issue 16's "done means", in the browser: 奈曼旗 asks for 2,000 N95 masks and a mobile PCR lab → 物资保障组 and 医疗防控组
/// receive them → the allocation proposal splits the masks across two depots → approved → dispatched → received, the stock
/// moved exactly; the lab the city cannot send goes to the region, which answers it.
/// </summary>
public sealed class SupportScenarioTests(SupportScenarioFixture app) : IClassFixture<SupportScenarioFixture>
{
    private const string City = "150500";

    [Fact]
    public async Task NaimanAsksForMasksAndALabTheMasksComeFromTwoDepotsAndTheLabGoesToTheRegion()
    {
        // As the headquarters left things: the city's response at III (000 §三(四)2 lets the city's reserves go to the counties at
        // III and IV), and the city's medical reserve already sent out but for 1,000 N95 masks.
        var city = await app.SignInAsync("city");
        var expert = await app.SignInAsync("expert");
        var decision = await JsonAsync(await city.APIRequest.PostAsync("/api/decisions", new() { DataObject = new { region = City, kind = "activate", toLevel = "III", reason = "跨旗县传播链，有进一步扩散趋势（§1.5.2.3）" } }));
        var decisionId = decision.GetProperty("id").GetInt64();
        await JsonAsync(await expert.APIRequest.PostAsync($"/api/decisions/{decisionId}/confirm", new() { DataObject = new { note = "同意" } }));
        await JsonAsync(await city.APIRequest.PostAsync($"/api/decisions/{decisionId}/approve", new() { DataObject = new { note = "同意" } }));
        await expert.Context.CloseAsync();
        var n95 = (await JsonAsync(await city.APIRequest.GetAsync("/api/supplies/items?q=FH-N95"))).GetProperty("items")[0].GetProperty("id").GetInt32();
        var stock = await StockAsync(city, n95);
        var cityDepot = stock.Single(s => s.Depot == "通辽市医疗物资储备库");
        await JsonAsync(await city.APIRequest.PostAsync("/api/supplies/movements", new()
        {
            DataObject = new { kind = "issue", depotId = cityDepot.DepotId, itemId = n95, quantity = cityDepot.OnHand - 1000, reason = "发往定点医院和发热门诊" },
        }));
        var naimanBefore = stock.Single(s => s.Depot == "奈曼旗医疗物资储备库").OnHand;

        // 奈曼旗 asks: the masks go to 物资保障组, the lab to 医疗防控组 (the plan's routes).
        var naiman = await app.SignInAsync("naiman");
        await naiman.GotoAsync("/support");
        await BrowserFixture.WaitForInteractiveAsync(naiman);
        var masks = await AskAsync(naiman, "医疗防控物资", "物资保障组", async dialog =>
        {
            await BrowserFixture.PickAsync(naiman, naiman.GetByTestId("new-item-0"), "N95医用防护口罩");
            await dialog.GetByTestId("new-quantity-0").FillAsync("2000");
        });
        var lab = await AskAsync(naiman, "移动核酸检测实验室", "医疗防控组", dialog => dialog.GetByLabel("数量（人、队或车次）").FillAsync("1"));
        await BrowserFixture.ScreenshotAsync(naiman, "support-scenario-county");

        // The city's groups accept the masks and decline the lab (the city's one mobile lab is out), which goes to the region.
        await city.GotoAsync("/support");
        await BrowserFixture.WaitForInteractiveAsync(city);
        await ActAsync(city, Row(city, masks), "答复", null, null);
        await Assertions.Expect(Row(city, masks)).ToContainTextAsync("已同意", new() { Timeout = 20000 });
        await ActAsync(city, Row(city, lab), "答复", "不予支援", "市级移动核酸检测实验室已派往开鲁县");
        await Assertions.Expect(Row(city, lab)).ToContainTextAsync("不予支援", new() { Timeout = 20000 });
        await ActAsync(city, Row(city, lab), "上报自治区", null, "请自治区调派移动核酸检测实验室一台");
        await Assertions.Expect(Row(city, lab)).ToContainTextAsync("已上报自治区", new() { Timeout = 20000 });

        // The allocation: 1,000 from the city's reserve, the rest from another county's depot (the requesting county's own never).
        await city.GetByTestId("support-allocation").ClickAsync();
        var proposal = city.GetByTestId("support-proposal");
        await Assertions.Expect(proposal.GetByTestId("proposal-row")).ToHaveCountAsync(2, new() { Timeout = 20000 });
        await Assertions.Expect(proposal.GetByTestId("proposal-row").Filter(new() { HasText = "通辽市医疗物资储备库" })).ToContainTextAsync("1,000");
        await Assertions.Expect(proposal.GetByTestId("proposal-row").Filter(new() { HasText = "奈曼旗" }).Filter(new() { HasText = "奈曼旗医疗物资储备库" })).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(city, "support-scenario-allocation");
        await city.GetByTestId("proposal-approve").ClickAsync();
        await city.Locator(".mud-message-box, .mud-dialog:has(.mud-message-box)").Last.GetByRole(AriaRole.Button, new() { Name = "批准并调派", Exact = true }).ClickAsync();
        await Assertions.Expect(Row(city, masks)).ToContainTextAsync("已调派", new() { Timeout = 20000 });

        // 奈曼旗 confirms receipt into its depot.
        await naiman.GotoAsync("/support");
        await BrowserFixture.WaitForInteractiveAsync(naiman);
        await Row(naiman, masks).GetByRole(AriaRole.Button, new() { Name = "确认接收" }).ClickAsync();
        await Assertions.Expect(naiman.GetByTestId("support-action-dialog")).ToBeVisibleAsync();
        await BrowserFixture.PickAsync(naiman, naiman.GetByTestId("receive-depot"), "奈曼旗医疗物资储备库");
        await ConfirmAsync(naiman);
        await Assertions.Expect(Row(naiman, masks)).ToContainTextAsync("已接收", new() { Timeout = 20000 });

        // The stock moved exactly: 2,000 out of two depots, 2,000 into 奈曼旗's.
        var after = await StockAsync(city, n95);
        Assert.Equal(naimanBefore + 2000, after.Single(s => s.Depot == "奈曼旗医疗物资储备库").OnHand);
        Assert.Equal(0, after.Single(s => s.Depot == "通辽市医疗物资储备库").OnHand);
        var before = stock.ToDictionary(s => s.Depot, s => s.OnHand);
        before["通辽市医疗物资储备库"] = 1000;
        var moved = after.Where(s => s.Depot != "奈曼旗医疗物资储备库").Select(s => before[s.Depot] - s.OnHand).Where(d => d != 0).ToList();
        Assert.Equal(2, moved.Count);
        Assert.Equal(2000, moved.Sum());

        // The region sees the lab the city could not send and answers it on the same record.
        var region = await app.SignInAsync("region");
        await region.GotoAsync("/support");
        await BrowserFixture.WaitForInteractiveAsync(region);
        await ActAsync(region, Row(region, lab), "自治区答复", null, "自治区移动核酸检测实验室明日抵达奈曼旗");
        await Row(region, lab).GetByRole(AriaRole.Button, new() { Name = "详情" }).ClickAsync();
        await Assertions.Expect(region.GetByTestId("support-region-answer")).ToContainTextAsync("同意", new() { Timeout = 20000 });
        await BrowserFixture.ScreenshotAsync(region, "support-scenario-region");
        foreach (var page in new[] { city, naiman, region }) await page.Context.CloseAsync();
    }

    private static ILocator Row(IPage page, string number) => page.GetByTestId("support-list").Locator("tr", new() { HasText = number });

    /// <summary>Asks through the new-request dialog; returns the request's number from the message, which names the group.</summary>
    private static async Task<string> AskAsync(IPage page, string kind, string group, Func<ILocator, Task> fill)
    {
        var dialog = page.GetByTestId("support-new-dialog");
        await page.GetByTestId("support-new").ClickAsync();
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await BrowserFixture.PickAsync(page, page.GetByTestId("new-kind"), kind);
        await fill(dialog);
        await dialog.GetByLabel("送达地点").FillAsync("奈曼旗疾控中心");
        await dialog.GetByLabel("申请理由").FillAsync("本地储备和检测能力不足，无法满足疫情处置需要");
        await page.GetByTestId("new-save").ClickAsync();
        var message = page.GetByTestId("support-message");
        await Assertions.Expect(message).ToContainTextAsync(group, new() { Timeout = 20000 });
        var number = Regex.Match(await message.InnerTextAsync(), @"已提交\s*(ZY-\d+)").Groups[1].Value;
        Assert.NotEmpty(number);
        await Assertions.Expect(page.GetByTestId("support-list")).ToContainTextAsync(number);
        return number;
    }

    /// <summary>Opens a row's action, picks the answer when given, writes the note, saves and confirms the message box.</summary>
    private static async Task ActAsync(IPage page, ILocator row, string button, string? answer, string? note)
    {
        await row.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        var dialog = page.GetByTestId("support-action-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        if (answer is not null)
        {
            await BrowserFixture.PickAsync(page, page.GetByTestId("action-decision"), answer);
        }
        if (note is not null) await page.GetByTestId("action-note").FillAsync(note);
        await ConfirmAsync(page);
    }

    private static async Task ConfirmAsync(IPage page)
    {
        await page.GetByTestId("action-save").ClickAsync();
        var box = page.Locator(".mud-message-box, .mud-dialog:has(.mud-message-box)");
        await Assertions.Expect(box.First).ToBeVisibleAsync();
        await box.Last.GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
    }

    private static async Task<JsonElement> JsonAsync(IAPIResponse response)
    {
        Assert.True(response.Ok, $"{response.Url}: {response.Status} {await response.TextAsync()}");
        return (await response.JsonAsync())!.Value;
    }

    private sealed record Held(string Depot, int DepotId, int OnHand);

    /// <summary>The item's stock in every depot of the city (one page: the demo has six depots).</summary>
    private static async Task<List<Held>> StockAsync(IPage page, int item)
    {
        var rows = (await JsonAsync(await page.APIRequest.GetAsync($"/api/supplies/stock?item={item}&limit=200"))).GetProperty("items").EnumerateArray();
        return [.. rows.Select(r => new Held(r.GetProperty("depotName").GetString()!, r.GetProperty("depotId").GetInt32(), r.GetProperty("onHand").GetInt32()))];
    }
}
