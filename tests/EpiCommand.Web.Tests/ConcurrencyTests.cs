using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Clocks;
using EpiCommand.Web.Contacts;
using EpiCommand.Web.KeyPopulations;
using EpiCommand.Web.Response;
using EpiCommand.Web.Sentinels;
using EpiCommand.Web.Tasks;
using EpiCommand.Web.Warnings;
using EpiCommand.Web.Zones;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// A concurrency test for every state transition (issue 13, standing checks): each race sends the same change
/// <see cref="Parallel"/> times at once. A transition (<see cref="Contract.ExactlyOnce"/>) must succeed once and refuse the
/// others as a conflict, and what is stored must show it once; a counted action (<see cref="Contract.Counted"/>: a press, a
/// progress report, a repeated warning — each one meant) may succeed several times, but each success must be stored and no
/// refusal may be — no lost update. No answer may be a 5xx. One test per transition, on SQLite and PostgreSQL.
/// </summary>
public abstract class ConcurrencyTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const int Parallel = 6;
    private const string Horqin = "150502";
    private const string HorqinCommunity = "150502004001";
    private const string HuolinCommunity = "150581001001";

    public enum Contract
    {
        /// <summary>One success; the others refused with <see cref="Race.Losers"/> (409 unless said otherwise).</summary>
        ExactlyOnce,

        /// <summary>Every success is one stored effect; the others refused with 409.</summary>
        Counted,
    }

    /// <param name="Client">Who sends the requests.</param>
    /// <param name="Request">The i-th request of the race.</param>
    /// <param name="Stored">How many effects the database holds after the race.</param>
    /// <param name="Losers">The statuses a request that lost may answer.</param>
    /// <param name="Check">What else must hold afterwards (consistency of the winner with what is stored).</param>
    public sealed record Race(Contract Contract, HttpClient Client, Func<int, HttpRequestMessage> Request, Func<Task<int>> Stored,
        HttpStatusCode[]? Losers = null, Func<HttpResponseMessage[], Task>? Check = null);

    [Theory]
    [MemberData(nameof(ConcurrencyRaces.Transitions), MemberType = typeof(ConcurrencyRaces))]
    public async Task ParallelRequestsTakeEffectExactlyAsOftenAsTheyAreAnswered(string transition)
    {
        var race = await SetUpAsync(transition);
        var requests = Enumerable.Range(0, Parallel).Select(race.Request).ToList();
        var answers = await Task.WhenAll(requests.Select(r => race.Client.SendAsync(r)));
        var statuses = answers.Select(a => (int)a.StatusCode).ToList();
        var summary = $"{transition}: {string.Join(", ", statuses)}";
        // A 5xx says why in its body (the exception in Development): the failure message carries the first one.
        if (answers.FirstOrDefault(a => (int)a.StatusCode >= 500) is { } failed) summary += "\n" + await failed.Content.ReadAsStringAsync() + "\n" + factory.ServerErrors;
        Assert.True(statuses.All(s => s < 500), summary);

        var won = answers.Count(a => a.IsSuccessStatusCode);
        var losers = race.Losers ?? [HttpStatusCode.Conflict];
        Assert.All(answers.Where(a => !a.IsSuccessStatusCode), a => Assert.Contains(a.StatusCode, losers));
        if (race.Contract == Contract.ExactlyOnce) Assert.True(won == 1, summary);
        else Assert.True(won >= 1, summary);
        Assert.Equal(won, await race.Stored());
        if (race.Check is { } check) await check(answers);
    }

    private static HttpRequestMessage Post(string url, object? body = null) =>
        new(HttpMethod.Post, url) { Content = body is null ? null : JsonContent.Create(body) };

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..18];

    private Data.AppDbContext Db() => factory.CreateDbContext();

    private async Task<int> AuditedAsync(string action, object subject)
    {
        using var db = Db();
        var id = Convert.ToString(subject, System.Globalization.CultureInfo.InvariantCulture);
        return await db.AuditEntries.CountAsync(e => e.Action == action && e.SubjectId == id);
    }

    private Task<Race> SetUpAsync(string transition) => transition switch
    {
        "decision.confirm" => DecisionAsync(confirm: true),
        "decision.reject" => DecisionAsync(confirm: false),
        "decision.approve" => ApprovalAsync(),
        "case.create" => CreateAsync("city", "/api/cases", id => new { id, classification = "confirmed", personName = "张某", region = HorqinCommunity, reportedAt = factory.Clock.GetUtcNow().AddHours(-1) },
            id => Db().Cases.CountAsync(c => c.Id == id)),
        "case.confirmation" => ConfirmationAsync(),
        "case.reclassify" => ReclassifyAsync("suspected", new { classification = "confirmed", note = "核酸复核阳性" }, "reclassified"),
        "case.outcome" => ReclassifyAsync("confirmed", new { outcome = "recovered" }, "outcome"),
        "clock.complete" => ClockAsync(),
        "contact.create" => CreateAsync("horqin", "/api/contacts", Contact, id => Db().Contacts.CountAsync(c => c.Id == id)),
        "contact.check" => CheckAsync(),
        "contact.release" => ReleaseAsync(),
        "contact.to-suspected" => ToSuspectedAsync(),
        "key-person.create" => CreateAsync("horqin", "/api/key-people", KeyPerson, id => Db().KeyPeople.CountAsync(p => p.Id == id)),
        "key-person.test" => KeyPersonTestAsync(),
        "setting.create" => CreateAsync("horqin", "/api/settings", id => new { id, name = "某学校", type = "school", region = HorqinCommunity },
            id => Db().Settings.CountAsync(s => s.Id == id)),
        "sentinel.advance" => SentinelAsync(),
        "task.done" => TaskAsync("done"),
        "task.press" => TaskAsync("press"),
        "task.progress" => TaskAsync("progress"),
        "warning.draft" => WarningDraftAsync(),
        "warning.edit" => WarningAsync("edit"),
        "warning.issue" => WarningAsync("issue"),
        "warning.repeat" => WarningAsync("repeat"),
        "warning.lift" => WarningAsync("lift"),
        "zone.publish" => ZoneAsync("publish"),
        "zone.extend" => ZoneAsync("extend"),
        "zone.lift" => ZoneAsync("lift"),
        "user.disable" => DisableAsync(),
        "notification.read" => NotificationAsync(),
        "webhook.delete" => WebhookAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(transition), transition, "no race for this transition"),
    };

    /// <summary>Creates with one id: one 201, the others "id not available" (409), one row.</summary>
    private async Task<Race> CreateAsync(string user, string url, Func<string, object> body, Func<string, Task<int>> stored)
    {
        var client = await factory.SignedInAsync(user);
        var id = NewId("P");
        return new Race(Contract.ExactlyOnce, client, _ => Post(url, body(id)), () => stored(id));
    }

    private async Task<DecisionDto> RecommendedAsync()
    {
        await ResponseSteps.RefreshRecommendationsAsync(factory);
        var horqin = await factory.SignedInAsync("horqin");
        var open = Assert.Single((await horqin.GetListAsync<DecisionDto>("/api/decisions?open=true"))!, d => d.Region == Horqin);
        Assert.Equal("recommended", open.Status);
        return open;
    }

    private async Task<Race> DecisionAsync(bool confirm)
    {
        var decision = await RecommendedAsync();
        var expert = await factory.SignedInAsync("expert");
        var verb = confirm ? "confirm" : "reject";
        return new Race(Contract.ExactlyOnce, expert, i => Post($"/api/decisions/{decision.Id}/{verb}", new { note = $"专家组会商 {i}" }),
            () => AuditedAsync(confirm ? "decision.confirmed" : "decision.rejected", decision.Id));
    }

    /// <summary>An approval creates the response and its tasks: once, whatever the number of headquarters pressing.</summary>
    private async Task<Race> ApprovalAsync()
    {
        var decision = await RecommendedAsync();
        var expert = await factory.SignedInAsync("expert");
        Assert.True((await expert.PostAsJsonAsync($"/api/decisions/{decision.Id}/confirm", new { note = "同意" })).IsSuccessStatusCode);
        var horqin = await factory.SignedInAsync("horqin");
        return new Race(Contract.ExactlyOnce, horqin, i => Post($"/api/decisions/{decision.Id}/approve", new { note = $"批准 {i}" }),
            () => AuditedAsync("decision.approved", decision.Id),
            Check: async _ =>
            {
                using var db = Db();
                var tasks = await db.Tasks.Where(t => t.DecisionId == decision.Id).Select(t => new { t.MeasureId, t.Unit, t.RegionCode }).ToListAsync();
                Assert.NotEmpty(tasks);
                Assert.Equal(tasks.Count, tasks.Distinct().Count());
                Assert.Equal(1, await db.Activations.CountAsync(a => a.RegionCode == Horqin));
            });
    }

    private async Task<string> CaseAsync(HttpClient client, string region, string classification)
    {
        var id = NewId("C");
        var now = factory.Clock.GetUtcNow();
        var created = await client.PostAsJsonAsync("/api/cases", new { id, classification, personName = "测试", region, reportedAt = now.AddMinutes(-10), foundAt = now.AddMinutes(-10) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return id;
    }

    private async Task<Race> ConfirmationAsync()
    {
        var id = await CaseAsync(await factory.SignedInAsync("city"), HuolinCommunity, "confirmed");
        var cdc = await factory.SignedInAsync("cdc");
        return new Race(Contract.ExactlyOnce, cdc, i => Post($"/api/cases/{id}/confirmation/cityCdcRetest", new { note = $"Ct {20 + i}" }),
            () => Db().CaseConfirmations.CountAsync(c => c.CaseId == id));
    }

    private async Task<Race> ReclassifyAsync(string from, object change, string kind)
    {
        var city = await factory.SignedInAsync("city");
        var id = await CaseAsync(city, HorqinCommunity, from);
        // A loser that read the case before the change is told it changed (409); one that read it after is refused the change
        // the case no longer allows, on the field (400: "confirmed cannot become confirmed", "the case is closed").
        return new Race(Contract.ExactlyOnce, city, _ => Post($"/api/cases/{id}/reclassify", change),
            () => Db().CaseEvents.CountAsync(e => e.CaseId == id && e.Kind == kind), Losers: [HttpStatusCode.Conflict, HttpStatusCode.BadRequest]);
    }

    private async Task<Race> ClockAsync()
    {
        var city = await factory.SignedInAsync("city");
        var id = await CaseAsync(city, "150581002002", "confirmed");
        var clock = (await city.GetListAsync<ClockDto>($"/api/clocks?q={id}&limit=200"))!.Single(c => c.Subject == id && c.ClockId == "epi-investigation");
        return new Race(Contract.ExactlyOnce, city, _ => Post($"/api/clocks/{clock.Id}/complete"),
            // Completing the investigation starts the questionnaire's clock (001 §4.3): once.
            async () =>
            {
                using var db = Db();
                Assert.Equal(1, await db.Clocks.CountAsync(c => c.Subject == id && c.ClockId == "epi-investigation" && c.CompletedAt != null));
                return await db.Clocks.CountAsync(c => c.Subject == id && c.ClockId == "case-questionnaire");
            });
    }

    private object Contact(string id) => Contact(id, factory.Clock.GetUtcNow().AddDays(-1));

    private static object Contact(string id, DateTimeOffset lastContact) =>
        new { id, personName = "密接测试", region = HorqinCommunity, sourceCaseId = "B01", lastContactAt = lastContact, site = "科尔沁区集中隔离点一号" };

    private async Task<(HttpClient Client, ContactDetail Contact)> RegisteredContactAsync(DateTimeOffset lastContact)
    {
        var horqin = await factory.SignedInAsync("horqin");
        var created = await horqin.PostAsJsonAsync("/api/contacts", Contact(NewId("MJ"), lastContact));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (horqin, (await created.Content.ReadFromJsonAsync<ContactDetail>())!);
    }

    private async Task<Race> CheckAsync()
    {
        var (horqin, contact) = await RegisteredContactAsync(factory.Clock.GetUtcNow().AddDays(-1));
        var check = contact.Checks[0];
        // A check may be recorded from an hour before it is due.
        if (check.DueAt - factory.Clock.GetUtcNow() > TimeSpan.FromMinutes(30)) factory.Clock.SetUtcNow(check.DueAt.AddMinutes(-30));
        horqin = await factory.SignedInAsync("horqin");
        return new Race(Contract.ExactlyOnce, horqin, i => Post($"/api/contacts/{contact.Contact.Id}/checks/{check.Slot}", new { temperature = 36.0 + (i / 10.0), symptoms = false }),
            () => Db().HealthChecks.CountAsync(h => h.ContactId == contact.Contact.Id && h.DoneAt != null));
    }

    private async Task<Race> ReleaseAsync()
    {
        var (horqin, contact) = await RegisteredContactAsync(factory.Clock.GetUtcNow().AddDays(-14));
        var id = contact.Contact.Id;
        return new Race(Contract.ExactlyOnce, horqin, _ => Post($"/api/contacts/{id}/release"),
            async () => await Db().Contacts.CountAsync(c => c.Id == id && c.Status == Data.Surveillance.ContactStatus.Released));
    }

    /// <summary>Each request names a different case id: one case is registered and the contact points to it.</summary>
    private async Task<Race> ToSuspectedAsync()
    {
        var (horqin, contact) = await RegisteredContactAsync(factory.Clock.GetUtcNow().AddDays(-1));
        var id = contact.Contact.Id;
        var caseIds = Enumerable.Range(0, Parallel).Select(_ => NewId("S")).ToList();
        return new Race(Contract.ExactlyOnce, horqin, i => Post($"/api/contacts/{id}/to-suspected", new { caseId = caseIds[i] }),
            () => Db().Cases.CountAsync(c => caseIds.Contains(c.Id)),
            Check: async _ =>
            {
                using var db = Db();
                var stored = await db.Contacts.SingleAsync(c => c.Id == id);
                Assert.Equal(Data.Surveillance.ContactStatus.BecameCase, stored.Status);
                Assert.True(await db.Cases.AnyAsync(c => c.Id == stored.CaseId));
            });
    }

    private object KeyPerson(string id) =>
        new { id, personName = "到达人员", region = HorqinCommunity, protocol = "returnees-medium-high-risk", arrivedFrom = "某中风险地区", arrivedAt = factory.Clock.GetUtcNow().AddHours(-2) };

    private async Task<Race> KeyPersonTestAsync()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var id = NewId("K");
        var created = await horqin.PostAsJsonAsync("/api/key-people", KeyPerson(id));
        var test = Assert.Single((await created.Content.ReadFromJsonAsync<KeyPersonDto>())!.Tests);
        return new Race(Contract.ExactlyOnce, horqin, i => Post($"/api/key-people/{id}/tests/{test.Id}", new { result = i % 2 == 0 ? "negative" : "positive" }),
            () => Db().KeyPersonTests.CountAsync(t => t.PersonId == id && t.DoneAt != null),
            Check: async _ =>
            {
                // The release follows the stored result, never the loser's.
                var person = (await horqin.GetListAsync<KeyPersonDto>("/api/key-people"))!.Single(p => p.Id == id);
                Assert.Equal(Assert.Single(person.Tests).Result == "negative" ? "released" : "underObservation", person.Status);
            });
    }

    private async Task<Race> SentinelAsync()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var created = await horqin.PostAsJsonAsync("/api/sentinels", new { kind = "pharmacy", reporter = "某大药房", personName = "购药人", detail = "实名购买退热药", region = HorqinCommunity });
        var report = (await created.Content.ReadFromJsonAsync<SentinelDto>())!;
        return new Race(Contract.ExactlyOnce, horqin, _ => Post($"/api/sentinels/{report.Id}/advance", new { note = "核查", stage = "regulatorChecked" }),
            async () => (await horqin.GetListAsync<SentinelDto>("/api/sentinels"))!.Single(r => r.Id == report.Id).Steps.Count(s => s.Stage == "regulatorChecked"));
    }

    /// <summary>The county CDC's investigation task (001 §5.2.4) of an approved level IV response.</summary>
    private async Task<Race> TaskAsync(string verb)
    {
        await TaskSteps.ActivateLevelFourAsync(factory, Horqin, "horqin");
        var unit = await factory.SignedInAsync("horqin-cdc");
        var task = await TaskSteps.TaskAsync(unit, Horqin, "5.2.4", TaskSteps.Cdc);
        switch (verb)
        {
            case "done":
                return new Race(Contract.ExactlyOnce, unit, i => Post($"/api/tasks/{task.Id}/done", new { note = $"已完成 {i}" }),
                    async () =>
                    {
                        Assert.Equal(1, await Db().TaskUpdates.CountAsync(u => u.TaskId == task.Id && u.Progress == 100));
                        return await AuditedAsync("task.done", task.Id);
                    });
            case "press":
                var hq = await factory.SignedInAsync("horqin");
                return new Race(Contract.Counted, hq, i => Post($"/api/tasks/{task.Id}/press", new { note = $"请加快 {i}" }),
                    async () =>
                    {
                        var pressed = await AuditedAsync("task.pressed", task.Id);
                        Assert.Equal(pressed, (await Db().Tasks.SingleAsync(t => t.Id == task.Id)).PressCount);
                        return pressed;
                    });
            default:
                return new Race(Contract.Counted, unit, i => Post($"/api/tasks/{task.Id}/progress", new { note = $"进展 {i}", progress = 10 + i }),
                    async () =>
                    {
                        var updates = await Db().TaskUpdates.Where(u => u.TaskId == task.Id).Select(u => u.Progress).ToListAsync();
                        Assert.Equal(updates.Count, await AuditedAsync("task.progress", task.Id));
                        return updates.Count;
                    },
                    Check: async answers =>
                    {
                        // The task shows the progress of the last report stored.
                        var stored = await Db().Tasks.SingleAsync(t => t.Id == task.Id);
                        var winners = new List<int>();
                        foreach (var a in answers.Where(a => a.IsSuccessStatusCode)) winners.Add((await a.Content.ReadFromJsonAsync<TaskDto>())!.Progress);
                        Assert.Contains(stored.Progress, winners);
                    });
        }
    }

    /// <summary>A draft for a county beside the affected one (a level IV warning without a decision).</summary>
    private async Task<(HttpClient City, WarningDto Draft)> DraftAsync()
    {
        var city = await factory.SignedInAsync("city");
        var response = await city.PostAsJsonAsync("/api/warnings", new { region = "150524" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (city, (await response.Content.ReadFromJsonAsync<WarningDto>())!);
    }

    private async Task<Race> WarningDraftAsync()
    {
        var city = await factory.SignedInAsync("city");
        return new Race(Contract.ExactlyOnce, city, _ => Post("/api/warnings", new { region = "150524" }),
            async () => await Db().Warnings.CountAsync(w => w.RegionCode == "150524"));
    }

    private async Task<Race> WarningAsync(string verb)
    {
        var (city, draft) = await DraftAsync();
        if (verb is "repeat" or "lift") Assert.True((await city.PostAsync($"/api/warnings/{draft.Id}/issue", null)).IsSuccessStatusCode);
        return verb switch
        {
            "edit" => new Race(Contract.ExactlyOnce, city,
                i => new HttpRequestMessage(HttpMethod.Put, $"/api/warnings/{draft.Id}") { Content = JsonContent.Create(new { version = draft.Version, name = $"{draft.Name}（修订{i}）" }) },
                () => AuditedAsync("warning.edited", draft.Id)),
            "issue" => new Race(Contract.ExactlyOnce, city, _ => Post($"/api/warnings/{draft.Id}/issue"), () => AuditedAsync("warning.issued", draft.Id)),
            "repeat" => new Race(Contract.Counted, city, i => Post($"/api/warnings/{draft.Id}/repeat", new { note = $"专家组评估，重复预警 {i}" }),
                async () =>
                {
                    var repeated = await AuditedAsync("warning.repeated", draft.Id);
                    Assert.Equal(repeated, (await Db().Warnings.SingleAsync(w => w.Id == draft.Id)).RepeatCount);
                    return repeated;
                }),
            _ => new Race(Contract.ExactlyOnce, city, i => Post($"/api/warnings/{draft.Id}/lift", new { reason = $"连续14天无新增病例 {i}" }), () => AuditedAsync("warning.lifted", draft.Id)),
        };
    }

    private async Task<Race> ZoneAsync(string verb)
    {
        var city = await factory.SignedInAsync("city");
        var created = await city.PostAsJsonAsync("/api/zones", new { region = HorqinCommunity, kind = "controlZone", unitKind = "building", name = $"明仁小区{Guid.NewGuid():N}"[..10], reason = "病例居住楼栋" });
        var zone = (await created.Content.ReadFromJsonAsync<ZoneDto>())!;
        if (verb != "publish")
        {
            var published = await city.PostAsJsonAsync($"/api/zones/{zone.Id}/publish", new { version = zone.Version });
            zone = (await published.Content.ReadFromJsonAsync<ZoneDto>())!;
        }
        return verb switch
        {
            "publish" => new Race(Contract.ExactlyOnce, city, _ => Post($"/api/zones/{zone.Id}/publish", new { }), () => AuditedAsync("zone.published", zone.Id)),
            // Extensions name the version they extend: of several at once one is stored, and the end is that one's.
            "extend" => new Race(Contract.ExactlyOnce, city, i => Post($"/api/zones/{zone.Id}/extend", new { version = zone.Version, endsAt = zone.EndsAt.AddDays(1 + i) }),
                () => AuditedAsync("zone.extended", zone.Id),
                Check: async answers =>
                {
                    var winner = (await answers.Single(a => a.IsSuccessStatusCode).Content.ReadFromJsonAsync<ZoneDto>())!;
                    ResponseSteps.AssertSameInstant(winner.EndsAt, (await city.GetFromJsonAsync<ZoneDto>($"/api/zones/{zone.Id}"))!.EndsAt);
                }),
            _ => new Race(Contract.ExactlyOnce, city, i => Post($"/api/zones/{zone.Id}/lift", new { reason = $"终末消毒完成 {i}" }), () => AuditedAsync("zone.lifted", zone.Id)),
        };
    }

    private async Task<Race> DisableAsync()
    {
        var admin = await factory.SignedInAsync("admin");
        await TaskSteps.AddUserAsync(factory, "race-user", Data.Identity.Roles.Investigator, Horqin);
        return new Race(Contract.ExactlyOnce, admin, _ => Post("/api/users/race-user/disable"), async () =>
        {
            using var db = Db();
            return await db.AuditEntries.CountAsync(e => e.Action == "user.disabled" && e.SubjectId.Contains("race-user"));
        });
    }

    /// <summary>Marking read answers 404 "no unread notification" once it is read (its documented answer): one marks it.</summary>
    private async Task<Race> NotificationAsync()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var unread = (await horqin.GetPageAsync<Notifications.NotificationDto>("/api/notifications?unread=true")).Items[0];
        DateTimeOffset? before;
        using (var db = Db()) before = (await db.Notifications.SingleAsync(n => n.Id == unread.Id)).ReadAt;
        Assert.Null(before);
        return new Race(Contract.ExactlyOnce, horqin, _ => Post($"/api/notifications/{unread.Id}/read"),
            async () => await Db().Notifications.CountAsync(n => n.Id == unread.Id && n.ReadAt != null), Losers: [HttpStatusCode.NotFound]);
    }

    /// <summary>Deleting answers 404 once deleted: one deletes, one audit entry.</summary>
    private async Task<Race> WebhookAsync()
    {
        var hq = await factory.SignedInAsync("horqin");
        var group = (await hq.GetFromJsonAsync<List<string>>($"/api/unit-webhooks/units?region={Horqin}"))![0];
        var added = await hq.PostAsJsonAsync("/api/unit-webhooks", new { region = Horqin, unit = group, url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + Guid.NewGuid() });
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await added.Content.ReadAsStringAsync());
        var id = json.RootElement.GetProperty("id").GetInt64();
        return new Race(Contract.ExactlyOnce, hq, _ => new HttpRequestMessage(HttpMethod.Delete, $"/api/unit-webhooks/{id}"),
            () => AuditedAsync("webhook.deleted", id), Losers: [HttpStatusCode.NotFound, HttpStatusCode.Conflict]);
    }
}

/// <summary>The races of <see cref="ConcurrencyTests{TFactory}"/>: every state-changing endpoint that has a state to race on, by name.</summary>
public static class ConcurrencyRaces
{
    public static TheoryData<string> Transitions() =>
    [
        "decision.confirm", "decision.reject", "decision.approve",
        "case.create", "case.confirmation", "case.reclassify", "case.outcome",
        "clock.complete",
        "contact.create", "contact.check", "contact.release", "contact.to-suspected",
        "key-person.create", "key-person.test",
        "setting.create",
        "sentinel.advance",
        "task.done", "task.press", "task.progress",
        "warning.draft", "warning.edit", "warning.issue", "warning.repeat", "warning.lift",
        "zone.publish", "zone.extend", "zone.lift",
        "user.disable",
        "notification.read",
        "webhook.delete",
    ];
}

public sealed class SqliteConcurrencyTests() : ConcurrencyTests<SqliteFactory>(new());

public sealed class PostgresConcurrencyTests() : ConcurrencyTests<PostgresFactory>(new());
