using System.Globalization;
using EpiCommand.Domain.People;
using EpiCommand.Domain.Time;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Contacts;
using EpiCommand.Web.Surveillance;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Close contacts over HTTP (requirements E4, 001 §5.2.7), on SQLite and PostgreSQL. Each test runs the platform
/// on its own database with a clock of its own that starts on 2020-11-02 09:00 China time, so that checks
/// fall due and are missed when the test moves the clock.
/// </summary>
public abstract class ContactsApiTests<TFactory> : IAsyncLifetime where TFactory : EpiCommandFactory
{
    private static readonly DateTimeOffset Start = new(2020, 11, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LastContact = new(2020, 11, 1, 20, 0, 0, TimeSpan.Zero);
    private const string HorqinCommunity = "150502004001";
    private const string HorqinCase = "B01";

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly TFactory _factory;
    private readonly WebApplicationFactory<Program> _app;

    protected ContactsApiTests(TFactory factory)
    {
        _factory = factory;
        _app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock)));
    }

    public ValueTask InitializeAsync() => _factory.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task RegistrationSchedulesTwoChecksADayUntilTheFourteenthDayAfterTheLastContact()
    {
        var client = await SignedInAsync("horqin");
        var response = await client.PostAsJsonAsync("/api/contacts", NewContact(Id(), residentId: "11010519491231002X", phone: "13812345678"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<ContactDetail>())!;
        Assert.Equal($"/api/contacts/{created.Contact.Id}", response.Headers.Location!.OriginalString);

        // 2020-11-01T20:00Z is 11-02 04:00 in China: observation runs to 11-16, not 11-15.
        Assert.Equal(new DateOnly(2020, 11, 16), created.Contact.ObservationEnds);
        Assert.Equal("underObservation", created.Contact.Status);
        Assert.Equal("1101**********002X", created.Contact.ResidentId);
        Assert.Equal("138****5678", created.Contact.Phone);

        // Registered at 09:00: the first check is that afternoon at 16:00, then 08:00 and 16:00 every day to the 16th.
        var due = created.Checks.Select(c => c.DueAt).ToList();
        Assert.Equal(new DateTimeOffset(2020, 11, 2, 8, 0, 0, TimeSpan.Zero), due[0]);
        Assert.Equal(new DateTimeOffset(2020, 11, 16, 8, 0, 0, TimeSpan.Zero), due[^1]);
        Assert.Equal(1 + 14 * 2, due.Count);
        Assert.All(due, d => Assert.Contains(d.ToOffset(TimeSpan.FromHours(8)).TimeOfDay, new[] { TimeSpan.FromHours(8), TimeSpan.FromHours(16) }));
        Assert.All(due.GroupBy(d => d.ToOffset(TimeSpan.FromHours(8)).Date).Skip(1), day => Assert.Equal(2, day.Count()));
        Assert.Equal(due[0], created.Contact.NextCheckAt);

        var listed = await client.GetListAsync<ContactDto>("/api/contacts?status=underObservation");
        Assert.Contains(listed!, c => c.Id == created.Contact.Id && c.ChecksDone == 0 && c.ChecksMissed == 0 && !c.Alert);
    }

    [Fact]
    public async Task BadContactIsRefusedWithAProblemNamingEachField()
    {
        var client = await SignedInAsync("horqin");
        var response = await client.PostAsJsonAsync("/api/contacts", new
        {
            id = "no spaces allowed", personName = "", residentId = "110105194912310021", phone = "12345", region = "",
            lastContactAt = Start.AddDays(1), site = "",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = await ErrorsAsync(response);
        Assert.Equal(["id", "lastContactAt", "personName", "phone", "region", "residentId", "site", "sourceCaseId"], errors.Keys.Order());
        Assert.Contains("GB 11643", errors["residentId"]);

        var both = await ErrorsAsync(await client.PostAsJsonAsync("/api/contacts", NewContact(Id()) with { SourceContactId = "X" }));
        Assert.Equal(["sourceContactId"], both.Keys);
        var longAgo = await ErrorsAsync(await client.PostAsJsonAsync("/api/contacts", NewContact(Id()) with { LastContactAt = Start.AddDays(-20) }));
        Assert.Contains("2020-10-27", longAgo["lastContactAt"]);

        var filters = await ErrorsAsync(await client.GetAsync("/api/contacts?status=sleeping&region=999999"));
        Assert.Equal(["region", "status"], filters.Keys.Order());
    }

    [Fact]
    public async Task CountyUserCannotRegisterOrReadAContactInAnotherCounty()
    {
        var city = await SignedInAsync("city");
        var kailu = Id();
        var registered = await city.PostAsJsonAsync("/api/contacts", NewContact(kailu) with { Region = "150523100001", SourceCaseId = "B12" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);

        var horqin = await SignedInAsync("horqin");
        var outside = Id();
        var refused = await horqin.PostAsJsonAsync("/api/contacts", NewContact(outside) with { Region = "150523100001" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var otherCountysCase = await ErrorsAsync(await horqin.PostAsJsonAsync("/api/contacts", NewContact(outside) with { SourceCaseId = "B12" }));
        Assert.Equal(["sourceCaseId"], otherCountysCase.Keys);
        using (var db = CreateDbContext()) Assert.False(await db.Contacts.AnyAsync(c => c.Id == outside));

        Assert.Equal(HttpStatusCode.NotFound, (await horqin.GetAsync($"/api/contacts/{kailu}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsJsonAsync($"/api/contacts/{kailu}/to-suspected", new { caseId = Id() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsync($"/api/contacts/{kailu}/release", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync("/api/contacts?region=150523")).StatusCode);
        Assert.DoesNotContain(await horqin.GetListAsync<ContactDto>("/api/contacts") ?? [], c => c.Id == kailu);
        var kailuCheck = (await city.GetFromJsonAsync<ContactDetail>($"/api/contacts/{kailu}"))!.Checks[0].Slot;
        var check = await horqin.PostAsJsonAsync($"/api/contacts/{kailu}/checks/{kailuCheck}", new { temperature = 36.5, symptoms = false });
        Assert.Equal(HttpStatusCode.NotFound, check.StatusCode);
    }

    [Fact]
    public async Task AMissedCheckIsFlaggedAndCountedOnTheHomePage()
    {
        var client = await SignedInAsync("horqin");
        var id = Id();
        await RegisterAsync(client, NewContact(id));

        // The 16:00 check may still be taken until 17:00.
        _clock.SetUtcNow(new DateTimeOffset(2020, 11, 2, 8, 59, 0, TimeSpan.Zero));
        Assert.DoesNotContain(await AlertsAsync(client), a => a.Contact.Id == id);

        _clock.SetUtcNow(new DateTimeOffset(2020, 11, 2, 9, 1, 0, TimeSpan.Zero));
        var alert = Assert.Single(await AlertsAsync(client), a => a.Contact.Id == id);
        Assert.Equal([AlertReasons.MissedCheck], alert.Reasons);
        Assert.Equal(1, alert.ChecksMissed);
        Assert.Equal(new DateTimeOffset(2020, 11, 2, 8, 0, 0, TimeSpan.Zero), alert.MissedSince);
        var listed = Assert.Single(await client.GetListAsync<ContactDto>("/api/contacts") ?? [], c => c.Id == id);
        Assert.True(listed.Alert);
        Assert.Equal(1, listed.ChecksMissed);
        Assert.Equal(new DateTimeOffset(2020, 11, 3, 0, 0, 0, TimeSpan.Zero), listed.NextCheckAt);

        using var picture = JsonDocument.Parse(await client.GetStringAsync("/api/regions/150502/picture"));
        Assert.Equal((await AlertsAsync(client)).Sum(a => a.ChecksMissed), picture.RootElement.GetProperty("counts").GetProperty("checksMissed").GetInt32());
    }

    [Fact]
    public async Task AFeverOnTheLatestCheckRaisesAnAlertAndEachCheckIsRecordedOnce()
    {
        var client = await SignedInAsync("horqin");
        var id = Id();
        var created = await RegisterAsync(client, NewContact(id));
        var afternoon = created.Checks[0];
        var tomorrow = created.Checks[1];

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/contacts/{id}/checks/{afternoon.Slot}", new { temperature = 37.8, symptoms = false })).StatusCode);
        _clock.SetUtcNow(new DateTimeOffset(2020, 11, 2, 7, 30, 0, TimeSpan.Zero));
        var bad = await ErrorsAsync(await client.PostAsJsonAsync($"/api/contacts/{id}/checks/{tomorrow.Slot}", new { temperature = 43.0 }));
        Assert.Equal(["slot", "symptoms", "temperature"], bad.Keys.Order());

        var recorded = await client.PostAsJsonAsync($"/api/contacts/{id}/checks/{afternoon.Slot}", new { temperature = 37.8, symptoms = false, note = "乏力" });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var again = await client.PostAsJsonAsync($"/api/contacts/{id}/checks/{afternoon.Slot}", new { temperature = 36.5, symptoms = false });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var alert = Assert.Single(await AlertsAsync(client), a => a.Contact.Id == id);
        Assert.Equal([AlertReasons.Fever], alert.Reasons);
        Assert.Equal(37.8m, alert.Temperature);
        var detail = await client.GetFromJsonAsync<ContactDetail>($"/api/contacts/{id}");
        Assert.Equal(1, detail!.Contact.ChecksDone);
        Assert.Equal("horqin", detail.Checks[0].RecordedBy);
    }

    [Fact]
    public async Task SymptomsAloneRaiseAnAlert()
    {
        var client = await SignedInAsync("horqin");
        var id = Id();
        var created = await RegisterAsync(client, NewContact(id));
        _clock.SetUtcNow(new DateTimeOffset(2020, 11, 2, 8, 10, 0, TimeSpan.Zero));
        await client.PostAsJsonAsync($"/api/contacts/{id}/checks/{created.Checks[0].Slot}", new { temperature = 36.6, symptoms = true, note = "干咳" });
        var alert = Assert.Single(await AlertsAsync(client), a => a.Contact.Id == id);
        Assert.Equal([AlertReasons.Symptoms], alert.Reasons);
        Assert.Equal("干咳", alert.SymptomNote);
    }

    [Fact]
    public async Task TurningAContactIntoASuspectedCaseRegistersTheCaseAndEndsTheObservationInOneStep()
    {
        var client = await SignedInAsync("horqin");
        var contact = Id();
        var created = await RegisterAsync(client, NewContact(contact, residentId: "11010519491231002X", phone: "13812345678"));
        var ofContact = Id();
        await RegisterAsync(client, NewContact(ofContact) with { SourceCaseId = null, SourceContactId = contact });
        _clock.SetUtcNow(new DateTimeOffset(2020, 11, 2, 8, 5, 0, TimeSpan.Zero));
        await client.PostAsJsonAsync($"/api/contacts/{contact}/checks/{created.Checks[0].Slot}", new { temperature = 38.1, symptoms = true });

        // A case id that is taken answers 409 "id not available", as the registry does (issue 13, defect 7).
        var taken = await client.PostAsJsonAsync($"/api/contacts/{contact}/to-suspected", new { caseId = HorqinCase });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("id-not-available", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("underObservation", (await client.GetFromJsonAsync<ContactDetail>($"/api/contacts/{contact}"))!.Contact.Status);

        var caseId = Id();
        var response = await client.PostAsJsonAsync($"/api/contacts/{contact}/to-suspected", new { caseId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var registered = await client.GetFromJsonAsync<CaseDto>($"/api/cases/{caseId}");
        Assert.Equal("suspected", registered!.Classification);
        Assert.Equal(created.Contact.PersonName, registered.PersonName);
        Assert.Equal(HorqinCommunity, registered.Region);
        Assert.Equal("1101**********002X", registered.ResidentId);
        Assert.Equal([HorqinCase], registered.LinkedTo);
        Assert.Equal(_clock.GetUtcNow(), registered.ReportedAt);
        Assert.Equal(new DateTimeOffset(2020, 11, 2, 8, 5, 0, TimeSpan.Zero), registered.FoundAt);

        var after = (await client.GetFromJsonAsync<ContactDetail>($"/api/contacts/{contact}"))!.Contact;
        Assert.Equal("becameCase", after.Status);
        Assert.Equal(caseId, after.CaseId);
        Assert.DoesNotContain(await AlertsAsync(client), a => a.Contact.Id == contact);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/contacts/{contact}/to-suspected", new { caseId = Id() })).StatusCode);

        // A contact of that contact, once it too becomes a case, is linked to the case its source became (001 §5.3.11).
        var second = Id();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/contacts/{ofContact}/to-suspected", new { caseId = second })).StatusCode);
        Assert.Equal([caseId], (await client.GetFromJsonAsync<CaseDto>($"/api/cases/{second}"))!.LinkedTo);
    }

    [Fact]
    public async Task ReleaseIsRefusedBeforeTheLastDayOfObservation()
    {
        var client = await SignedInAsync("horqin");
        var id = Id();
        await RegisterAsync(client, NewContact(id));

        _clock.SetUtcNow(new DateTimeOffset(2020, 11, 15, 15, 59, 0, TimeSpan.Zero));
        client = await SignedInAsync("horqin");
        var early = await client.PostAsync($"/api/contacts/{id}/release", null);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("2020-11-16", await early.Content.ReadAsStringAsync());

        _clock.SetUtcNow(new DateTimeOffset(2020, 11, 15, 16, 0, 0, TimeSpan.Zero));
        var released = await client.PostAsync($"/api/contacts/{id}/release", null);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        var contact = (await released.Content.ReadFromJsonAsync<ContactDetail>())!.Contact;
        Assert.Equal("released", contact.Status);
        Assert.Null(contact.NextCheckAt);
        Assert.DoesNotContain(await AlertsAsync(client), a => a.Contact.Id == id);
    }

    [Fact]
    public async Task TheScheduleIsDerivedOnlyDoneChecksAreStoredOneRowPerSlot()
    {
        var client = await SignedInAsync("horqin");
        var id = Id();
        var created = await RegisterAsync(client, NewContact(id));
        // Issue 12: 14 days of observation, 29 slots listed, not one row stored.
        Assert.Equal(29, created.Checks.Count);
        Assert.Equal(Enumerable.Range(1, 29), created.Checks.Select(c => c.Slot));
        using (var db = CreateDbContext()) Assert.Equal(0, await db.HealthChecks.CountAsync(h => h.ContactId == id));

        // Slot 3 is 11-03 16:00 China time; recorded at 16:10 it is one row with that due time.
        _clock.SetUtcNow(new DateTimeOffset(2020, 11, 3, 8, 10, 0, TimeSpan.Zero));
        client = await SignedInAsync("horqin");
        var recorded = await client.PostAsJsonAsync($"/api/contacts/{id}/checks/3", new { temperature = 36.6, symptoms = false });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var check = (await recorded.Content.ReadFromJsonAsync<HealthCheckDto>())!;
        Assert.Equal(3, check.Slot);
        Assert.Equal(new DateTimeOffset(2020, 11, 3, 8, 0, 0, TimeSpan.Zero), check.DueAt);
        using (var db = CreateDbContext())
        {
            var row = Assert.Single(await db.HealthChecks.AsNoTracking().Where(h => h.ContactId == id).ToListAsync());
            Assert.Equal(check.DueAt, row.DueAt);
            Assert.Equal(36.6m, row.Temperature);
        }
        var detail = (await client.GetFromJsonAsync<ContactDetail>($"/api/contacts/{id}"))!;
        Assert.Equal(29, detail.Checks.Count);
        Assert.NotNull(detail.Checks[2].DoneAt);
        Assert.All(detail.Checks.Where(c => c.Slot != 3), c => Assert.Null(c.DoneAt));
        Assert.Equal(1, detail.Contact.ChecksDone);
        Assert.Equal(2, detail.Contact.ChecksMissed);
        Assert.Equal(4, detail.Contact.NextCheckSlot);
    }

    [Fact]
    public async Task ASlotThatIsNotTheContactsOrNotYetOpenIsRefusedOnTheSlot()
    {
        var client = await SignedInAsync("horqin");
        var id = Id();
        await RegisterAsync(client, NewContact(id));
        foreach (var slot in new[] { 0, -1, 30, 987654 })
        {
            var bad = await ErrorsAsync(await client.PostAsJsonAsync($"/api/contacts/{id}/checks/{slot}", new { temperature = 36.5, symptoms = false }));
            Assert.Equal(["slot"], bad.Keys);
        }
        // Slot 5 is due on 11-04 16:00 China time: far beyond the hour's early window.
        var early = await ErrorsAsync(await client.PostAsJsonAsync($"/api/contacts/{id}/checks/5", new { temperature = 36.5, symptoms = false }));
        Assert.Equal(["slot"], early.Keys);
        using var db = CreateDbContext();
        Assert.Equal(0, await db.HealthChecks.CountAsync(h => h.ContactId == id));
    }

    [Fact]
    public async Task TwoNursesRecordingOneSlotAtOnceRecordItOnce()
    {
        var client = await SignedInAsync("horqin");
        var other = await SignedInAsync("horqin");
        var id = Id();
        await RegisterAsync(client, NewContact(id));
        _clock.SetUtcNow(new DateTimeOffset(2020, 11, 2, 8, 5, 0, TimeSpan.Zero));
        var answers = await Task.WhenAll(
            client.PostAsJsonAsync($"/api/contacts/{id}/checks/1", new { temperature = 36.5, symptoms = false }),
            other.PostAsJsonAsync($"/api/contacts/{id}/checks/1", new { temperature = 36.7, symptoms = false }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        using var db = CreateDbContext();
        Assert.Equal(1, await db.HealthChecks.CountAsync(h => h.ContactId == id));
    }

    [Fact]
    public async Task MissedChecksInThePictureEqualABruteForceCountOverTheSlots()
    {
        var client = await SignedInAsync("horqin");
        // Contacts registered at different times, with different last contacts, some checks done, one released.
        List<string> ids = [];
        for (var i = 0; i < 6; i++)
        {
            _clock.SetUtcNow(Start.AddHours(i * 7));
            client = await SignedInAsync("horqin");
            var id = Id();
            ids.Add(id);
            await RegisterAsync(client, NewContact(id) with { LastContactAt = Start.AddHours(i * 7 - 30 - i * 20) });
        }
        // The sign-in lasts hours, not days: sign in again whenever the clock jumps.
        _clock.SetUtcNow(Start.AddDays(2).AddMinutes(10));
        client = await SignedInAsync("horqin");
        foreach (var (id, slot) in new[] { (ids[0], 1), (ids[0], 3), (ids[1], 2), (ids[3], 1) })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/contacts/{id}/checks/{slot}", new { temperature = 36.5, symptoms = false })).StatusCode);
        }
        // The fake clock only moves forward: the last contact is released on the way, at 11-16.
        var release = new DateTimeOffset(2020, 11, 16, 0, 0, 0, TimeSpan.Zero);
        foreach (var at in new[] { Start.AddDays(2).AddHours(1), Start.AddDays(3).AddHours(7).AddMinutes(1), Start.AddDays(8), release, new DateTimeOffset(2020, 11, 30, 0, 0, 0, TimeSpan.Zero) })
        {
            _clock.SetUtcNow(at);
            client = await SignedInAsync("horqin");
            if (at == release) Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/contacts/{ids[5]}/release", null)).StatusCode);
            var late = at - PictureService.CheckGrace;
            int expected;
            using (var db = CreateDbContext())
            {
                var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == "150502");
                var observed = await db.Contacts.AsNoTracking().Include(c => c.Checks)
                    .Where(c => c.RegionPath.StartsWith(region.Path) && c.Status == Data.Surveillance.ContactStatus.UnderObservation).ToListAsync();
                expected = observed.Sum(c => Observation.Schedule(c.CreatedAt, c.ObservationEnds)
                    .Count(due => due < late && !c.Checks.Any(h => h.DoneAt != null && h.DueAt == due)));
            }
            using var picture = JsonDocument.Parse(await client.GetStringAsync("/api/regions/150502/picture"));
            Assert.Equal(expected, picture.RootElement.GetProperty("counts").GetProperty("checksMissed").GetInt32());
            var alerts = await AlertsAsync(client);
            Assert.Equal(expected, alerts.Sum(a => a.ChecksMissed));
        }
    }

    private async Task<HttpClient> SignedInAsync(string userName)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await EpiCommandFactory.SignInAsync(client, userName, Data.Demo.DemoSeeder.DemoPassword);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        return client;
    }

    private Data.AppDbContext CreateDbContext() => _app.Services.CreateScope().ServiceProvider.GetRequiredService<Data.AppDbContext>();

    private static string Id() => $"MJ-{Guid.NewGuid():N}"[..20];

    private static NewContact NewContact(string id, string? residentId = null, string? phone = null) =>
        new(id, "密接测试", residentId, phone, HorqinCommunity, HorqinCase, null, LastContact, "科尔沁区集中隔离点一号");

    private static async Task<ContactDetail> RegisterAsync(HttpClient client, NewContact contact)
    {
        var response = await client.PostAsJsonAsync("/api/contacts", contact);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ContactDetail>())!;
    }

    private static async Task<List<ContactAlertDto>> AlertsAsync(HttpClient client) =>
        (await client.GetPageAsync<ContactAlertDto>("/api/contacts/alerts")).Items.ToList();

    private static async Task<Dictionary<string, string>> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value[0].GetString()!);
    }
}

public sealed class SqliteContactsApiTests() : ContactsApiTests<SqliteFactory>(new());

public sealed class PostgresContactsApiTests() : ContactsApiTests<PostgresFactory>(new());

/// <summary>The observation rules of 001 §5.2.7 on their own.</summary>
public sealed class ContactsObservationRuleTests
{
    [Theory]
    [InlineData("2020-11-01T20:00:00Z", "2020-11-16")]
    [InlineData("2020-11-01T15:59:00Z", "2020-11-15")]
    [InlineData("2020-11-01T16:00:00Z", "2020-11-16")]
    public void ObservationEndsFourteenChinaDaysAfterTheLastContact(string lastContact, string endsOn) =>
        Assert.Equal(DateOnly.Parse(endsOn, CultureInfo.InvariantCulture), Observation.EndsOn(DateTimeOffset.Parse(lastContact, CultureInfo.InvariantCulture)));

    /// <summary>The slot arithmetic (issue 12) gives the schedule the day-by-day walk gave, around every check time.</summary>
    [Fact]
    public void TheSlotArithmeticGivesTheScheduleOfTheDayByDayWalk()
    {
        var start = new DateTimeOffset(2020, 10, 31, 23, 0, 0, TimeSpan.Zero);
        for (var minutes = 0; minutes < 3 * 24 * 60; minutes += 7)
        {
            var after = start.AddMinutes(minutes).AddTicks(minutes % 3 - 1);
            var endsOn = ChinaTime.DayOf(after).AddDays(minutes % 15);
            Assert.Equal(Walk(after, endsOn), Observation.Schedule(after, endsOn));
            var first = Observation.FirstSlotAfter(after);
            Assert.True(Observation.SlotTime(first) > after && Observation.SlotTime(first - 1) <= after);
            Assert.Equal(first - 1, Observation.LastSlotBefore(Observation.SlotTime(first)));
        }

        static IEnumerable<DateTimeOffset> Walk(DateTimeOffset after, DateOnly endsOn)
        {
            for (var day = ChinaTime.DayOf(after); day <= endsOn; day = day.AddDays(1))
            {
                foreach (var time in Observation.CheckTimes)
                {
                    var at = new DateTimeOffset(day.ToDateTime(time), ChinaTime.Offset).ToUniversalTime();
                    if (at > after) yield return at;
                }
            }
        }
    }

    [Fact]
    public void AScheduleStartsAtTheNextSlotStrictlyAfterRegistration()
    {
        var atFour = new DateTimeOffset(2020, 11, 2, 8, 0, 0, TimeSpan.Zero);
        var schedule = Observation.Schedule(atFour, new DateOnly(2020, 11, 3)).ToList();
        Assert.Equal([new DateTimeOffset(2020, 11, 3, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2020, 11, 3, 8, 0, 0, TimeSpan.Zero)], schedule);
        Assert.Empty(Observation.Schedule(new DateTimeOffset(2020, 11, 3, 8, 0, 0, TimeSpan.Zero), new DateOnly(2020, 11, 3)));
    }

    [Theory]
    [InlineData(37.2, false)]
    [InlineData(37.3, true)]
    [InlineData(39.0, true)]
    public void FeverStartsAt37Point3(double temperature, bool fever) => Assert.Equal(fever, Observation.IsFever((decimal)temperature));
}
