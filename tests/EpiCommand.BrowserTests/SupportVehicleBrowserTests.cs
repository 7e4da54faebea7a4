using System.Text.Json;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>A demo city of its own: the test registers a vehicle, which couples every later allocation there.</summary>
public sealed class SupportVehicleFixture : BrowserFixture;

/// <summary>
/// Vehicles couple the allocation (issue 16 §4; 000 §三(五)2): the city registers a vehicle for its medical reserve on the page; the
/// proposal for 奈曼旗's masks is the MIP's, with its status, gap and the vehicle's trips; approved, the dispatch travels in it.
/// </summary>
public sealed class SupportVehicleBrowserTests(SupportVehicleFixture app) : IClassFixture<SupportVehicleFixture>
{
    private const string City = "150500";

    [Fact]
    public async Task TheCityRegistersAVehicleAndTheProposalPlansItsTrips()
    {
        var city = await app.SignInAsync("city");
        var expert = await app.SignInAsync("expert");
        var decision = await JsonAsync(await city.APIRequest.PostAsync("/api/decisions", new() { DataObject = new { region = City, kind = "activate", toLevel = "III", reason = "跨旗县传播链，有进一步扩散趋势（§1.5.2.3）" } }));
        var decisionId = decision.GetProperty("id").GetInt64();
        await JsonAsync(await expert.APIRequest.PostAsync($"/api/decisions/{decisionId}/confirm", new() { DataObject = new { note = "同意" } }));
        await JsonAsync(await city.APIRequest.PostAsync($"/api/decisions/{decisionId}/approve", new() { DataObject = new { note = "同意" } }));
        await expert.Context.CloseAsync();
        var n95 = (await JsonAsync(await city.APIRequest.GetAsync("/api/supplies/items?q=FH-N95"))).GetProperty("items")[0].GetProperty("id").GetInt32();
        var naiman = await app.SignInAsync("naiman");
        var request = await JsonAsync(await naiman.APIRequest.PostAsync("/api/support", new()
        {
            DataObject = new
            {
                region = "150525", kind = "medicalMaterials", lines = new[] { new { itemId = n95, quantity = 1500 } }, neededBy = DateTimeOffset.UtcNow.AddDays(1),
                destination = "奈曼旗医疗物资储备库", reason = "N95口罩储备不足（运力浏览器测试）",
            },
        }));
        await naiman.Context.CloseAsync();
        var id = request.GetProperty("id").GetInt64();
        var number = request.GetProperty("number").GetString()!;
        await JsonAsync(await city.APIRequest.PostAsync($"/api/support/{id}/decision", new() { DataObject = new { decision = "accept" } }));

        await city.GotoAsync("/support");
        await BrowserFixture.WaitForInteractiveAsync(city);
        var vehicles = city.GetByTestId("vehicles");
        await BrowserFixture.PickAsync(city, city.GetByTestId("vehicle-depot"), "通辽市医疗物资储备库");
        await vehicles.GetByLabel("车牌号").FillAsync("蒙G·D1234");
        await vehicles.GetByLabel("每趟运力（升）").FillAsync("1000");
        await vehicles.GetByLabel("每日趟数").FillAsync("2");
        await vehicles.GetByLabel("驾驶员").FillAsync("李师傅");
        await city.GetByTestId("vehicle-add").ClickAsync();
        await Assertions.Expect(vehicles.GetByTestId("vehicle-row")).ToContainTextAsync("蒙G·D1234", new() { Timeout = 20000 });

        await city.GetByTestId("support-allocation").ClickAsync();
        var proposal = city.GetByTestId("support-proposal");
        await Assertions.Expect(proposal).ToContainTextAsync("混合整数规划", new() { Timeout = 20000 });
        await Assertions.Expect(proposal.GetByTestId("proposal-solver")).ToContainTextAsync("相对间隙");
        await Assertions.Expect(proposal.GetByTestId("proposal-trip").First).ToContainTextAsync("蒙G·D1234");
        await BrowserFixture.ScreenshotAsync(city, "support-vehicles-allocation");
        await city.GetByTestId("proposal-approve").ClickAsync();
        await city.Locator(".mud-message-box, .mud-dialog:has(.mud-message-box)").Last.GetByRole(AriaRole.Button, new() { Name = "批准并调派", Exact = true }).ClickAsync();
        await Assertions.Expect(city.GetByTestId("support-list").Locator("tr", new() { HasText = number })).ToContainTextAsync("已调派", new() { Timeout = 20000 });
        var dispatched = await JsonAsync(await city.APIRequest.GetAsync($"/api/support/{id}"));
        Assert.Contains("蒙G·D1234", dispatched.GetProperty("transport").GetProperty("vehicle").GetString());
        await city.Context.CloseAsync();
    }

    private static async Task<JsonElement> JsonAsync(IAPIResponse response)
    {
        Assert.True(response.Ok, $"{response.Url}: {response.Status} {await response.TextAsync()}");
        return (await response.JsonAsync())!.Value;
    }
}
