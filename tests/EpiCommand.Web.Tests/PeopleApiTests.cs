using System.Net;
using System.Net.Http.Json;
using EpiCommand.Web.Organisation;
using EpiCommand.Web.People;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// One person model (requirements A3): accounts, liaisons and the duty roster are people of the organisation. On SQLite and
/// PostgreSQL.
/// </summary>
public abstract class PeopleApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task EveryAccountAndEveryLiaisonIsAPersonOfTheDirectory()
    {
        var city = await factory.SignedInAsync("city");
        var people = (await city.GetListAsync<PersonDto>("/api/people?limit=200"))!;
        Assert.Contains(people, p => p.UserName == "horqin" && p.RegionName == "科尔沁区");
        Assert.Contains(people, p => p.Name == "王海燕" && p.Liaison && p.OnDutyToday && p.UserName is null);
        var horqin = await factory.SignedInAsync("horqin");
        var own = (await horqin.GetListAsync<PersonDto>("/api/people?limit=200"))!;
        Assert.All(own, p => Assert.Equal("150502", p.RegionCode));
        Assert.Contains(own, p => p.Name == "张立新");
    }

    [Fact]
    public async Task AnAdministratorsNewUserIsAPersonAndAChangeOfThePersonIsTheAccountsToo()
    {
        var admin = await factory.SignedInAsync("admin");
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = "naiman-duty", displayName = "奈曼旗值班员", unit = (string?)null, phone = "13904755555", region = "150525", roles = new[] { "Headquarters" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var person = Assert.Single((await admin.GetListAsync<PersonDto>("/api/people?q=奈曼旗值班员"))!);
        Assert.Equal("naiman-duty", person.UserName);
        Assert.Equal("13904755555", person.Phone);

        var changed = await admin.PutAsJsonAsync($"/api/people/{person.Id}", new { name = "奈曼旗总值班", unit = (string?)null, position = "总值班", phone = "13904756666", liaison = false, version = person.Version });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var user = await admin.GetFromJsonAsync<Users.UserDto>("/api/users/naiman-duty");
        Assert.Equal("奈曼旗总值班", user!.DisplayName);
        Assert.Equal("13904756666", user.Phone);
        // The same change from the version read before: someone changed it meanwhile.
        var stale = await admin.PutAsJsonAsync($"/api/people/{person.Id}", new { name = "别的名字", liaison = false, version = person.Version });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task TheDutyRosterNamesWhoIsOnDutyAndTheOrganisationShowsIt()
    {
        var city = await factory.SignedInAsync("city");
        var li = Assert.Single((await city.GetListAsync<PersonDto>("/api/people?q=李建国"))!);
        Assert.False(li.OnDutyToday);
        var today = Domain.Time.ChinaTime.DayOf(factory.Clock.GetUtcNow());
        var assigned = await city.PostAsJsonAsync("/api/duty", new { personId = li.Id, day = today, role = "值班" });
        Assert.Equal(HttpStatusCode.Created, assigned.StatusCode);
        var again = await city.PostAsJsonAsync("/api/duty", new { personId = li.Id, day = today, role = "值班" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var roster = (await city.GetListAsync<DutyDto>("/api/duty"))!;
        var duty = Assert.Single(roster, d => d.PersonName == "李建国");
        Assert.Equal("市公安局", duty.Unit);
        var organisation = await city.GetFromJsonAsync<OrganisationDto>("/api/regions/150500/organisation");
        Assert.Contains(organisation!.Liaison, l => l.Name == "李建国" && l.OnDuty);

        Assert.Equal(HttpStatusCode.NoContent, (await city.DeleteAsync($"/api/duty/{duty.Id}")).StatusCode);
        Assert.DoesNotContain((await city.GetListAsync<DutyDto>("/api/duty"))!, d => d.PersonName == "李建国");
    }

    [Fact]
    public async Task BadPeopleAreRefusedByFieldAndOnlyTheHeadquartersKeepsThem()
    {
        var city = await factory.SignedInAsync("city");
        var bad = await city.PostAsJsonAsync("/api/people", new { name = "", unit = "不存在的单位", phone = "12345", region = "150500" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var text = await bad.Content.ReadAsStringAsync();
        foreach (var field in new[] { "name", "unit", "phone" }) Assert.Contains($"\"{field}\"", text);

        var expert = await factory.SignedInAsync("expert");
        Assert.Equal(HttpStatusCode.Forbidden, (await expert.PostAsJsonAsync("/api/people", new { name = "某人", region = "150500" })).StatusCode);
        var horqin = await factory.SignedInAsync("horqin");
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/people", new { name = "外县人员", region = "150523" })).StatusCode);
        using var db = factory.CreateDbContext();
        Assert.False(await db.People.AnyAsync(p => p.Name == "某人" || p.Name == "外县人员"));
    }
}

public sealed class SqlitePeopleApiTests() : PeopleApiTests<SqliteFactory>(new());

public sealed class PostgresPeopleApiTests() : PeopleApiTests<PostgresFactory>(new());
