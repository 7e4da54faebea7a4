using System.Text.Json;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>Mutual aid (001 §5.4.9): 奈曼旗 asks for masks; 科尔沁区 offers from its depot on the page; the city approves it on the page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SupportOfferBrowserTests(BrowserFixture app)
{
    private static async Task<JsonElement> JsonAsync(IAPIResponse response)
    {
        var text = await response.TextAsync();
        Assert.True(response.Ok, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task ACountyOffersMasksToAnotherAndTheCityApprovesIt()
    {
        var naiman = await app.SignInAsync("naiman");
        var n95 = (await JsonAsync(await naiman.APIRequest.GetAsync("/api/supplies/items?q=FH-N95"))).GetProperty("items")[0].GetProperty("id").GetInt32();
        var request = await JsonAsync(await naiman.APIRequest.PostAsync("/api/support", new()
        {
            DataObject = new
            {
                region = "150525", kind = "medicalMaterials", lines = new[] { new { itemId = n95, quantity = 300 } }, neededBy = DateTimeOffset.UtcNow.AddDays(1),
                destination = "奈曼旗医疗物资储备库", reason = "N95口罩储备不足（互助浏览器测试）",
            },
        }));
        var id = request.GetProperty("id").GetInt64();
        var number = request.GetProperty("number").GetString()!;
        await naiman.Context.CloseAsync();

        var horqin = await app.SignInAsync("horqin");
        await horqin.GotoAsync("/support");
        await BrowserFixture.WaitForInteractiveAsync(horqin);
        await Assertions.Expect(horqin.GetByTestId($"need-{id}")).ToContainTextAsync(number, new() { Timeout = 20000 });
        await horqin.GetByTestId($"offer-{id}").ClickAsync();
        var dialog = horqin.GetByTestId("offer-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("N95医用防护口罩", new() { Exact = false }).FillAsync("200");
        await horqin.GetByTestId("offer-save").ClickAsync();
        await Assertions.Expect(horqin.GetByTestId("support-message")).ToContainTextAsync(number, new() { Timeout = 20000 });
        await Assertions.Expect(horqin.GetByTestId("support-mutual-aid")).ToContainTextAsync("待批准");
        await BrowserFixture.ScreenshotAsync(horqin, "support-offer-county-zh");
        await horqin.Context.CloseAsync();

        var city = await app.SignInAsync("city");
        await city.GotoAsync("/support");
        await BrowserFixture.WaitForInteractiveAsync(city);
        var row = city.GetByTestId("support-mutual-aid").Locator("tr", new() { HasText = number });
        await Assertions.Expect(row).ToContainTextAsync("科尔沁区", new() { Timeout = 20000 });
        await row.GetByRole(AriaRole.Button, new() { Name = "批准", Exact = true }).ClickAsync();
        await Assertions.Expect(city.GetByTestId("offer-decision-dialog")).ToBeVisibleAsync();
        await city.GetByTestId("offer-decision-save").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("已批准", new() { Timeout = 20000 });
        await BrowserFixture.ScreenshotAsync(city, "support-offer-city-zh");
        await city.Context.CloseAsync();
    }
}
