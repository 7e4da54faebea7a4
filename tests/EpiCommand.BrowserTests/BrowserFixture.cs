using EpiCommand.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>
/// The platform on a real Kestrel port with its own SQLite file and the demo city, and Chromium driven by Playwright:
/// the browser at <c>EPICOMMAND_CHROMIUM</c>, else Debian's <c>/usr/bin/chromium</c>. Screenshots go to
/// <c>artifacts/screenshots</c> at the top of the repository.
/// </summary>
public class BrowserFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"epicommand-browser-{Guid.NewGuid():N}.db");
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    public static string Screenshots { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    /// <summary>The Chromium to drive; Playwright's own download is not used (nothing is fetched from outside here).</summary>
    public static string Chromium { get; } = Environment.GetEnvironmentVariable("EPICOMMAND_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development serves the static web assets (MudBlazor's CSS and JS) from their packages.
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", nameof(DatabaseProvider.Sqlite));
        builder.UseSetting("Database:ConnectionString", $"Data Source={_database};Pooling=false");
        builder.UseSetting("Database:MigrateOnStart", "true");
        builder.UseSetting("Database:SeedDemo", "true");
        builder.UseSetting("SignIn:PerAddressPermits", "100000");
        // A circuit that fails says why, in the browser's console and in the test's output.
        builder.UseSetting("DetailedErrors", "true");
        builder.ConfigureLogging(logging => logging.AddConsole().AddFilter((category, level) => level >= LogLevel.Error));
        Configure(builder);
    }

    /// <summary>What a derived fixture changes (a quiet city, a fake clock).</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"no Chromium at {Chromium}: install Debian's chromium (./test.sh does) or point EPICOMMAND_CHROMIUM at one");
        UseKestrel(0);
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1");
        Directory.CreateDirectory(Screenshots);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (own cookies), signed in through the login form.</summary>
    public async Task<IPage> SignInAsync(string userName, string password = Data.Demo.DemoSeeder.DemoPassword)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        await WaitForInteractiveAsync(page);
        return page;
    }

    /// <summary>Waits until the interactive circuit has rendered (buttons answer clicks only then).</summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.GetByTestId("interactive").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Opens a MudSelect (its data-testid on its input or on the element around it), picks an item as a person does, and waits until the select shows it.
    /// MudSelect sets the bound value only after an await of its own, so a click that follows the pick at once can reach the
    /// server first and find the value still empty (seen in CI: "请填写储备库" beside a select showing the depot).
    /// </summary>
    public static async Task PickAsync(IPage page, ILocator select, string item)
    {
        await select.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = item }).First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await ExpectShowsAsync(select, item);
    }

    /// <summary>Waits until a select shows <paramref name="item"/>, in its input's value or in its text (MudSelect puts the test id on either).</summary>
    private static async Task ExpectShowsAsync(ILocator select, string item)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await select.EvaluateAsync<bool>("(e, t) => ((e.value ?? '') + ' ' + e.textContent).includes(t)", item))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The select does not show \"{item}\" 10 s after it was picked.");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Opens a multi-select and picks the items one by one, each shown by the select before the next, then closes the list as a
    /// user would: Escape, and if the key reached the list before a pick's round trip had (the list stays open, as seen in CI),
    /// a click outside it on the overlay.
    /// </summary>
    public static async Task PickManyAsync(IPage page, ILocator select, params string[] items)
    {
        await select.ClickAsync();
        foreach (var item in items)
        {
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = item }).First.ClickAsync();
            await ExpectShowsAsync(select, item);
        }
        var open = page.Locator(".mud-popover-open .mud-list-item");
        await page.Keyboard.PressAsync("Escape");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await Assertions.Expect(open).ToHaveCountAsync(0, new() { Timeout = 2_000 });
                return;
            }
            catch (PlaywrightException)
            {
                await page.Mouse.ClickAsync(2, 2);
            }
        }
        await Assertions.Expect(open).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Types a moment into a ChinaTimeField (Components/Pages/ChinaTimeField.razor) as a person may: the date, then the clock,
    /// in China time; each field is committed on leaving it.
    /// </summary>
    public static async Task FillChinaTimeAsync(ILocator field, DateTimeOffset at)
    {
        var china = at.ToOffset(TimeSpan.FromHours(8));
        var inputs = field.Locator("input");
        await inputs.Nth(0).FillAsync(china.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await inputs.Nth(0).PressAsync("Tab");
        await Assertions.Expect(inputs.Nth(1)).ToBeEnabledAsync();
        await inputs.Nth(1).FillAsync(china.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await inputs.Nth(1).PressAsync("Tab");
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public override async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        File.Delete(_database);
        GC.SuppressFinalize(this);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EpiCommand.slnx"))) return dir.FullName;
        }
        return AppContext.BaseDirectory;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
