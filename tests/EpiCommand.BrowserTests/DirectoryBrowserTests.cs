using Microsoft.Playwright;

namespace EpiCommand.BrowserTests;

/// <summary>
/// The directory and duty roster (requirements A3; 001 §2.2.2) in Chinese: the city headquarters finds a liaison, adds a person of a member
/// unit, puts them on today's roster; a county headquarters sees its own people only.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DirectoryBrowserTests(BrowserFixture app)
{
    [Fact]
    public async Task CityHeadquartersAddsAPersonAndPutsThemOnTodaysRoster()
    {
        var page = await app.SignInAsync("city");
        await page.SetViewportSizeAsync(1440, 1000);
        await page.GotoAsync("/directory");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var people = page.GetByTestId("person-list");
        await page.GetByTestId("person-search").FillAsync("王海燕");
        await page.GetByTestId("person-search-go").ClickAsync();
        await Assertions.Expect(people.Locator("[data-row=person]")).ToHaveCountAsync(1);
        await Assertions.Expect(people).ToContainTextAsync("联络员");
        await Assertions.Expect(people).ToContainTextAsync("今日值班");

        var form = page.GetByTestId("person-form");
        await form.GetByLabel("姓名").FillAsync("孙丽华");
        await BrowserFixture.PickAsync(page, page.GetByTestId("person-unit"), "市卫生健康委员会");
        await form.GetByLabel("职务").FillAsync("医政医管科副科长");
        await form.GetByLabel("电话").FillAsync("13904751088");
        await page.GetByTestId("person-save").ClickAsync();
        await page.GetByTestId("person-search").FillAsync("孙丽华");
        await page.GetByTestId("person-search-go").ClickAsync();
        await Assertions.Expect(people.Locator("[data-row=person]")).ToHaveCountAsync(1);
        await Assertions.Expect(people).ToContainTextAsync("医政医管科副科长");
        await Assertions.Expect(people).Not.ToContainTextAsync("今日值班");

        await people.GetByTestId("person-duty").ClickAsync();
        await page.GetByTestId("duty-role").FillAsync("带班");
        await page.GetByTestId("duty-assign").ClickAsync();
        var roster = page.GetByTestId("duty-list");
        await Assertions.Expect(roster).ToContainTextAsync("孙丽华");
        await Assertions.Expect(roster).ToContainTextAsync("带班");
        await Assertions.Expect(roster).ToContainTextAsync("王海燕");
        await BrowserFixture.ScreenshotAsync(page, "directory-duty-zh");

        // The person is now on duty today in the directory too: one record behind both lists.
        await page.GetByRole(AriaRole.Tab, new() { Name = "人员" }).ClickAsync();
        await Assertions.Expect(people).ToContainTextAsync("今日值班");
        await BrowserFixture.ScreenshotAsync(page, "directory-people-zh");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACountyHeadquartersSeesItsOwnPeopleOnly()
    {
        var page = await app.SignInAsync("horqin");
        await page.GotoAsync("/directory");
        await BrowserFixture.WaitForInteractiveAsync(page);
        var people = page.GetByTestId("person-list");
        await Assertions.Expect(people).ToContainTextAsync("张立新");
        await Assertions.Expect(people).Not.ToContainTextAsync("王海燕");
        await page.Context.CloseAsync();
    }
}
