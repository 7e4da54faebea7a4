using System.Net;
using System.Net.Http.Json;
using EpiCommand.Web.Audit;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Users;

namespace EpiCommand.Web.Tests;

/// <summary>User administration (issue 18) over HTTP, on SQLite and on PostgreSQL: administrators manage the users of their jurisdiction and below.</summary>
public abstract class UsersApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    private const string NewPassword = "Keerqin#2026ok";

    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task AdministratorCreatesAUserWhoMustChangeTheOneTimePasswordAndTheChangeIsAudited()
    {
        var admin = await factory.SignedInAsync("admin");
        var created = await admin.PostAsJsonAsync("/api/users", new
        {
            userName = "kailu-cdc", displayName = "开鲁县疾控中心流调员", unit = "疾病预防控制机构", phone = "13904753009", region = "150523", roles = new[] { "Investigator" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/users/kailu-cdc", created.Headers.Location?.OriginalString);
        var issued = (await created.Content.ReadFromJsonAsync<IssuedPassword>())!;
        Assert.Equal(("150523", "开鲁县", "疾病预防控制机构", true), (issued.User.RegionCode, issued.User.RegionName, issued.User.Unit, issued.User.MustChangePassword));
        Assert.Equal(["Investigator"], issued.User.Roles);

        var user = CreateClient();
        var signIn = await EpiCommandFactory.SignInAsync(user, "kailu-cdc", issued.OneTimePassword);
        Assert.StartsWith("/account/change-password", signIn.Headers.Location?.OriginalString);
        var refused = await user.GetAsync("/api/cases");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("urn:epicommand:problem:password-change-required", await refused.Content.ReadAsStringAsync());
        var same = await user.PostAsJsonAsync("/api/account/password", new { currentPassword = issued.OneTimePassword, newPassword = issued.OneTimePassword });
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Contains("\"newPassword\"", await same.Content.ReadAsStringAsync());
        var wrong = await user.PostAsJsonAsync("/api/account/password", new { currentPassword = "not-it", newPassword = NewPassword });
        Assert.Contains("\"currentPassword\"", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await user.PostAsJsonAsync("/api/account/password", new { currentPassword = issued.OneTimePassword, newPassword = NewPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/cases")).StatusCode);

        var audit = (await admin.GetListAsync<AuditEntryDto>("/api/audit?subjectType=user&subjectId=kailu-cdc"))!;
        Assert.Equal(["user.created", "user.password-changed"], audit.OrderBy(e => e.Sequence).Select(e => e.Action));
        Assert.Equal(["admin", "kailu-cdc"], audit.OrderBy(e => e.Sequence).Select(e => e.Actor));
        Assert.DoesNotContain(audit, e => e.Data.Contains(issued.OneTimePassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListPagesOnTheServerAndSearches()
    {
        var admin = await factory.SignedInAsync("admin");
        var names = new List<string>();
        string? after = null;
        do
        {
            var page = (await admin.GetFromJsonAsync<Page<UserDto>>($"/api/users?limit=3{(after is null ? "" : "&after=" + after)}"))!;
            Assert.True(page.Items.Count <= 3);
            names.AddRange(page.Items.Select(u => u.UserName));
            after = page.Next;
        }
        while (after is not null);
        Assert.Equal(["admin", "cdc", "city", "expert", "horqin", "horqin-cdc", "naiman", "office"], names);
        // The shared shape of every list: the first page counts.
        Assert.Equal(8, (await admin.GetFromJsonAsync<Page<UserDto>>("/api/users?limit=3"))!.Total);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/users?after=not-a-cursor")).StatusCode);

        var found = (await admin.GetFromJsonAsync<Page<UserDto>>("/api/users?q=科尔沁"))!;
        Assert.Equal(["horqin", "horqin-cdc"], found.Items.Select(u => u.UserName));
        var county = (await admin.GetFromJsonAsync<Page<UserDto>>("/api/users?region=150502"))!;
        Assert.Equal(["horqin", "horqin-cdc"], county.Items.Select(u => u.UserName));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/users?limit=0")).StatusCode);
    }

    [Fact]
    public async Task BadInputIsRefusedByFieldAndNothingIsStored()
    {
        var admin = await factory.SignedInAsync("admin");
        var bad = await admin.PostAsJsonAsync("/api/users", new { userName = "有 空格", displayName = "", unit = "没有这个单位", phone = "123", region = "150502", roles = new[] { "Investigator", "Mayor" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var text = await bad.Content.ReadAsStringAsync();
        foreach (var field in new[] { "userName", "displayName", "unit", "phone", "roles[1]" }) Assert.Contains($"\"{field}\"", text);
        var noRoles = await admin.PostAsJsonAsync("/api/users", new { userName = "x-user", displayName = "某人", region = "150502", roles = Array.Empty<string>() });
        Assert.Contains("\"roles\"", await noRoles.Content.ReadAsStringAsync());
        var taken = await admin.PostAsJsonAsync("/api/users", new { userName = "horqin", displayName = "重名", region = "150502", roles = new[] { "Expert" } });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        var page = (await admin.GetFromJsonAsync<Page<UserDto>>("/api/users?limit=200"))!;
        // Nothing stored: the demo's logins the administrator's city sees (the region's own user is above it).
        Assert.Equal(EpiCommand.Data.Demo.DemoSeeder.Logins.Count(l => l.RegionCode != EpiCommand.Data.Demo.DemoSeeder.RegionCode), page.Items.Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("city")).GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task RolesRegionAndUnitChangeAndTheLastAdministratorKeepsTheRole()
    {
        var admin = await factory.SignedInAsync("admin");
        var changed = await admin.PutAsJsonAsync("/api/users/cdc", new { displayName = "科尔沁区专家", unit = (string?)null, phone = "13904752009", region = "150502", roles = new[] { "Expert", "Investigator" } });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var user = (await changed.Content.ReadFromJsonAsync<UserDto>())!;
        Assert.Equal(("科尔沁区专家", "150502", (string?)null, "13904752009"), (user.DisplayName, user.RegionCode, user.Unit, user.Phone));
        Assert.Equal(["Expert", "Investigator"], user.Roles);
        var audit = (await admin.GetListAsync<AuditEntryDto>("/api/audit?subjectType=user&subjectId=cdc"))!;
        Assert.Contains("150502", Assert.Single(audit, e => e.Action == "user.changed").Data);

        var demoted = await admin.PutAsJsonAsync("/api/users/admin", new { displayName = "系统管理员", region = "150500", roles = new[] { "Headquarters" } });
        Assert.Equal(HttpStatusCode.BadRequest, demoted.StatusCode);
        Assert.Contains("last-administrator", await demoted.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/api/users/nobody", new { displayName = "x", region = "150500", roles = new[] { "Expert" } })).StatusCode);
    }

    [Fact]
    public async Task DisabledUserCannotSignInUntilEnabledAndTheLastAdministratorCannotBeDisabled()
    {
        var admin = await factory.SignedInAsync("admin");
        var horqin = await factory.SignedInAsync("horqin");
        Assert.True((await admin.PostAsync("/api/users/horqin/disable", null)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/api/users/horqin/disable", null)).StatusCode);
        Assert.Contains("error=invalid", (await EpiCommandFactory.SignInAsync(CreateClient(), "horqin", Data.Demo.DemoSeeder.DemoPassword)).Headers.Location?.OriginalString);
        // The session already open ends at its next check of the security stamp.
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await horqin.GetAsync("/api/cases")).StatusCode);

        Assert.True((await admin.PostAsync("/api/users/horqin/enable", null)).IsSuccessStatusCode);
        await factory.SignedInAsync("horqin");

        var self = await admin.PostAsync("/api/users/admin/disable", null);
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        var secondAdmin = await CreateAsync(admin, "horqin-admin", "150502", "Admin");
        var county = await SignInChangedAsync("horqin-admin", secondAdmin.OneTimePassword);
        // The county administrator cannot reach the city's: outside their jurisdiction it is not found.
        Assert.Equal(HttpStatusCode.NotFound, (await county.PostAsync("/api/users/admin/disable", null)).StatusCode);
        // The city's administrator covers the county, so the county's may be disabled.
        Assert.True((await admin.PostAsync("/api/users/horqin-admin/disable", null)).IsSuccessStatusCode);
        var audit = (await admin.GetListAsync<AuditEntryDto>("/api/audit?subjectType=user&subjectId=horqin"))!;
        Assert.Equal(["user.disabled", "user.enabled"], audit.OrderBy(e => e.Sequence).Select(e => e.Action));
    }

    [Fact]
    public async Task ResetGivesANewOneTimePasswordAndEndsTheOldOne()
    {
        var admin = await factory.SignedInAsync("admin");
        var reset = await admin.PostAsync("/api/users/expert/reset-password", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var issued = (await reset.Content.ReadFromJsonAsync<IssuedPassword>())!;
        Assert.True(issued.User.MustChangePassword);
        Assert.Contains("error=invalid", (await EpiCommandFactory.SignInAsync(CreateClient(), "expert", Data.Demo.DemoSeeder.DemoPassword)).Headers.Location?.OriginalString);
        Assert.StartsWith("/account/change-password", (await EpiCommandFactory.SignInAsync(CreateClient(), "expert", issued.OneTimePassword)).Headers.Location?.OriginalString);
        Assert.Contains((await admin.GetListAsync<AuditEntryDto>("/api/audit?subjectType=user&subjectId=expert"))!, e => e.Action == "user.password-reset");
    }

    [Fact]
    public async Task CountyAdministratorManagesOnlyTheCountysUsers()
    {
        var admin = await factory.SignedInAsync("admin");
        var issued = await CreateAsync(admin, "horqin-admin", "150502", "Admin");
        var county = await SignInChangedAsync("horqin-admin", issued.OneTimePassword);

        var page = (await county.GetFromJsonAsync<Page<UserDto>>("/api/users"))!;
        Assert.Equal(["horqin", "horqin-admin", "horqin-cdc"], page.Items.Select(u => u.UserName));
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync("/api/users/city")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.PutAsJsonAsync("/api/users/city", new { displayName = "x", region = "150502", roles = new[] { "Expert" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.PostAsync("/api/users/city/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await county.PostAsync("/api/users/city/reset-password", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.GetAsync("/api/users?region=150500")).StatusCode);
        var outside = await county.PostAsJsonAsync("/api/users", new { userName = "kailu", displayName = "开鲁", region = "150523", roles = new[] { "Headquarters" } });
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        var moved = await county.PutAsJsonAsync("/api/users/horqin", new { displayName = "科尔沁区指挥部值班员", region = "150500", roles = new[] { "Headquarters" } });
        Assert.Equal(HttpStatusCode.Forbidden, moved.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await county.PostAsJsonAsync("/api/users", new { userName = "horqin-2", displayName = "科尔沁区值班员二", region = "150502001", roles = new[] { "Headquarters" } })).StatusCode);
    }

    private HttpClient CreateClient() => factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<IssuedPassword> CreateAsync(HttpClient admin, string userName, string region, string role)
    {
        var created = await admin.PostAsJsonAsync("/api/users", new { userName, displayName = userName, region, roles = new[] { role } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<IssuedPassword>())!;
    }

    private async Task<HttpClient> SignInChangedAsync(string userName, string oneTimePassword)
    {
        var client = CreateClient();
        await EpiCommandFactory.SignInAsync(client, userName, oneTimePassword);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/account/password", new { currentPassword = oneTimePassword, newPassword = NewPassword })).StatusCode);
        return client;
    }
}

public sealed class SqliteUsersApiTests() : UsersApiTests<SqliteFactory>(new());

public sealed class PostgresUsersApiTests() : UsersApiTests<PostgresFactory>(new());
