using System.Net;
using System.Net.Http.Json;
using EpiCommand.Data.Surveillance;
using EpiCommand.Web.Clusters;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Clusters as a feature (issue 11 §2): the engine's clusters over the stored cases, listed per jurisdiction, one by one with
/// curves and graph; a formation notifies the county and city headquarters and starts the plan's clusterFound clock, once.
/// </summary>
public abstract class ClustersApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    private const string Kailu = "150523", KailuTown = "150523100001";

    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task TheDemoClustersAreListedActiveFirstWithTheirCasesCurvesAndGraph()
    {
        var city = await factory.SignedInAsync("city");
        var page = (await city.GetFromJsonAsync<Page<ClusterDto>>("/api/regions/150500/clusters"))!;
        // The demo outbreak (samples/tongliao-cluster.json): the school S1 (B01–B05) and the family S2 (B06–B10), both in 科尔沁区.
        Assert.Equal(2, page.Total);
        Assert.All(page.Items, c => Assert.Equal(("150502", "科尔沁区", true, 5), (c.County, c.CountyName, c.Active, c.Cases)));
        var school = Assert.Single(page.Items, c => c.Setting == "S1");
        Assert.Equal(("明仁街道某小学", "school"), (school.SettingName, school.SettingType));
        Assert.Equal($"S1@{school.FormedOn:yyyy-MM-dd}", school.Id);
        Assert.Equal(school.LastCaseDate, school.FormedOn);

        // Paged with the shared cursor: one a page, the second page ends the list.
        var first = (await city.GetFromJsonAsync<Page<ClusterDto>>("/api/regions/150500/clusters?limit=1"))!;
        var second = (await city.GetFromJsonAsync<Page<ClusterDto>>($"/api/regions/150500/clusters?limit=1&after={first.Next}"))!;
        Assert.Equal(page.Items.Select(c => c.Id), first.Items.Concat(second.Items).Select(c => c.Id));
        Assert.Null(second.Next);
        Assert.Empty((await city.GetFromJsonAsync<Page<ClusterDto>>("/api/regions/150500/clusters?status=over"))!.Items);
        Assert.Empty((await city.GetFromJsonAsync<Page<ClusterDto>>("/api/regions/150525/clusters"))!.Items);
        var bad = await city.GetAsync("/api/regions/150500/clusters?status=maybe&after=zzz");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("\"status\"", problem);
        Assert.Contains("\"after\"", problem);

        var detail = (await city.GetFromJsonAsync<ClusterDetail>($"/api/clusters/{Uri.EscapeDataString(school.Id)}"))!;
        Assert.Equal(["B01", "B02", "B03", "B04", "B05"], detail.Nodes.Where(n => n.Kind != "setting").Select(n => n.Id));
        Assert.Equal(("setting:S1", "明仁街道某小学", true), Assert.Single(detail.Nodes, n => n.Kind == "setting") is var s ? (s.Id, s.Label, s.InCluster) : default);
        // linkedTo: B02→B01, B03→B01, B04→B02, B05→B02; each case joined to the school.
        Assert.Equal(["B02>B01", "B03>B01", "B04>B02", "B05>B02"], detail.Edges.Where(e => e.Kind == "linked").Select(e => $"{e.From}>{e.To}").Order());
        Assert.Equal(5, detail.Edges.Count(e => e.Kind == "setting" && e.To == "setting:S1"));
        Assert.Equal(5, detail.ByReport.Sum(p => p.Confirmed + p.Asymptomatic));
        Assert.Equal(detail.ByReport.Select(p => p.Day), detail.ByOnset.Select(p => p.Day));
        Assert.Equal(school.LastCaseDate, detail.ByReport[^1].Day);

        var cases = (await city.GetFromJsonAsync<Page<CaseDto>>($"/api/clusters/{Uri.EscapeDataString(school.Id)}/cases?limit=2"))!;
        Assert.Equal((5, 2), (cases.Total, cases.Items.Count));
        Assert.Equal("B05", cases.Items[0].Id);
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync("/api/clusters/S1@2000-01-01")).StatusCode);

        // A county sees its own clusters; another county's list is refused, and a cluster outside the jurisdiction is not found.
        var horqin = await factory.SignedInAsync("horqin");
        Assert.Equal(2, (await horqin.GetFromJsonAsync<Page<ClusterDto>>("/api/regions/150502/clusters"))!.Total);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync("/api/regions/150500/clusters")).StatusCode);

        // The demo's clusters were announced when the city was loaded: to 科尔沁区 and to the city, once.
        await using var db = factory.CreateDbContext();
        Assert.Equal(2, await db.Clusters.CountAsync(c => c.AnnouncedAt != null && c.RegionCode == "150502"));
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.RegionCode == "150500" && n.Title == "聚集性疫情：科尔沁区明仁街道某小学"));
    }

    [Fact]
    public async Task AFormationNotifiesTheCountyAndCityOnceAndStartsTheClusterClock()
    {
        var cdc = await factory.SignedInAsync("cdc");
        var setting = $"KS-{Guid.NewGuid():N}"[..12];
        var created = await cdc.PostAsJsonAsync("/api/settings", new { id = setting, name = "开鲁镇某超市", type = "store", region = KailuTown });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var now = factory.Clock.GetUtcNow();
        async Task Register(int n)
        {
            var response = await cdc.PostAsJsonAsync("/api/cases", new
            {
                id = $"{setting}-{n}", classification = "confirmed", personName = $"测试{n}", region = KailuTown, reportedAt = now.AddMinutes(-50 + n),
                infectionSource = "linked", setting,
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        for (var n = 1; n <= 4; n++) await Register(n);
        Assert.Equal(0, await AnnounceAsync());
        await using (var db = factory.CreateDbContext())
        {
            Assert.False(await db.Clusters.AnyAsync(c => c.SettingId == setting));
        }

        await Register(5);
        // Four announcers at once (and the platform's own watcher, woken by the write): one records it.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => AnnounceAsync()));
        await using (var db = factory.CreateDbContext())
        {
            var id = ClusterService.IdOf(setting, Domain.Time.ChinaTime.DayOf(now));
            var record = await db.Clusters.SingleAsync(c => c.SettingId == setting);
            Assert.Equal((id, Kailu), (record.Id, record.RegionCode));
            Assert.NotNull(record.AnnouncedAt);
            // 001 §4.4, plans/tongliao-2020.yaml phe-report-cluster: 2 hours from the report of the fifth case.
            var clock = await db.Clocks.SingleAsync(c => c.Subject == id);
            Assert.Equal(("phe-report-cluster", Kailu), (clock.ClockId, clock.RegionCode));
            Assert.Equal(now.AddMinutes(-45).AddHours(2), clock.DueAt);
            var notices = await db.Notifications.Where(n => n.Link == "/clusters/" + Uri.EscapeDataString(id)).ToListAsync();
            Assert.Equal(["150500", Kailu], notices.Select(n => n.RegionCode).Order());
            Assert.All(notices, n => Assert.Contains("开鲁镇某超市（商场/超市）", n.Body));
            Assert.All(notices, n => Assert.Contains("2小时内完成：突发公共卫生事件网络直报（聚集性疫情）（§4.4）", n.Body));
        }
        Assert.Equal(0, await AnnounceAsync());
        var listed = (await cdc.GetFromJsonAsync<Page<ClusterDto>>($"/api/regions/{Kailu}/clusters"))!;
        Assert.Equal((setting, 5, true, "store"), Assert.Single(listed.Items) is var c ? (c.Setting, c.Cases, c.Active, c.SettingType) : default);
    }

    private async Task<int> AnnounceAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ClusterAnnouncer>().AnnounceAsync(TestContext.Current.CancellationToken);
    }
}

public sealed class SqliteClustersApiTests() : ClustersApiTests<SqliteFactory>(new());

public sealed class PostgresClustersApiTests() : ClustersApiTests<PostgresFactory>(new());
