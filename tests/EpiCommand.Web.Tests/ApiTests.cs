using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Cli.Commands;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>The HTTP API, run against SQLite and against PostgreSQL (see the two classes at the end).</summary>
public abstract class ApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private static readonly string Samples = Path.Combine(AppContext.BaseDirectory, "samples");

    [Fact]
    public async Task HealthAnswersHealthy()
    {
        var response = await factory.CreateClient().GetStringAsync("/health");
        Assert.Equal("Healthy", response);
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheApi()
    {
        var client = await factory.SignedInAsync("city");
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/regions", out _));
        Assert.True(paths.TryGetProperty("/api/regions/{code}/organisation", out _));
        Assert.True(paths.TryGetProperty("/api/assessments", out _));
        var page = await client.GetAsync("/api-docs/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task ApiRefusesAnonymousCallers()
    {
        var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/api/regions");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PagesSendAnonymousVisitorsToTheLoginForm()
    {
        var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/organisation");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task WrongPasswordIsRefusedAndFiveFailuresDoNotLockTheAccount()
    {
        var userName = $"trainee-{Guid.NewGuid():N}";
        using (var scope = factory.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var created = await users.CreateAsync(new AppUser { UserName = userName, DisplayName = "培训账号", RegionCode = "150502" }, Data.Demo.DemoSeeder.DemoPassword);
            Assert.True(created.Succeeded);
        }
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var first = await EpiCommandFactory.SignInAsync(client, userName, "wrong-password");
        Assert.Contains("error=invalid", first.Headers.Location!.OriginalString);
        for (var i = 0; i < 4; i++) await EpiCommandFactory.SignInAsync(client, userName, "wrong-password");
        // Identity's lockout let anyone shut an account out with five requests; sign-in is rate limited instead (SecurityTests).
        var signedIn = await EpiCommandFactory.SignInAsync(client, userName, Data.Demo.DemoSeeder.DemoPassword);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task PasswordsAreStoredHashed()
    {
        using var db = factory.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.UserName == "city");
        Assert.NotNull(user.PasswordHash);
        Assert.DoesNotContain(Data.Demo.DemoSeeder.DemoPassword, user.PasswordHash);
    }

    [Fact]
    public async Task CityUserSeesTheCityAndItsNineCountyLevelUnits()
    {
        var client = await factory.SignedInAsync("city");
        var first = await client.GetFromJsonAsync<Regions.RegionPage>("/api/regions?pageSize=1");
        Assert.Equal("150500", Assert.Single(first!.Items).Code);
        var counties = await client.GetFromJsonAsync<Regions.RegionPage>("/api/regions?level=county");
        Assert.Equal(["150502", "150521", "150522", "150523", "150524", "150525", "150526", "150571", "150581"], counties!.Items.Select(r => r.Code));
        Assert.Equal("通辽经济技术开发区", counties.Items.Single(r => r.Code == "150571").Name);
        Assert.Equal(0, (await client.GetFromJsonAsync<Regions.RegionPage>("/api/regions?search=1504"))!.Total);
        Assert.Equal(0, (await client.GetFromJsonAsync<Regions.RegionPage>("/api/regions?search=150000"))!.Total);
    }

    [Fact]
    public async Task CityHoldsTongliaosRealTownshipsAndCommunitiesAPageAtATime()
    {
        var client = await factory.SignedInAsync("city");
        var communities = await client.GetFromJsonAsync<Regions.RegionPage>("/api/regions?level=community&pageSize=200");
        Assert.Equal(2568, communities!.Total);
        Assert.Equal(200, communities.Items.Count);
        Assert.Equal(143, (await client.GetFromJsonAsync<Regions.RegionPage>("/api/regions?level=township"))!.Total);
        var tooMany = await client.GetAsync("/api/regions?pageSize=5000");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("pageSize", await tooMany.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RegionsAreFoundByNameOrByTheStartOfTheirCode()
    {
        var client = await factory.SignedInAsync("city");
        var byName = await client.GetFromJsonAsync<Regions.RegionPage>("/api/regions?search=" + Uri.EscapeDataString("露天社区"));
        Assert.Equal(("150502004001", "露天社区居委会"), (Assert.Single(byName!.Items).Code, byName.Items[0].Name));
        var byCode = await client.GetFromJsonAsync<Regions.RegionPage>("/api/regions?search=150581&pageSize=200");
        Assert.All(byCode!.Items, r => Assert.StartsWith("150581", r.Code));
        Assert.Equal(1 + 6 + 26, byCode.Total);
    }

    [Fact]
    public async Task CountyUserSeesOnlyItsOwnCountyAndWhatLiesBelow()
    {
        var client = await factory.SignedInAsync("horqin");
        var regions = await client.GetFromJsonAsync<Regions.RegionPage>("/api/regions?pageSize=200");
        Assert.NotEmpty(regions!.Items);
        Assert.All(regions.Items, r => Assert.StartsWith("150502", r.Code));
        Assert.Contains(regions.Items, r => r.Level == "community");
        Assert.Equal(0, (await client.GetFromJsonAsync<Regions.RegionPage>("/api/regions?search=150523"))!.Total);
    }

    [Fact]
    public async Task CountyNeighboursComeFromSharedBordersAndTheHandKeptList()
    {
        var client = await factory.SignedInAsync("city");
        var naiman = await client.GetFromJsonAsync<Regions.RegionDto>("/api/regions/150525");
        Assert.Equal(["150426", "150430", "150522", "150523", "150524"], naiman!.Neighbors.Order());
        var horqin = await client.GetFromJsonAsync<Regions.RegionDto>("/api/regions/150502");
        Assert.Equal(["150521", "150522", "150523", "150571"], horqin!.Neighbors.Order());
    }

    [Theory]
    [InlineData("/api/regions/150523")]
    [InlineData("/api/regions/150523/children")]
    [InlineData("/api/regions/150523/organisation")]
    [InlineData("/api/regions/150500/organisation")]
    [InlineData("/api/regions/150500")]
    public async Task CountyUserCannotReadAnotherCountyOrTheCity(string url)
    {
        var client = await factory.SignedInAsync("horqin");
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task CountyUserCannotWriteToAnotherCountyAndNothingIsStored()
    {
        var client = await factory.SignedInAsync("horqin");
        var response = await client.PostAsJsonAsync("/api/regions/150523/organisation/liaison", new { name = "外县联络员", unit = "开鲁县卫生健康委员会", phone = "13900000000" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var db = factory.CreateDbContext();
        Assert.False(await db.People.AnyAsync(p => p.Name == "外县联络员"));
    }

    [Fact]
    public async Task UnknownRegionIsNotFound()
    {
        var client = await factory.SignedInAsync("city");
        var response = await client.GetAsync("/api/regions/999999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task CityOrganisationHoldsTheHeadquartersUnitsAndWorkingGroupsOfThePlan()
    {
        var client = await factory.SignedInAsync("expert");
        var organisation = await client.GetFromJsonAsync<Organisation.OrganisationDto>("/api/regions/150500/organisation");
        Assert.Equal("市长", organisation!.Headquarters!.Commander);
        Assert.Contains(organisation.Units, u => u.Name == "市卫生健康委员会" && u.Duties.Count > 0);
        Assert.True(organisation.Units.Count >= 41, $"expected the 41 member units of 001 §2.1.1, got {organisation.Units.Count}");
        Assert.Contains(organisation.WorkingGroups, g => g.Name == "综合协调组");
        Assert.NotEmpty(organisation.ExpertGroups);
        Assert.Contains(organisation.Liaison, p => p.OnDuty);
    }

    [Fact]
    public async Task CountyUserReadsAndAddsToItsOwnOrganisation()
    {
        var client = await factory.SignedInAsync("horqin");
        var created = await client.PostAsJsonAsync("/api/regions/150502/organisation/liaison", new { name = "周文", unit = "科尔沁区卫生健康委员会", phone = "0475-8221234", onDuty = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var organisation = await client.GetFromJsonAsync<Organisation.OrganisationDto>("/api/regions/150502/organisation");
        Assert.Contains(organisation!.Liaison, p => p.Name == "周文" && p.Phone == "0475-8221234");
        Assert.StartsWith("科尔沁区", organisation.Headquarters!.Name);
    }

    [Fact]
    public async Task BadLiaisonIsRefusedWithAProblemNamingEachField()
    {
        var client = await factory.SignedInAsync("city");
        var response = await client.PostAsJsonAsync("/api/regions/150500/organisation/liaison", new { name = "", unit = "市公安局", phone = "12345" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.Contains("12345", errors.GetProperty("phone")[0].GetString());
        Assert.False(errors.TryGetProperty("unit", out _));
    }

    [Fact]
    public async Task PlansAreListedWithTheirMeasures()
    {
        var client = await factory.SignedInAsync("cdc");
        var plans = await client.GetFromJsonAsync<List<Plans.PlanSummaryDto>>("/api/plans");
        Assert.Equal(["autumn-2022", "taiping-2020", "tongliao-2020", "wujin-2020"], plans!.Select(p => p.Id));
        var tongliao = await client.GetFromJsonAsync<Plans.PlanDetailDto>("/api/plans/tongliao-2020");
        var levelIII = tongliao!.ResponseLevels.Single(l => l.Level == "III");
        var levelIV = tongliao.ResponseLevels.Single(l => l.Level == "IV");
        Assert.All(levelIV.Measures, m => Assert.Contains(levelIII.Measures, x => x.Id == m.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/plans/nowhere-2020")).StatusCode);
    }

    [Theory]
    [InlineData("tongliao-2020", "tongliao-cluster.json", "2020-11-20")]
    [InlineData("tongliao-2020", "tongliao-sporadic.json", "2020-11-20")]
    [InlineData("wujin-2020", "wujin.json", "2020-03-25")]
    public async Task AssessmentApiReturnsTheSameJsonAsTheCommandLine(string plan, string sample, string asOf)
    {
        var client = await factory.SignedInAsync("expert");
        var scenario = await File.ReadAllTextAsync(Path.Combine(Samples, sample));
        var response = await client.PostAsync($"/api/assessments?plan={plan}&asOf={asOf}", new StringContent(scenario, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var output = new StringWriter();
        var exit = AssessCommand.Run(plan, new FileInfo(Path.Combine(Samples, sample)), asOf, json: true, plansFolder: null, output, new StringWriter());
        Assert.Equal(0, exit);
        Assert.Equal(output.ToString().Trim(), (await response.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task BadScenarioGetsAProblemNamingEachJsonPath()
    {
        var client = await factory.SignedInAsync("expert");
        var scenario = await File.ReadAllTextAsync(Path.Combine(Samples, "invalid.json"));
        var response = await client.PostAsync("/api/assessments?plan=tongliao-2020&asOf=2020-11-20", new StringContent(scenario, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("$.cases[2].region", out _));
        Assert.True(errors.TryGetProperty("$.cases[3].linkedTo[0]", out _));
    }

    // Semantics v2 (issue 11): the output lists the clusters; a day-first date is refused at its path, never guessed.
    [Fact]
    public async Task AssessmentListsClustersAndRefusesAnAmbiguousDate()
    {
        var client = await factory.SignedInAsync("expert");
        var scenario = await File.ReadAllTextAsync(Path.Combine(Samples, "wujin.json"));
        var response = await client.PostAsync("/api/assessments?plan=wujin-2020&asOf=2020-02-10", new StringContent(scenario, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var cluster = Assert.Single(result.RootElement.GetProperty("clusters").EnumerateArray());
        Assert.Equal(("F1", "320412", "2020-02-07", 5), (cluster.GetProperty("setting").GetString(), cluster.GetProperty("county").GetString(), cluster.GetProperty("formedOn").GetString(), cluster.GetProperty("cases").GetInt32()));

        var swapped = scenario.Replace("\"2020-01-26T10:00:00+08:00\"", "\"26/01/2020\"", StringComparison.Ordinal);
        Assert.NotEqual(scenario, swapped);
        var refused = await client.PostAsync("/api/assessments?plan=wujin-2020&asOf=2020-02-10", new StringContent(swapped, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("26/01/2020", problem.RootElement.GetProperty("errors").GetProperty("$.cases[0].reportedAt")[0].GetString());
    }

    [Fact]
    public async Task AssessmentNeedsAKnownPlanAndADay()
    {
        var client = await factory.SignedInAsync("expert");
        var response = await client.PostAsync("/api/assessments?plan=nowhere&asOf=20-11-2020", new StringContent("{\"regions\": []}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains("nowhere", errors.GetProperty("plan")[0].GetString());
        Assert.Contains("20-11-2020", errors.GetProperty("asOf")[0].GetString());
    }
}

public sealed class SqliteApiTests() : ApiTests<SqliteFactory>(new());

public sealed class PostgresApiTests() : ApiTests<PostgresFactory>(new());
