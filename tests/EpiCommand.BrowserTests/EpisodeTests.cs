using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>The demo city without its outbreak, on a clock the test moves: an episode from its first case to the stand-down.</summary>
public sealed class EpisodeFixture : BrowserFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Database:DemoOutbreak", "false");
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Moves the clock and lets the engine see it (its fact cache keeps an index for a minute).</summary>
    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        Services.GetRequiredService<Web.Surveillance.FactsCache>().Invalidate();
    }
}

/// <summary>
/// One whole response episode in the browser (issue #5 "done means"): cases arrive → the engine recommends grade IV for the
/// county → experts confirm, the county approves → a warning is drafted and issued → tasks reach the units → community
/// transmission pushes the grade to III → the city responds → fourteen quiet days → termination → evaluation report.
/// </summary>
public sealed class EpisodeTests(EpisodeFixture app) : IClassFixture<EpisodeFixture>
{
    private const string Horqin = "150502";
    private const string City = "150500";
    private const string Mingren = "150502004001";
    private int _screens;

    [Fact]
    public async Task AnEpisodeRunsFromTheFirstCaseToTheEvaluationReport()
    {
        var cdc = await app.SignInAsync("cdc");
        await RegisterCaseAsync(cdc, "EP-001", Mingren, "imported", app.Clock.GetUtcNow().AddHours(-2));

        // The engine recommends a level IV response for 科尔沁区 (001 §1.5.1.1, §5.2.1).
        var horqin = await app.SignInAsync("horqin");
        var card = await DecisionCardAsync(horqin, Horqin);
        await Assertions.Expect(card.GetByTestId("decision-title")).ToContainTextAsync("启动Ⅳ级应急响应");
        await ShotAsync(horqin, "recommended-iv");

        await ConfirmAndApproveAsync("horqin", Horqin, "首例输入病例，同意启动四级响应");
        await OpenAsync(horqin, "/decisions");
        await Assertions.Expect(horqin.GetByTestId("responses")).ToContainTextAsync("Ⅳ级应急响应");
        await ShotAsync(horqin, "approved-iv");
        await OpenAsync(horqin, "/");
        await Assertions.Expect(horqin.GetByTestId($"picture-row-{Horqin}").GetByTestId("response")).ToHaveTextAsync("Ⅳ级响应");

        // The measures in force became tasks for the units that carry them: the county CDC investigates within 24 h (§5.2.4).
        var unit = await app.SignInAsync("horqin-cdc");
        await OpenAsync(unit, "/tasks");
        await Assertions.Expect(unit.GetByTestId("task-row").Filter(new() { HasText = "迅速开展流行病学调查" })).ToHaveCountAsync(1);
        await ShotAsync(unit, "tasks-cdc");
        await OpenAsync(horqin, "/tasks/board");
        await Assertions.Expect(horqin.GetByTestId("board-unit").Filter(new() { HasText = "疾病预防控制机构" })).Not.ToHaveCountAsync(0);
        await ShotAsync(horqin, "task-board");

        // Grade IV → warning III (001 §3.4.2), issued by the city health commission within 24 h of the grading (§3.4.3.3, §3.4.4).
        var city = await app.SignInAsync("city");
        await OpenAsync(city, "/warnings");
        var candidates = city.GetByTestId("warning-candidates");
        await candidates.Locator("tr", new() { HasText = "科尔沁区" }).GetByTestId("warning-draft").ClickAsync();
        var detail = city.GetByTestId("warning-detail");
        await Assertions.Expect(detail).ToContainTextAsync("Ⅲ级预警");
        await Assertions.Expect(detail.GetByLabel("发布机关")).ToHaveValueAsync("通辽市卫生健康委员会");
        await ShotAsync(city, "warning-draft");
        await city.GetByTestId("warning-issue").ClickAsync();
        await city.Locator(".mud-message-box__yes-button").ClickAsync();
        await Assertions.Expect(city.GetByTestId("warning-list").Locator("[data-testid=warning-issued]")).ToContainTextAsync("科尔沁区");
        await ShotAsync(city, "warning-issued");

        // Community transmission (§1.5.2.2: two cases of unknown source in one community) → 科尔沁区 III → the city responds at III (§5.3.1).
        await RegisterCaseAsync(cdc, "EP-002", Mingren, "unknown", app.Clock.GetUtcNow().AddHours(-1));
        await RegisterCaseAsync(cdc, "EP-003", Mingren, "unknown", app.Clock.GetUtcNow().AddMinutes(-30));
        app.Advance(TimeSpan.FromMinutes(1));
        city = await app.SignInAsync("city");
        card = await DecisionCardAsync(city, City);
        await Assertions.Expect(card.GetByTestId("decision-title")).ToContainTextAsync("启动Ⅲ级应急响应");
        await ShotAsync(city, "recommended-iii");
        await ConfirmAndApproveAsync("city", City, "社区传播，同意启动三级响应");
        await OpenAsync(city, "/decisions");
        await Assertions.Expect(city.GetByTestId("responses")).ToContainTextAsync("Ⅲ级应急响应");
        await ShotAsync(city, "approved-iii");

        // Fourteen days without a case (001 §8.1): termination may be decided, for the city and the county.
        app.Advance(TimeSpan.FromDays(15));
        await ConfirmAndApproveAsync("city", City, "连续14天无新增病例，同意终止", "终止Ⅲ级应急响应");
        await ConfirmAndApproveAsync("horqin", Horqin, "连续14天无新增病例，同意终止", "终止Ⅳ级应急响应");
        city = await app.SignInAsync("city");
        await OpenAsync(city, "/decisions");
        await Assertions.Expect(city.GetByTestId("no-response")).ToBeVisibleAsync();
        await Assertions.Expect(city.GetByTestId("decision-history")).ToContainTextAsync("终止Ⅲ级应急响应");
        await ShotAsync(city, "terminated");

        // The evaluation report (001 §8.2.2), drafted from the record, completed by people, downloaded as .docx.
        await OpenAsync(city, "/evaluations");
        await city.GetByTestId("terminated-list").Locator("tr", new() { HasText = "通辽市" }).GetByTestId("evaluation-draft").ClickAsync();
        var form = city.GetByTestId("evaluation-form");
        await Assertions.Expect(form).ToBeVisibleAsync();
        await form.GetByLabel("经验教训及改进建议").FillAsync("社区传播发现及时，三级响应启动迅速；应加强不明来源病例的溯源。");
        await city.GetByTestId("evaluation-save").ClickAsync();
        await ShotAsync(city, "evaluation");
        var download = await city.RunAndWaitForDownloadAsync(() => city.GetByTestId("evaluation-download").ClickAsync());
        var saved = Path.Combine(BrowserFixture.Screenshots, "episode-evaluation.docx");
        await download.SaveAsAsync(saved);
        var bytes = await File.ReadAllBytesAsync(saved);
        Assert.True(bytes.Length > 2000 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K', "the evaluation report is a .docx package");
    }

    private async Task ConfirmAndApproveAsync(string approver, string region, string note, string? expected = null)
    {
        var expert = await app.SignInAsync("expert");
        var card = await DecisionCardAsync(expert, region);
        if (expected is not null) await Assertions.Expect(card.GetByTestId("decision-title")).ToContainTextAsync(expected);
        await card.GetByLabel("意见/理由").FillAsync(note);
        await card.GetByTestId("decision-confirm").ClickAsync();
        await Assertions.Expect(card.GetByTestId("decision-status")).ToHaveTextAsync("待批准");
        await ShotAsync(expert, $"confirmed-{region}");
        await expert.Context.CloseAsync();

        var hq = await app.SignInAsync(approver);
        card = await DecisionCardAsync(hq, region);
        await card.GetByLabel("意见/理由").FillAsync(note);
        await card.GetByTestId("decision-approve").ClickAsync();
        await hq.Locator(".mud-message-box__yes-button").ClickAsync();
        await Assertions.Expect(card).ToHaveCountAsync(0);
        await hq.Context.CloseAsync();
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await BrowserFixture.WaitForInteractiveAsync(page);
    }

    private static async Task<ILocator> DecisionCardAsync(IPage page, string region)
    {
        await OpenAsync(page, "/decisions");
        var card = page.Locator($"[data-testid=decision-card][data-region='{region}']");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        return card;
    }

    private static async Task RegisterCaseAsync(IPage page, string id, string community, string source, DateTimeOffset reportedAt)
    {
        var response = await page.Context.APIRequest.PostAsync("/api/cases", new APIRequestContextOptions
        {
            DataObject = new { id, classification = "confirmed", personName = "测试病例", region = community, reportedAt, phone = "13904750000", infectionSource = source },
        });
        Assert.True(response.Ok, $"registering {id}: {response.Status} {await response.TextAsync()}");
    }

    private async Task ShotAsync(IPage page, string name) => await BrowserFixture.ScreenshotAsync(page, $"episode-{++_screens:00}-{name}");
}
