using System.Text.Json;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>
/// Unexplained pneumonia followed to its conclusion on /monitoring (001 §5.1.4 监测、分析和预警; 004 §七(三)): a report of the county
/// is closed by its headquarters with its outcome, after a missing outcome and a confirmed case without its case id are shown on
/// their fields.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MonitoringBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task AnUnexplainedPneumoniaIsClosedWithItsOutcome()
    {
        var page = await app.SignInAsync("horqin");
        int hospital;
        using (var hospitals = JsonDocument.Parse(await (await page.APIRequest.GetAsync("/api/readiness/hospitals")).TextAsync()))
        {
            hospital = hospitals.RootElement.GetProperty("items")[0].GetProperty("id").GetInt32();
        }
        var record = $"BM{Guid.NewGuid().ToString("N")[..6]}";
        var onset = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var created = await page.APIRequest.PostAsync("/api/pneumonia", new() { DataObject = new { hospital, patientRecord = record, onset, findings = "发热、咳嗽，CT示双肺磨玻璃影" } });
        Assert.Equal(201, created.Status);

        await page.GotoAsync("/monitoring");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var row = page.GetByTestId("pneumonia-list").Locator("tr", new() { HasText = record });
        await Assertions.Expect(row.GetByTestId("pneumonia-status")).ToContainTextAsync("调查中");
        await row.GetByTestId("pneumonia-close").ClickAsync();
        var form = page.GetByTestId("pneumonia-close-form");
        await Assertions.Expect(form).ToContainTextAsync(record);

        // No outcome: asked for on its field.
        await form.GetByTestId("pneumonia-close-save").ClickAsync();
        await Assertions.Expect(Field(form, "pneumonia-outcome")).ToContainTextAsync("请填写结案结论");

        // A confirmed case names its case id.
        await PickAsync(page, form.GetByTestId("pneumonia-outcome"), "确诊新冠病例");
        await form.GetByTestId("pneumonia-close-save").ClickAsync();
        await Assertions.Expect(Field(form, "pneumonia-case")).ToContainTextAsync("请填写病例编号");
        await BrowserFixture.ScreenshotAsync(page, "monitoring-pneumonia-close-error-zh");

        await PickAsync(page, form.GetByTestId("pneumonia-outcome"), "排除新冠");
        await form.GetByTestId("pneumonia-diagnosis").FillAsync("核酸两次阴性，考虑细菌性肺炎");
        await form.GetByTestId("pneumonia-close-save").ClickAsync();
        // Saved and the list read again (slow on a loaded machine): the row shows the outcome, the form is gone, no error.
        var status = row.GetByTestId("pneumonia-status");
        await Assertions.Expect(status).ToContainTextAsync("排除新冠", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("monitoring-error")).ToHaveCountAsync(0);
        await Assertions.Expect(form).ToHaveCountAsync(0);
        await Assertions.Expect(status).ToContainTextAsync("horqin");
        await Assertions.Expect(row.GetByTestId("pneumonia-close")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "已结案" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(page, "monitoring-pneumonia-closed-zh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnUnexplainedPneumoniaIsReportedWithItsOnsetDayInTheAppsFormat()
    {
        var page = await app.SignInAsync("horqin");
        string hospital;
        using (var hospitals = JsonDocument.Parse(await (await page.APIRequest.GetAsync("/api/readiness/hospitals")).TextAsync()))
        {
            hospital = hospitals.RootElement.GetProperty("items")[0].GetProperty("name").GetString()!;
        }
        await page.GotoAsync("/monitoring");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var form = page.GetByTestId("pneumonia-form");
        // A picker in the app's yyyy-MM-dd, not the browser's date input (mm/dd/yyyy in an English locale).
        var onset = form.Locator(".mud-input-control", new() { HasText = "发病日期" }).Locator("input").First;
        Assert.NotEqual("date", await onset.GetAttributeAsync("type"));

        var record = $"BO{Guid.NewGuid().ToString("N")[..6]}";
        var day = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(-3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await BrowserFixture.PickAsync(page, form.GetByTestId("pneumonia-hospital"), hospital);
        await form.GetByTestId("pneumonia-record").FillAsync(record);
        await onset.FillAsync(day);
        await onset.PressAsync("Tab");
        await Assertions.Expect(onset).ToHaveValueAsync(day);
        await form.GetByTestId("pneumonia-findings").FillAsync("发热、咳嗽，CT示双肺磨玻璃影");
        await form.GetByTestId("pneumonia-save").ClickAsync();

        var row = page.GetByTestId("pneumonia-list").Locator("tr", new() { HasText = record });
        await Assertions.Expect(row).ToContainTextAsync(day, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("An unhandled error has occurred");
        await BrowserFixture.ScreenshotAsync(page, "monitoring-pneumonia-onset-zh");
        await page.Context.CloseAsync();
    }

    /// <summary>A form field around the input with this data-testid, with its label and its error (the innermost MudBlazor input control).</summary>
    private static ILocator Field(ILocator scope, string testId) => scope.Locator(".mud-input-control", new() { Has = scope.Page.GetByTestId(testId) }).Last;

    /// <summary>Opens a MudSelect (its data-testid is on the input), picks an item, and waits until the select shows it.</summary>
    private static async Task PickAsync(IPage page, ILocator select, string item)
    {
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = item }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Assertions.Expect(select).ToHaveValueAsync(item);
    }
}
