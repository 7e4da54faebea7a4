using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Zones;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>Control zones and lockdowns (E3; 001 §5.2.6, §5.3.2) over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class ZonesApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Mingren = "150502004001";
    private const string Kailu = "150523100001";
    private const string Holingol = "150581";

    private static object Zone(string region, string name, string kind = "controlZone", string? unitKind = "building", DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null) =>
        new { region, kind, unitKind, name, reason = "病例居住楼栋，14天内出现2例确诊病例", startsAt, endsAt };

    /// <summary>The message the problem's errors map gives for a field (invalid input names the field there, not in the text).</summary>
    private static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.TryGetProperty("errors", out var errors), problem.RootElement.ToString());
        Assert.True(errors.TryGetProperty(field, out var messages), problem.RootElement.ToString());
        return messages[0].GetString()!;
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    private static string RobotText(string body)
    {
        using var message = JsonDocument.Parse(body);
        return message.RootElement.GetProperty("text").GetProperty("content").GetString()!;
    }

    private static async Task<ZoneDto> CreatedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ZoneDto>())!;
    }

    [Fact]
    public async Task ControlZoneIsDesignatedPublishedExtendedAndLiftedWithEveryStepAudited()
    {
        var city = await factory.SignedInAsync("city");
        var now = factory.Clock.GetUtcNow();
        var name = $"明仁小区{Guid.NewGuid():N}"[..12] + "号楼";

        var zone = await CreatedAsync(await city.PostAsJsonAsync("/api/zones", Zone(Mingren, name)));
        Assert.Equal(("draft", "draft", "building"), (zone.State, zone.Status, zone.UnitKind));
        Assert.Equal(now, zone.StartsAt);
        Assert.Equal(now.AddDays(14), zone.EndsAt);

        var published = await (await city.PostAsJsonAsync($"/api/zones/{zone.Id}/publish", new { version = zone.Version })).Content.ReadFromJsonAsync<ZoneDto>();
        Assert.Equal(("published", "active", "city"), (published!.State, published.Status, published.PublishedBy));
        Assert.Equal(HttpStatusCode.Conflict, (await city.PostAsJsonAsync($"/api/zones/{zone.Id}/publish", new { })).StatusCode);

        var earlier = await city.PostAsJsonAsync($"/api/zones/{zone.Id}/extend", new { endsAt = zone.EndsAt.AddDays(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, earlier.StatusCode);
        Assert.NotEmpty(await FieldErrorAsync(earlier, "endsAt"));
        var extended = await (await city.PostAsJsonAsync($"/api/zones/{zone.Id}/extend", new { endsAt = zone.EndsAt.AddDays(7) })).Content.ReadFromJsonAsync<ZoneDto>();
        Assert.Equal(zone.EndsAt.AddDays(7), extended!.EndsAt);

        var noReason = await city.PostAsJsonAsync($"/api/zones/{zone.Id}/lift", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.NotEmpty(await FieldErrorAsync(noReason, "reason"));
        var lifted = await (await city.PostAsJsonAsync($"/api/zones/{zone.Id}/lift", new { reason = "14天内无新增病例，终末消毒完成" })).Content.ReadFromJsonAsync<ZoneDto>();
        Assert.Equal(("lifted", "city", "14天内无新增病例，终末消毒完成"), (lifted!.State, lifted.LiftedBy, lifted.LiftReason));
        Assert.Equal(HttpStatusCode.Conflict, (await city.PostAsJsonAsync($"/api/zones/{zone.Id}/extend", new { endsAt = zone.EndsAt.AddDays(30) })).StatusCode);

        using var db = factory.CreateDbContext();
        var actions = await db.AuditEntries.Where(e => e.SubjectType == "zone" && e.SubjectId == zone.Id.ToString(CultureInfo.InvariantCulture)).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
        Assert.Equal(["zone.designated", "zone.published", "zone.extended", "zone.lifted"], actions);
        var told = await db.Notifications.Where(n => n.Title.Contains(name)).Select(n => new { n.RegionCode, n.Title }).ToListAsync();
        Assert.Contains(told, n => n.RegionCode == Mingren && n.Title.StartsWith("管控区域已发布", StringComparison.Ordinal));
        Assert.Contains(told, n => n.RegionCode == "150502" && n.Title.StartsWith("管控区域已发布", StringComparison.Ordinal));
        Assert.Contains(told, n => n.RegionCode == Mingren && n.Title.StartsWith("管控区域已解除", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PublishingAZoneOfACountyCallsItsWebhook()
    {
        var city = await factory.SignedInAsync("city");
        var name = $"霍林郭勒车间{Guid.NewGuid():N}"[..14];
        var zone = await CreatedAsync(await city.PostAsJsonAsync("/api/zones", Zone(Holingol, name, unitKind: "workshop")));
        Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/zones/{zone.Id}/publish", new { })).StatusCode);
        Assert.Contains(await ResponseSteps.PostedAsync(factory), c => c.Url.Contains("key=huolinguole") && RobotText(c.Body).StartsWith("【管控区域已发布：霍林郭勒市" + name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BadZonesAreRefusedSayingWhatAndWhere()
    {
        var city = await factory.SignedInAsync("city");
        var now = factory.Clock.GetUtcNow();

        var unit = await city.PostAsJsonAsync("/api/zones", Zone(Mingren, "一楼", unitKind: "floor"));
        Assert.Equal(HttpStatusCode.BadRequest, unit.StatusCode);
        Assert.NotEmpty(await FieldErrorAsync(unit, "unitKind"));
        var cityLevel = await city.PostAsJsonAsync("/api/zones", Zone("150500", "全市"));
        Assert.Equal(HttpStatusCode.BadRequest, cityLevel.StatusCode);
        Assert.NotEmpty(await FieldErrorAsync(cityLevel, "region"));
        var backwards = await city.PostAsJsonAsync("/api/zones", Zone(Mingren, "2号楼", startsAt: now.AddDays(2), endsAt: now.AddDays(1)));
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.NotEmpty(await FieldErrorAsync(backwards, "endsAt"));
        var kind = await city.PostAsJsonAsync("/api/zones", Zone(Mingren, "3号楼", kind: "quarantine"));
        Assert.NotEmpty(await FieldErrorAsync(kind, "kind"));
        Assert.Equal(HttpStatusCode.NotFound, (await city.PostAsJsonAsync("/api/zones", Zone("999999999999", "4号楼"))).StatusCode);
    }

    [Fact]
    public async Task OnlyHeadquartersDesignatesAndChangesZones()
    {
        var city = await factory.SignedInAsync("city");
        var zone = await CreatedAsync(await city.PostAsJsonAsync("/api/zones", Zone(Mingren, "5号楼")));
        foreach (var user in new[] { "expert", "cdc" })
        {
            var client = await factory.SignedInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/zones", Zone(Mingren, "6号楼"))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/zones/{zone.Id}/publish", new { })).StatusCode);
            Assert.Contains((await client.GetListAsync<ZoneDto>("/api/zones"))!, z => z.Id == zone.Id);
        }
    }

    [Fact]
    public async Task CountyHeadquartersSeesAndChangesOnlyItsOwnZones()
    {
        var city = await factory.SignedInAsync("city");
        var kailu = await CreatedAsync(await city.PostAsJsonAsync("/api/zones", Zone(Kailu, "开鲁东城小区", unitKind: "compound")));
        var horqin = await factory.SignedInAsync("horqin");
        var own = await CreatedAsync(await horqin.PostAsJsonAsync("/api/zones", Zone(Mingren, "7号楼")));

        var list = (await horqin.GetListAsync<ZoneDto>("/api/zones"))!;
        Assert.Contains(list, z => z.Id == own.Id);
        Assert.DoesNotContain(list, z => z.Id == kailu.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsJsonAsync($"/api/zones/{kailu.Id}/publish", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/zones", Zone(Kailu, "8号楼"))).StatusCode);
    }

    [Fact]
    public async Task AStaleVersionIsRefused()
    {
        var city = await factory.SignedInAsync("city");
        var zone = await CreatedAsync(await city.PostAsJsonAsync("/api/zones", Zone(Mingren, "9号楼")));
        Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/zones/{zone.Id}/extend", new { endsAt = zone.EndsAt.AddDays(1), version = zone.Version })).StatusCode);
        var stale = await city.PostAsJsonAsync($"/api/zones/{zone.Id}/publish", new { version = zone.Version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("已被他人修改", await DetailAsync(stale));
    }

    [Fact]
    public async Task ZonesAreFilteredByStatus()
    {
        var city = await factory.SignedInAsync("city");
        var lifted = await CreatedAsync(await city.PostAsJsonAsync("/api/zones", Zone(Mingren, "10号楼")));
        await city.PostAsJsonAsync($"/api/zones/{lifted.Id}/lift", new { reason = "误划" });
        var draft = await CreatedAsync(await city.PostAsJsonAsync("/api/zones", Zone(Mingren, "11号楼")));
        var active = await CreatedAsync(await city.PostAsJsonAsync("/api/zones", Zone(Mingren, "12号楼")));
        await city.PostAsJsonAsync($"/api/zones/{active.Id}/publish", new { });

        // Issue 12 §1: newest first, a page at a time; the status (computed from now) filters in SQL.
        var ids = (await city.GetListAsync<ZoneDto>($"/api/zones?region={Mingren}"))!.Select(z => z.Id).ToList();
        Assert.True(ids.IndexOf(active.Id) < ids.IndexOf(draft.Id));
        Assert.True(ids.IndexOf(draft.Id) < ids.IndexOf(lifted.Id));
        foreach (var (status, id) in new[] { ("active", active.Id), ("draft", draft.Id), ("lifted", lifted.Id) })
        {
            var kept = (await city.GetListAsync<ZoneDto>($"/api/zones?region={Mingren}&status={status}"))!;
            Assert.All(kept, z => Assert.Equal(status, z.Status));
            Assert.Contains(kept, z => z.Id == id);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await city.GetAsync("/api/zones?status=open")).StatusCode);
    }

    [Fact]
    public async Task ZonesPageListsTheZonesOfTheRegion()
    {
        var city = await factory.SignedInAsync("city");
        var name = $"页面{Guid.NewGuid():N}"[..10];
        await CreatedAsync(await city.PostAsJsonAsync("/api/zones", Zone(Mingren, name)));
        var html = WebUtility.HtmlDecode(await city.GetStringAsync("/zones?region=150502"));
        Assert.Contains("data-testid=\"zone-form\"", html);
        Assert.Contains(name, html);
        Assert.DoesNotContain(name, WebUtility.HtmlDecode(await city.GetStringAsync("/zones?region=150523")));
    }

    [Fact]
    public async Task LockdownIsRefusedBelowLevelThreeAndAllowedOnceALevelThreeResponseIsApproved()
    {
        var city = await factory.SignedInAsync("city");
        await ResponseSteps.ActiveResponseAsync(factory, "150502", "horqin", "IV");

        var refused = await city.PostAsJsonAsync("/api/zones", Zone(Mingren, "露天社区居委会", kind: "lockdown", unitKind: null));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var why = await DetailAsync(refused);
        Assert.Contains("§5.3.2", why);
        Assert.Contains("科尔沁区Ⅳ级", why);

        await ResponseSteps.ActiveResponseAsync(factory, "150500", "city", "III");
        var lockdown = await CreatedAsync(await city.PostAsJsonAsync("/api/zones", Zone(Mingren, "露天社区居委会", kind: "lockdown", unitKind: null)));
        Assert.Equal(("lockdown", "area"), (lockdown.Kind, lockdown.UnitKind));
        var published = await city.PostAsJsonAsync($"/api/zones/{lockdown.Id}/publish", new { });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        using var db = factory.CreateDbContext();
        Assert.True(await db.Notifications.AnyAsync(n => n.RegionCode == Mingren && n.Title.StartsWith("封锁疫区已发布")));
    }
}

public sealed class SqliteZonesApiTests() : ZonesApiTests<SqliteFactory>(new());

public sealed class PostgresZonesApiTests() : ZonesApiTests<PostgresFactory>(new());
