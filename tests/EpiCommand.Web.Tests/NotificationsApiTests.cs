using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Surveillance;
using EpiCommand.Web.Clocks;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>The notification centre and the units' group robots (J5) over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class NotificationsApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Horqin = "150502";
    private const string HorqinPath = "/150000/150500/150502/";

    [Fact]
    public async Task UserSeesTheNotificationsOfTheirRegionForEveryoneTheirUnitOrTheirRole()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        using (var db = factory.CreateDbContext())
        {
            foreach (var (unit, role) in new (string?, string?)[] { (null, null), (TaskSteps.Cdc, null), ("医疗机构", null), (null, Roles.Expert), (null, Roles.Headquarters) })
            {
                db.Notifications.Add(new Notification
                {
                    RegionCode = Horqin, RegionPath = HorqinPath, Title = $"{tag} {unit ?? "所有单位"} {role ?? "所有角色"}", Body = "测试", Link = "/tasks",
                    Unit = unit, Role = role, CreatedAt = factory.Clock.GetUtcNow(),
                });
            }
            db.Notifications.Add(new Notification { RegionCode = "150500", RegionPath = "/150000/150500/", Title = $"{tag} 市级", Body = "测试", CreatedAt = factory.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var unitUser = await factory.SignedInAsync("horqin-cdc");
        var mine = (await unitUser.GetListAsync<NotificationDto>("/api/notifications"))!.Where(n => n.Title.StartsWith(tag, StringComparison.Ordinal)).Select(n => n.Title).ToList();
        Assert.Equal([$"{tag} {TaskSteps.Cdc} 所有角色", $"{tag} 所有单位 所有角色"], mine);
        var headquarters = await factory.SignedInAsync("horqin");
        var theirs = (await headquarters.GetListAsync<NotificationDto>("/api/notifications"))!.Where(n => n.Title.StartsWith(tag, StringComparison.Ordinal)).Select(n => n.Title).ToList();
        Assert.Equal([$"{tag} 所有单位 {Roles.Headquarters}", $"{tag} 所有单位 所有角色"], theirs);

        var before = (await unitUser.GetFromJsonAsync<UnreadCount>("/api/notifications/unread-count"))!.Count;
        var unitOnly = (await unitUser.GetListAsync<NotificationDto>("/api/notifications?unread=true"))!.First(n => n.Title.StartsWith(tag, StringComparison.Ordinal) && n.Unit == TaskSteps.Cdc);
        Assert.Equal(HttpStatusCode.NoContent, (await unitUser.PostAsync($"/api/notifications/{unitOnly.Id}/read", null)).StatusCode);
        Assert.Equal(before - 1, (await unitUser.GetFromJsonAsync<UnreadCount>("/api/notifications/unread-count"))!.Count);
        Assert.Equal(HttpStatusCode.NotFound, (await unitUser.PostAsync($"/api/notifications/{unitOnly.Id}/read", null)).StatusCode);

        long hospitalOnly;
        using (var db = factory.CreateDbContext())
        {
            hospitalOnly = await db.Notifications.Where(n => n.Title.StartsWith(tag) && n.Unit == "医疗机构").Select(n => n.Id).SingleAsync();
        }
        Assert.Equal(HttpStatusCode.NotFound, (await unitUser.PostAsync($"/api/notifications/{hospitalOnly}/read", null)).StatusCode);

        var readAll = await unitUser.PostAsync("/api/notifications/read-all", null);
        Assert.Equal(before - 1, (await readAll.Content.ReadFromJsonAsync<UnreadCount>())!.Count);
        Assert.Equal(0, (await unitUser.GetFromJsonAsync<UnreadCount>("/api/notifications/unread-count"))!.Count);
        using (var db = factory.CreateDbContext())
        {
            Assert.Null(await db.Notifications.Where(n => n.Id == hospitalOnly).Select(n => n.ReadAt).SingleAsync());
            Assert.Null(await db.Notifications.Where(n => n.Title == $"{tag} 所有单位 {Roles.Expert}").Select(n => n.ReadAt).SingleAsync());
        }
    }

    [Fact]
    public async Task HeadquartersConfiguresHttpsRobotsForUnitsOfItsRegionOnly()
    {
        var hq = await factory.SignedInAsync("horqin");
        var group = (await hq.GetFromJsonAsync<List<string>>($"/api/unit-webhooks/units?region={Horqin}"))!.First(u => u.EndsWith('组'));
        var url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + Guid.NewGuid();
        var added = await hq.PostAsJsonAsync("/api/unit-webhooks", new { region = Horqin, unit = group, url });
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        var hook = (await added.Content.ReadFromJsonAsync<UnitWebhookDto>())!;
        Assert.Equal((Horqin, group, url, true, "horqin"), (hook.Region, hook.Unit, hook.Url, hook.Enabled, hook.UpdatedBy));

        await Refused(hq.PostAsJsonAsync("/api/unit-webhooks", new { region = Horqin, unit = group, url }), HttpStatusCode.Conflict, "robot-exists");
        await Refused(hq.PostAsJsonAsync("/api/unit-webhooks", new { region = Horqin, unit = TaskSteps.Cdc, url = "http://robot.example/hook" }), HttpStatusCode.BadRequest, "url");
        await Refused(hq.PostAsJsonAsync("/api/unit-webhooks", new { region = Horqin, unit = "不存在的单位", url }), HttpStatusCode.BadRequest, "unit");
        await Refused(hq.PostAsJsonAsync("/api/unit-webhooks", new { region = "150523", unit = TaskSteps.Cdc, url }), HttpStatusCode.Forbidden, "outside-jurisdiction");
        var unitUser = await factory.SignedInAsync("horqin-cdc");
        Assert.Equal(HttpStatusCode.Forbidden, (await unitUser.PostAsJsonAsync("/api/unit-webhooks", new { region = Horqin, unit = TaskSteps.Cdc, url })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await unitUser.GetAsync("/api/unit-webhooks")).StatusCode);

        var admin = await factory.SignedInAsync("admin");
        Assert.Contains((await admin.GetFromJsonAsync<List<UnitWebhookDto>>("/api/unit-webhooks"))!, h => h.Id == hook.Id);
        var changed = await admin.PutAsJsonAsync($"/api/unit-webhooks/{hook.Id}", new { unit = group, url = url + "&v=2", enabled = false });
        Assert.True(changed.StatusCode == HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());
        var disabled = (await changed.Content.ReadFromJsonAsync<UnitWebhookDto>())!;
        Assert.Equal((false, "admin", url + "&v=2"), (disabled.Enabled, disabled.UpdatedBy, disabled.Url));

        Assert.Equal(HttpStatusCode.NoContent, (await hq.DeleteAsync($"/api/unit-webhooks/{hook.Id}")).StatusCode);
        Assert.DoesNotContain((await hq.GetFromJsonAsync<List<UnitWebhookDto>>("/api/unit-webhooks"))!, h => h.Id == hook.Id);
        using var db = factory.CreateDbContext();
        var audit = await db.AuditEntries.Where(e => e.SubjectType == "unitWebhook" && e.SubjectId == hook.Id.ToString(CultureInfo.InvariantCulture)).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["webhook.added", "webhook.updated", "webhook.deleted"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.DoesNotContain("key=", e.Data));
    }

    [Fact]
    public async Task NewTasksArePostedToTheUnitsRobot()
    {
        await TaskSteps.AddUserAsync(factory, "naiman-hq", Roles.Headquarters, "150525");
        var hq = await factory.SignedInAsync("naiman-hq");
        var url = "https://oapi.dingtalk.com/robot/send?access_token=" + Guid.NewGuid().ToString("N");
        var added = await hq.PostAsJsonAsync("/api/unit-webhooks", new { region = "150525", unit = TaskSteps.Cdc, url });
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());

        await TaskSteps.ActivateLevelFourAsync(factory, "150525", "naiman-hq");

        var call = Assert.Single(await ResponseSteps.PostedAsync(factory), c => c.Url == url);
        Assert.StartsWith("【新任务", TaskSteps.RobotText(call.Body));
    }

    /// <summary>Invalid input names the field in the errors map; any other refusal names its rule in the problem's type.</summary>
    private static async Task Refused(Task<HttpResponseMessage> request, HttpStatusCode status, string fieldOrRule)
    {
        var response = await request;
        Assert.Equal(status, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        if (status == HttpStatusCode.BadRequest) Assert.True(problem.GetProperty("errors").TryGetProperty(fieldOrRule, out _), problem.ToString());
        else Assert.Equal("urn:epicommand:problem:" + fieldOrRule, problem.GetProperty("type").GetString());
    }
}

public sealed class SqliteNotificationsApiTests() : NotificationsApiTests<SqliteFactory>(new());

public sealed class PostgresNotificationsApiTests() : NotificationsApiTests<PostgresFactory>(new());
