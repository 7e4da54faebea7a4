using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using EpiCommand.Data.Identity;
using EpiCommand.Web.Clocks;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Rules that pages used to write a second time (issue 9): the page now calls the service the endpoint calls, so both refuse
/// the same things with the same message. Each test asks the API, then the service the way the page does.
/// </summary>
public abstract class PagesAndApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private static ClaimsPrincipal Person(string name, string region, params string[] roles) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, name), new Claim(ClaimNames.Region, region), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));

    private async Task<Jurisdiction> JurisdictionAsync(string code)
    {
        using var db = factory.CreateDbContext();
        return new Jurisdiction(code, await db.Regions.Where(r => r.Code == code).Select(r => r.Path).SingleAsync());
    }

    [Fact]
    public async Task AJudgmentWhoseValueDoesNotFitItsKindIsRefusedAlikeByTheApiAndTheJudgmentsPage()
    {
        var day = Domain.Time.ChinaTime.DayOf(factory.Clock.GetUtcNow());
        var expert = await factory.SignedInAsync("expert");
        var response = await expert.PostAsJsonAsync("/api/judgments",
            new { kind = "riskOverride", region = "150524", from = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), value = "IV", reason = "专家组认定" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var apiMessage = problem.RootElement.GetProperty("errors").GetProperty("value")[0].GetString();

        await using var scope = factory.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<FactService>().AddJudgmentAsync(
            new NewJudgment("riskOverride", "150524", day, "IV", "专家组认定"), await JurisdictionAsync("150500"), Person("expert", "150500", Roles.Expert), CancellationToken.None);
        Assert.Equal(apiMessage, Assert.Single(outcome.Problem!.Errors!["value"]).ToString());

        // The page used to save any judgment its form accepted; the service now refuses a non-expert as the API does.
        var byCity = await scope.ServiceProvider.GetRequiredService<FactService>().AddJudgmentAsync(
            new NewJudgment("riskOverride", "150524", day, "high", "专家组认定"), await JurisdictionAsync("150500"), Person("city", "150500", Roles.Headquarters), CancellationToken.None);
        Assert.Equal(ProblemKind.Forbidden, byCity.Problem!.Kind);
    }

    [Fact]
    public async Task ACompletedClockIsRefusedAlikeByTheApiAndTheClocksPage()
    {
        var client = await factory.SignedInAsync("city");
        var id = $"C-{Guid.NewGuid():N}"[..16];
        var now = factory.Clock.GetUtcNow();
        await client.PostAsJsonAsync("/api/cases", new { id, classification = "confirmed", personName = "测试", region = "150581002002", reportedAt = now, foundAt = now });
        var clock = (await client.GetListAsync<ClockDto>("/api/clocks"))!.Single(c => c.Subject == id && c.ClockId == "direct-report");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/clocks/{clock.Id}/complete", null)).StatusCode);

        var again = await client.PostAsync($"/api/clocks/{clock.Id}/complete", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        using var problem = JsonDocument.Parse(await again.Content.ReadAsStringAsync());

        // The page dropped this refusal silently before; it now gets the same problem.
        await using var scope = factory.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<ClockService>().CompleteAsync(clock.Id, await JurisdictionAsync("150500"), "city", now, CancellationToken.None);
        Assert.Equal(ProblemResults.TypePrefix + outcome.Problem!.Code, problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(outcome.Problem.Detail.ToString(), problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ReadingTheDecisionsWritesNothing()
    {
        await ResponseSteps.RefreshRecommendationsAsync(factory);
        var horqin = await factory.SignedInAsync("horqin");
        async Task<(int, int, int)> CountAsync()
        {
            using var db = factory.CreateDbContext();
            return (await db.Decisions.CountAsync(), await db.AuditEntries.CountAsync(), await db.Notifications.CountAsync());
        }
        var before = await CountAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await horqin.GetAsync("/api/decisions")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await horqin.GetAsync("/api/decisions?open=true")).StatusCode);
        }
        Assert.Equal(before, await CountAsync());
    }
}

public sealed class SqlitePagesAndApiTests() : PagesAndApiTests<SqliteFactory>(new());

public sealed class PostgresPagesAndApiTests() : PagesAndApiTests<PostgresFactory>(new());
