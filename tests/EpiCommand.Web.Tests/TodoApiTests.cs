using System.Net;
using System.Net.Http.Json;
using EpiCommand.Data;
using EpiCommand.Web.Response;
using EpiCommand.Web.Todo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Web.Tests;

/// <summary>
/// My to-do (issue 14) over HTTP: what waits for the signed-in user, by role and jurisdiction — the expert's decisions to confirm,
/// the responding headquarters' decisions to approve, and overdue clocks of the user's own jurisdiction only.
/// </summary>
public abstract class TodoApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Horqin = "150502";

    private static async Task<Dictionary<string, TodoDto>> TodoAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/todo");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<TodoDto>>())!.ToDictionary(g => g.Kind);
    }

    [Fact]
    public async Task TheExpertSeesDecisionsToConfirmAndTheRespondingHeadquartersThoseToApprove()
    {
        var expert = await factory.SignedInAsync("expert");
        var horqin = await factory.SignedInAsync("horqin");
        var city = await factory.SignedInAsync("city");
        await ResponseSteps.RefreshRecommendationsAsync(factory);
        var open = (await expert.GetListAsync<DecisionDto>("/api/decisions?open=true"))!;
        var recommended = open.Where(d => d.Status == "recommended").ToList();
        Assert.Contains(recommended, d => d.Region == Horqin);

        // The expert: every recommendation of the city waits for them, the oldest first, at most five listed.
        var todo = await TodoAsync(expert);
        var confirm = todo["confirmDecisions"];
        Assert.Equal((recommended.Count, "/decisions"), (confirm.Count, confirm.Link));
        Assert.Equal(Math.Min(recommended.Count, TodoService.Shown), confirm.Top.Count);
        Assert.Contains(confirm.Top, i => (i.RegionCode, i.Region) == (Horqin, "科尔沁区"));
        Assert.False(todo.ContainsKey("approveDecisions"));
        // Headquarters do not confirm; nothing is confirmed yet, so nothing waits for their approval either.
        Assert.False((await TodoAsync(horqin)).ContainsKey("confirmDecisions"));
        Assert.False((await TodoAsync(horqin)).ContainsKey("approveDecisions"));

        var horqinDecision = recommended.First(d => d.Region == Horqin);
        Assert.True((await expert.PostAsJsonAsync($"/api/decisions/{horqinDecision.Id}/confirm", new { note = "专家组会商确认" })).IsSuccessStatusCode);

        todo = await TodoAsync(expert);
        Assert.Equal(recommended.Count - 1, todo.TryGetValue("confirmDecisions", out var left) ? left.Count : 0);
        // 001 §5.2.1: the county's headquarters approves the county's decision — not the city's.
        var approve = (await TodoAsync(horqin))["approveDecisions"];
        Assert.Equal(1, approve.Count);
        Assert.Equal("科尔沁区", Assert.Single(approve.Top).Region);
        Assert.False((await TodoAsync(city)).ContainsKey("approveDecisions"));

        // Approved, it leaves the list.
        Assert.True((await horqin.PostAsJsonAsync($"/api/decisions/{horqinDecision.Id}/approve", new { note = "同意" })).IsSuccessStatusCode);
        Assert.False((await TodoAsync(horqin)).ContainsKey("approveDecisions"));
    }

    [Fact]
    public async Task ACountyUserSeesOnlyTheirOwnCountysOverdueClocks()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        // A case in 霍林郭勒市 whose direct report is due within 2 h (001 §4.3), then 3 h pass: overdue outside 科尔沁区.
        var id = $"TD-{Guid.NewGuid():N}"[..20];
        var created = await city.PostAsJsonAsync("/api/cases", new
        {
            id, classification = "confirmed", personName = "测试", region = "150581001001", reportedAt = factory.Clock.GetUtcNow().AddMinutes(-5),
            phone = "13904750000", infectionSource = "linked",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        factory.Clock.Advance(TimeSpan.FromHours(3));

        int horqinOverdue, cityOverdue;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = factory.Clock.GetUtcNow();
            horqinOverdue = await db.Clocks.CountAsync(c => c.RegionPath.StartsWith("/150000/150500/150502/") && c.CompletedAt == null && c.DueAt < now);
            cityOverdue = await db.Clocks.CountAsync(c => c.RegionPath.StartsWith("/150000/150500/") && c.CompletedAt == null && c.DueAt < now);
        }
        Assert.True(cityOverdue > horqinOverdue, $"the city has {cityOverdue} overdue clocks, 科尔沁区 {horqinOverdue}");

        var cityClocks = (await TodoAsync(city))["overdueClocks"];
        Assert.Equal(cityOverdue, cityClocks.Count);

        var own = await TodoAsync(horqin);
        Assert.Equal(horqinOverdue, own.TryGetValue("overdueClocks", out var clocks) ? clocks.Count : 0);
        Assert.DoesNotContain(own.Values.SelectMany(g => g.Top), i => i.RegionCode?.StartsWith(Horqin, StringComparison.Ordinal) != true);

        // Experts keep no clocks: none listed for them.
        Assert.False((await TodoAsync(await factory.SignedInAsync("expert"))).ContainsKey("overdueClocks"));
    }
}

public sealed class SqliteTodoApiTests() : TodoApiTests<SqliteFactory>(new());

public sealed class PostgresTodoApiTests() : TodoApiTests<PostgresFactory>(new());
