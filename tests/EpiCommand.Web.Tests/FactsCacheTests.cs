using System.Net;
using System.Net.Http.Json;
using EpiCommand.Web.Surveillance;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Issue 12 §2: the facts are kept up to date by the writes, not read again after each. A registered or reclassified case is
/// read alone and shows in the engine's facts at once; a change of anything else (a setting) reads everything again.
/// </summary>
public abstract class FactsCacheTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    private const string HorqinCommunity = "150502004001";

    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task ACaseChangeIsReadAloneAndAnythingElseReadsEverything()
    {
        var facts = factory.Services.GetRequiredService<FactsCache>();
        var city = await factory.SignedInAsync("city");
        var before = await facts.GetAsync();
        var reads = facts.FullReads;
        var appends = facts.Appends;

        var confirmed = await RegisterAsync(city, "confirmed");
        var suspected = await RegisterAsync(city, "suspected");
        var index = await facts.GetAsync();
        Assert.Equal(reads, facts.FullReads);
        Assert.True(facts.Appends > appends); // new cases of today: appended to the kept index, not indexed again (once, or once per registration when a watcher read between them)
        Assert.Equal(before.CaseCount + 1, index.CaseCount); // the suspected case does not count (requirements: "Case")
        Assert.Contains(confirmed, index.CaseId);

        Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/cases/{suspected}/reclassify", new { classification = "confirmed", note = "核酸复核阳性" })).StatusCode);
        index = await facts.GetAsync();
        Assert.Equal(before.CaseCount + 2, index.CaseCount);
        Assert.Contains(suspected, index.CaseId);
        Assert.Equal(reads, facts.FullReads);

        var setting = $"S-{Guid.NewGuid():N}"[..14];
        Assert.Equal(HttpStatusCode.Created, (await city.PostAsJsonAsync("/api/settings", new { id = setting, name = "某超市", type = "store", region = HorqinCommunity })).StatusCode);
        index = await facts.GetAsync();
        Assert.Equal(reads + 1, facts.FullReads);
        Assert.Equal(before.CaseCount + 2, index.CaseCount);
    }

    private async Task<string> RegisterAsync(HttpClient client, string classification)
    {
        var id = $"F-{Guid.NewGuid():N}"[..16];
        var response = await client.PostAsJsonAsync("/api/cases", new
        {
            id, classification, personName = "张某", region = HorqinCommunity, reportedAt = factory.Clock.GetUtcNow().AddHours(-1),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }
}

public sealed class SqliteFactsCacheTests() : FactsCacheTests<SqliteFactory>(new());

public sealed class PostgresFactsCacheTests() : FactsCacheTests<PostgresFactory>(new());
