using System.Globalization;
using EpiCommand.Domain.People;
using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ContactsBrowserTests(BrowserFixture app)
{
    private const string Community = "150502004001";

    [Fact]
    public async Task MissedChecksAndFeverAreFlaggedAndTheContactBecomesASuspectedCaseInOneStep()
    {
        var id = await SeedContactRegisteredTwoDaysAgoAsync("王建华");
        var page = await app.SignInAsync("horqin");
        await page.GotoAsync("/contacts");
        await BrowserFixture.WaitForInteractiveAsync(page);

        var alert = page.GetByTestId($"alert-{id}");
        await Assertions.Expect(alert).ToContainTextAsync("漏检");
        await Assertions.Expect(ContactRow(page, id)).ToContainTextAsync("预警");

        await alert.GetByRole(AriaRole.Button, new() { Name = "记录体温" }).ClickAsync();
        var check = page.GetByTestId("check-form");
        await check.GetByLabel("体温（℃）").FillAsync("38.2");
        await check.GetByText("有症状", new() { Exact = true }).ClickAsync();
        await check.GetByLabel("症状说明（干咳、乏力、腹泻等）").FillAsync("干咳");
        await BrowserFixture.ScreenshotAsync(page, "contacts-check");
        await check.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(alert).ToContainTextAsync("发热 38.2℃");
        await Assertions.Expect(alert).ToContainTextAsync("有症状：干咳");
        await BrowserFixture.ScreenshotAsync(page, "contacts-alerts");

        var caseId = $"YS-{id[3..]}";
        await alert.GetByRole(AriaRole.Button, new() { Name = "转为疑似病例" }).ClickAsync();
        var convert = page.GetByTestId("to-suspected-form");
        await convert.GetByLabel("疑似病例编号").FillAsync(caseId);
        await convert.GetByRole(AriaRole.Button, new() { Name = "确认登记疑似病例" }).ClickAsync();
        await Assertions.Expect(ContactRow(page, id)).ToContainTextAsync($"已转疑似病例 {caseId}");
        await Assertions.Expect(page.GetByTestId($"alert-{id}")).ToHaveCountAsync(0);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var record = await db.Cases.AsNoTracking().SingleAsync(c => c.Id == caseId);
        Assert.Equal(Domain.Scenarios.Classification.Suspected, record.Classification);
        Assert.Equal(["B01"], record.LinkedCaseIds);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AContactRegisteredOnThePageIsObservedUntilTheFourteenthDay()
    {
        var page = await app.SignInAsync("horqin");
        await page.GotoAsync("/contacts");
        await BrowserFixture.WaitForInteractiveAsync(page);

        var id = $"MJ-{Guid.NewGuid():N}"[..16];
        var lastContact = DateTimeOffset.UtcNow.AddHours(-3);
        await page.GetByText("登记密切接触者").ClickAsync();
        var form = page.GetByTestId("contact-form");
        await form.GetByLabel("密接编号", new() { Exact = true }).FillAsync(id);
        await form.GetByLabel("姓名", new() { Exact = true }).FillAsync("李秀兰");
        await form.GetByLabel("现住地（到社区）", new() { Exact = true }).FillAsync(Community);
        await page.GetByText($"露天社区居委会（{Community}）").ClickAsync();
        await form.GetByLabel("传染源病例编号", new() { Exact = true }).FillAsync("B01");
        await BrowserFixture.FillChinaTimeAsync(form.GetByTestId("contact-last-contact"), lastContact);
        await form.GetByLabel("集中隔离点", new() { Exact = true }).FillAsync("科尔沁区集中隔离点二号");
        await form.GetByLabel("身份证号", new() { Exact = true }).FillAsync("11010519491231002X");
        await form.GetByRole(AriaRole.Button, new() { Name = "登记并生成测温计划" }).ClickAsync();

        var row = ContactRow(page, id);
        await Assertions.Expect(row).ToContainTextAsync("医学观察中");
        await Assertions.Expect(row).ToContainTextAsync(Observation.EndsOn(lastContact).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Assertions.Expect(row).ToContainTextAsync("1101**********002X");
        await Assertions.Expect(page.GetByTestId($"alert-{id}")).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "contacts-zh");
        await page.Context.CloseAsync();
    }

    /// <summary>The table row of a contact: the table pages on the server, its id cell carries the test id.</summary>
    private static ILocator ContactRow(IPage page, string id) => page.Locator("tr").Filter(new() { Has = page.GetByTestId($"contact-{id}") });

    /// <summary>A contact taken into observation two days ago whose checks since then were never recorded.</summary>
    private async Task<string> SeedContactRegisteredTwoDaysAgoAsync(string name)
    {
        var id = $"MJ-{Guid.NewGuid():N}"[..16];
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == Community);
        var registered = DateTimeOffset.UtcNow.AddDays(-2);
        var lastContact = registered.AddHours(-6);
        var ends = Observation.EndsOn(lastContact);
        db.Contacts.Add(new CloseContact
        {
            Id = id, PersonName = name, RegionCode = region.Code, RegionPath = region.Path, SourceCaseId = "B01", LastContactAt = lastContact,
            ObservationEnds = ends, Site = "科尔沁区集中隔离点一号", Status = ContactStatus.UnderObservation, CreatedAt = registered, CreatedBy = "horqin",
        });
        await db.SaveChangesAsync();
        return id;
    }
}
