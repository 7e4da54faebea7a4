using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.People;
using EpiCommand.Web.Readiness;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// The team register (001 §5.1.3(1); 000 §三(二)): teams whose rosters are the organisation's people, and the team norms of the plan
/// read over them. On SQLite and PostgreSQL.
/// </summary>
public abstract class TeamRegisterTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private static async Task<PersonDto> PersonAsync(HttpClient client, string name, string phone, string region = "150500")
    {
        var response = await client.PostAsJsonAsync("/api/people", new { name, position = "医师", phone, region });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PersonDto>())!;
    }

    private static async Task<TeamDto> TeamAsync(HttpClient client, object team)
    {
        var response = await client.PostAsJsonAsync("/api/readiness/teams", team);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TeamDto>())!;
    }

    private static NormResultDto CityNorm(ReadinessReport report, string id) => report.City!.Norms.Single(n => n.Id == id);

    [Fact]
    public async Task RostersOfPeopleMakeTheTeamNormsMeasurableAndTheCityFormsAllFourRescueTeamTypes()
    {
        var city = await factory.SignedInAsync("city");
        var before = (await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!;
        // The demo city has its mobile testing and epidemiology teams: two of the four types of 000 §三(二)1.
        Assert.Equal("met", CityNorm(before, "mobile-testing-team").Status);
        Assert.Equal("met", CityNorm(before, "mobile-epi-team").Status);
        var rescue = CityNorm(before, "medical-rescue-teams");
        Assert.Equal(("notMet", 2.0, "差 2 类"), (rescue.Status, rescue.Value!.Value, rescue.Shortfall));
        Assert.Equal("notMet", before.Counties.Single(c => c.RegionName == "开鲁县").Norms.Single(n => n.Id == "response-teams").Status);
        Assert.Equal(0, before.Counties.Single(c => c.RegionName == "开鲁县").Norms.Single(n => n.Id == "response-teams").Value);

        var doctor = await PersonAsync(city, "测试救治医师", "13904759001");
        var psychologist = await PersonAsync(city, "测试心理医师", "13904759002");
        var treatment = await TeamAsync(city, new
        {
            name = "市级医疗救治队", type = "medicalTreatment", mobile = true,
            members = new[] { new { personId = doctor.Id, role = "队长", onDuty = true }, new { personId = psychologist.Id, role = "队员", onDuty = false } },
        });
        Assert.Equal(("150500", "医疗救治", 1, 2), (treatment.RegionCode, treatment.TypeName, treatment.OnDuty, treatment.Members.Count));
        Assert.Equal("13904759001", treatment.Members.Single(m => m.PersonId == doctor.Id).Phone);
        // A team with nobody on its roster is not formed: the type does not count yet.
        var empty = await TeamAsync(city, new { name = "市级心理疏导队", type = "rehabilitationAndPsychology", mobile = false, members = Array.Empty<object>() });
        Assert.Equal(3.0, CityNorm((await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "medical-rescue-teams").Value);

        var changed = await city.PutAsJsonAsync($"/api/readiness/teams/{empty.Id}", new
        {
            name = "市级心理疏导队", type = "rehabilitationAndPsychology", mobile = false, members = new[] { new { personId = psychologist.Id, role = "队长", onDuty = true } }, version = empty.Version,
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("met", CityNorm((await city.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!, "medical-rescue-teams").Status);

        // The phone is the person's: changed once in the directory, changed on every roster.
        var renumbered = await city.PutAsJsonAsync($"/api/people/{doctor.Id}", new { name = doctor.Name, unit = doctor.Unit, position = doctor.Position, phone = "13904759009", liaison = false, version = doctor.Version });
        Assert.Equal(HttpStatusCode.OK, renumbered.StatusCode);
        var read = (await city.GetFromJsonAsync<TeamDto>($"/api/readiness/teams/{treatment.Id}"))!;
        Assert.Equal("13904759009", read.Members.Single(m => m.PersonId == doctor.Id).Phone);

        // The roster replaced: one kept with a new role, one taken off; audited with the roster before and after.
        var replaced = await city.PutAsJsonAsync($"/api/readiness/teams/{treatment.Id}", new
        {
            name = "市级医疗救治队", type = "medicalTreatment", mobile = true, members = new[] { new { personId = doctor.Id, role = "副队长", onDuty = true } }, version = read.Version,
        });
        var after = (await replaced.Content.ReadFromJsonAsync<TeamDto>())!;
        Assert.Equal(("副队长", 1), (Assert.Single(after.Members).Role, after.Members.Count));
        using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.TeamMembers.CountAsync(m => m.TeamId == treatment.Id));
        var subject = treatment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "team.changed" && e.SubjectId == subject));
    }

    [Fact]
    public async Task ACountyKeepsItsOwnTeamsOnlyAndBadRostersAreRefusedByField()
    {
        var city = await factory.SignedInAsync("city");
        var cityPerson = await PersonAsync(city, "测试市级队员", "13904759101");
        var kailuPerson = await PersonAsync(city, "测试开鲁县队员", "13904759102", region: "150523");
        var horqin = await factory.SignedInAsync("horqin");
        var horqinPerson = await PersonAsync(horqin, "测试科尔沁区队员", "13904759103", region: "150502");

        // Another county's person is not horqin's to put on a roster; a person twice, a bad type, no name.
        var bad = await horqin.PostAsJsonAsync("/api/readiness/teams", new
        {
            name = "", type = "astronauts", members = new object[] { new { personId = kailuPerson.Id, onDuty = true }, new { personId = horqinPerson.Id }, new { personId = horqinPerson.Id }, new { role = "队员" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()))
        {
            var errors = problem.RootElement.GetProperty("errors");
            foreach (var field in new[] { "name", "type", "members[0].personId", "members[2].personId", "members[3].personId" })
            {
                Assert.True(errors.TryGetProperty(field, out _), $"{field}: {errors}");
            }
            Assert.False(errors.TryGetProperty("members[1].personId", out _));
        }
        using (var db = factory.CreateDbContext()) Assert.False(await db.Teams.AnyAsync(t => t.RegionCode == "150502" && t.Name == ""));

        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/readiness/teams", new { region = "150523", name = "外地队", type = "disinfection" })).StatusCode);
        var own = await TeamAsync(horqin, new { name = "科尔沁区消杀队", type = "disinfection", members = new[] { new { personId = horqinPerson.Id, role = "队长", onDuty = true } } });
        Assert.Equal("150502", own.RegionCode);
        // The same name twice in a county; a stale version.
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync("/api/readiness/teams", new { name = "科尔沁区消杀队", type = "disinfection" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PutAsJsonAsync($"/api/readiness/teams/{own.Id}", new { name = "科尔沁区消杀队", type = "disinfection", version = own.Version + 1 })).StatusCode);

        // horqin sees its own teams only; the city all, a page at a time.
        var mine = (await horqin.GetListAsync<TeamDto>("/api/readiness/teams?limit=200"))!;
        Assert.All(mine, t => Assert.Equal("150502", t.RegionCode));
        Assert.Contains(mine, t => t.Name == "科尔沁区消杀队");
        var cityTeam = await TeamAsync(city, new { name = "市级社区防控队", type = "communityControl", members = new[] { new { personId = cityPerson.Id, onDuty = true } } });
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.GetAsync($"/api/readiness/teams/{cityTeam.Id}")).StatusCode);
        var first = (await city.GetFromJsonAsync<EpiCommand.Web.Platform.Page<TeamDto>>("/api/readiness/teams?limit=2"))!;
        Assert.Equal(2, first.Items.Count);
        Assert.NotNull(first.Next);
        var all = (await city.GetListAsync<TeamDto>("/api/readiness/teams?limit=200"))!;
        Assert.Contains(all, t => t.Name == "科尔沁区消杀队");
        Assert.Contains(all, t => t.Name == "市级社区防控队");

        var report = (await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!;
        // The demo's epidemiology team and the disinfection team: two of the seven types.
        Assert.Equal(2, report.Counties.Single().Norms.Single(n => n.Id == "response-teams").Value);

        Assert.Equal(HttpStatusCode.NoContent, (await horqin.DeleteAsync($"/api/readiness/teams/{own.Id}?version={own.Version}")).StatusCode);
    }

    [Fact]
    public async Task TrainingRecordsTurnACountysTrainingNormGreenAndAreKeptWithVersionsAuditAndJurisdiction()
    {
        // 001 §5.1.3(1) 加强培训和演练: every formed team of the county trained or drilled within the plan's 90 days.
        static NormResultDto Training(ReadinessReport report) => report.Counties.Single(c => c.RegionCode == "150502").Norms.Single(n => n.Id == "team-training");
        var horqin = await factory.SignedInAsync("horqin");
        var before = Training((await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!);
        // The demo's 科尔沁区流行病学调查队 trained 25 days ago.
        Assert.Equal(("met", 1.0), (before.Status, before.Value!.Value));

        var person = await PersonAsync(horqin, "测试消杀队员", "13904759201", region: "150502");
        var team = await TeamAsync(horqin, new { name = "科尔沁区消杀培训队", type = "disinfection", members = new[] { new { personId = person.Id, role = "队长", onDuty = true } } });
        var untrained = Training((await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!);
        Assert.Equal(("notMet", 1.0, 2.0, "差 1 支"), (untrained.Status, untrained.Value!.Value, untrained.Required!.Value, untrained.Shortfall));

        // Bad input, by field; nothing stored.
        var today = DateOnly.FromDateTime(EpiCommandFactory.SeededAt.UtcDateTime.AddHours(8));
        var bad = await horqin.PostAsJsonAsync("/api/readiness/trainings", new
        {
            heldOn = today.AddDays(1), kind = "party", topics = new[] { "sampling", "juggling" }, participants = -1,
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()))
        {
            var errors = problem.RootElement.GetProperty("errors");
            foreach (var field in new[] { "teamId", "heldOn", "kind", "topics[1]", "participants" }) Assert.True(errors.TryGetProperty(field, out _), $"{field}: {errors}");
            Assert.False(errors.TryGetProperty("topics[0]", out _));
        }
        // Another county's team is not horqin's to record for; the CDC reads but does not keep the register.
        var city = await factory.SignedInAsync("city");
        var kailu = await TeamAsync(city, new { region = "150523", name = "开鲁县检测队", type = "laboratoryTesting" });
        var foreign = await horqin.PostAsJsonAsync("/api/readiness/trainings", new { teamId = kailu.Id, heldOn = today, kind = "drill" });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains("teamId", await foreign.Content.ReadAsStringAsync());
        var cdc = await factory.SignedInAsync("horqin-cdc");
        Assert.Equal(HttpStatusCode.Forbidden, (await cdc.PostAsJsonAsync("/api/readiness/trainings", new { teamId = team.Id, heldOn = today, kind = "training" })).StatusCode);
        using (var db = factory.CreateDbContext()) Assert.False(await db.TeamTrainings.AnyAsync(t => t.TeamId == team.Id || t.TeamId == kailu.Id));

        var response = await horqin.PostAsJsonAsync("/api/readiness/trainings", new
        {
            teamId = team.Id, heldOn = today.AddDays(-3), kind = "演练", topics = new[] { "personalProtection", "院感管理" }, participants = 12, note = "消杀演练",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var recorded = (await response.Content.ReadFromJsonAsync<TeamTrainingDto>())!;
        Assert.Equal(("150502", "科尔沁区消杀培训队", "drill", 12), (recorded.RegionCode, recorded.TeamName, recorded.Kind, recorded.Participants));
        Assert.Equal(["infectionControl", "personalProtection"], recorded.Topics);
        Assert.Equal("met", Training((await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!).Status);

        // A training more than 90 days ago does not count: the norm breaks again.
        var old = await horqin.PutAsJsonAsync($"/api/readiness/trainings/{recorded.Id}", new
        {
            teamId = team.Id, heldOn = today.AddDays(-91), kind = "drill", topics = new[] { "personalProtection" }, participants = 12, version = recorded.Version,
        });
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        var changed = (await old.Content.ReadFromJsonAsync<TeamTrainingDto>())!;
        Assert.Equal("notMet", Training((await horqin.GetFromJsonAsync<ReadinessReport>("/api/readiness"))!).Status);
        // A stale version is 409.
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PutAsJsonAsync($"/api/readiness/trainings/{recorded.Id}", new
        {
            teamId = team.Id, heldOn = today, kind = "drill", participants = 5, version = recorded.Version,
        })).StatusCode);

        // Lists: the team's records; the city's record of 开鲁县 is not horqin's to read.
        var mine = (await horqin.GetListAsync<TeamTrainingDto>($"/api/readiness/trainings?teamId={team.Id}"))!;
        Assert.Equal(recorded.Id, Assert.Single(mine).Id);
        var cityRecord = await city.PostAsJsonAsync("/api/readiness/trainings", new { teamId = kailu.Id, heldOn = today, kind = "training", topics = new[] { "labTesting" }, participants = 8 });
        Assert.Equal(HttpStatusCode.Created, cityRecord.StatusCode);
        var kailuTraining = (await cityRecord.Content.ReadFromJsonAsync<TeamTrainingDto>())!;
        Assert.Equal("150523", kailuTraining.RegionCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.GetAsync($"/api/readiness/trainings/{kailuTraining.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync("/api/readiness/trainings?region=150523")).StatusCode);
        Assert.All((await horqin.GetListAsync<TeamTrainingDto>("/api/readiness/trainings?limit=200"))!, t => Assert.Equal("150502", t.RegionCode));

        using (var db = factory.CreateDbContext())
        {
            var subject = recorded.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "training.registered" && e.SubjectId == subject));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "training.changed" && e.SubjectId == subject));
        }
        Assert.Equal(HttpStatusCode.NoContent, (await horqin.DeleteAsync($"/api/readiness/trainings/{recorded.Id}?version={changed.Version}")).StatusCode);
        // Removed with its team.
        Assert.Equal(HttpStatusCode.NoContent, (await city.DeleteAsync($"/api/readiness/teams/{kailu.Id}?version={kailu.Version}")).StatusCode);
        using (var db = factory.CreateDbContext()) Assert.False(await db.TeamTrainings.AnyAsync(t => t.Id == kailuTraining.Id));
    }
}

public sealed class SqliteTeamRegisterTests() : TeamRegisterTests<SqliteFactory>(new());

public sealed class PostgresTeamRegisterTests() : TeamRegisterTests<PostgresFactory>(new());
