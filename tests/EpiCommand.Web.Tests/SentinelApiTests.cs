using System.Net;
using System.Net.Http.Json;
using EpiCommand.Web.Sentinels;

namespace EpiCommand.Web.Tests;

/// <summary>Sentinel reports (B5; 003 §二(二)) over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class SentinelApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task PharmacyReportFlowsToTheRegulatorTheHeadquartersAndACommunityCheck()
    {
        var client = await factory.SignedInAsync("horqin");
        var created = await client.PostAsJsonAsync("/api/sentinels", new { kind = "pharmacy", reporter = "某大药房", personName = "购药人", phone = "13904750001", detail = "实名购买退热药", region = "150502001002" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var report = await created.Content.ReadFromJsonAsync<SentinelDto>();
        Assert.Equal("139****0001", report!.Phone);
        Assert.Equal("regulatorChecked", report.NextStage);

        string[] expected = ["regulatorChecked", "forwardedToHeadquarters", "communityCheckAssigned", "communityCheckDone"];
        foreach (var stage in expected)
        {
            var step = await (await client.PostAsJsonAsync($"/api/sentinels/{report.Id}/advance", new { note = stage })).Content.ReadFromJsonAsync<SentinelDto>();
            Assert.Equal(stage, step!.Stage);
        }
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/sentinels/{report.Id}/advance", new { note = "" })).StatusCode);
        var done = (await client.GetListAsync<SentinelDto>("/api/sentinels"))!.Single(r => r.Id == report.Id);
        Assert.Equal(["reported", .. expected], done.Steps.Select(s => s.Stage));
        Assert.All(done.Steps, s => Assert.Equal("horqin", s.By));
    }

    [Fact]
    public async Task BadReportIsRefusedByFieldAndAnotherCountyIsForbidden()
    {
        var client = await factory.SignedInAsync("horqin");
        var bad = await client.PostAsJsonAsync("/api/sentinels", new { kind = "hospital", reporter = "", personName = "", detail = "", region = "150502001002" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var text = await bad.Content.ReadAsStringAsync();
        foreach (var field in new[] { "kind", "reporter", "personName", "detail" }) Assert.Contains($"\"{field}\"", text);
        var other = await client.PostAsJsonAsync("/api/sentinels", new { kind = "clinic", reporter = "某诊所", personName = "甲", detail = "发热", region = "150523100001" });
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }
}

public sealed class SqliteSentinelApiTests() : SentinelApiTests<SqliteFactory>(new());

public sealed class PostgresSentinelApiTests() : SentinelApiTests<PostgresFactory>(new());
