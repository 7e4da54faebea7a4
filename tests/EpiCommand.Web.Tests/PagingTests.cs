using System.Net;
using System.Text.Json;
using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.Contacts;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Issue 12 §1: no list answers more than the cap, however much is stored; the cursor leads to every other row, once.
/// Twice the cap is stored straight through the DbContext (hundreds of HTTP calls would only slow the test).
/// </summary>
public abstract class PagingTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    private const string Community = PagingChecks.Community;

    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task CaseListAnswersAtMostTheCapAndItsCursorLeadsToEveryOtherCaseOnce()
    {
        var stored = await PagingChecks.StoreCasesAsync(factory, 2 * Paging.MaxPageSize);
        var client = await factory.SignedInAsync("horqin");
        await PagingChecks.AssertPagedAsync<CaseDto>(client, $"/api/cases?region={Community}", c => c.Id, stored);
    }

    [Fact]
    public async Task ContactListAnswersAtMostTheCapAndItsCursorLeadsToEveryOtherContactOnce()
    {
        var stored = await PagingChecks.StoreContactsAsync(factory, 2 * Paging.MaxPageSize);
        var client = await factory.SignedInAsync("horqin");
        await PagingChecks.AssertPagedAsync<ContactDto>(client, $"/api/contacts?region={Community}", c => c.Id, stored);
    }

    [Fact]
    public async Task ListsFilterBySearchStatusAndTime()
    {
        var cases = await PagingChecks.StoreCasesAsync(factory, 30);
        var client = await factory.SignedInAsync("horqin");
        var prefix = cases[0][..^1];
        var found = await client.GetListAsync<CaseDto>($"/api/cases?q={Uri.EscapeDataString(prefix)}");
        Assert.Equal(cases.Where(c => c.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal), found!.Select(c => c.Id).Order(StringComparer.Ordinal));
        var byName = await client.GetListAsync<CaseDto>($"/api/cases?q={Uri.EscapeDataString("分页测试")}&status=asymptomatic");
        Assert.NotEmpty(byName!);
        Assert.All(byName!, c => Assert.Equal("asymptomatic", c.Classification));
        var from = factory.Clock.GetUtcNow().AddMinutes(-10);
        var recent = await client.GetListAsync<CaseDto>($"/api/cases?region={Community}&from={Uri.EscapeDataString(from.ToString("O"))}");
        Assert.All(recent!, c => Assert.True(c.ReportedAt >= from));
        Assert.Equal(22, recent!.Count(c => cases.Contains(c.Id))); // reported 0 to 10 minutes ago: i / 2 ≤ 10

        var contacts = await PagingChecks.StoreContactsAsync(factory, 5);
        var released = await client.GetListAsync<ContactDto>($"/api/contacts?status=released&q={Uri.EscapeDataString(contacts[0][..^1])}");
        Assert.Empty(released!);
    }

    [Fact]
    public async Task SentinelKeyPeopleAndNotificationListsAnswerAtMostTheCapAndTheirCursorsLeadToEveryOtherRowOnce()
    {
        var now = factory.Clock.GetUtcNow();
        var tag = Guid.NewGuid().ToString("N")[..6];
        List<string> sentinels, people, notifications;
        using (var db = factory.CreateDbContext())
        {
            var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == Community);
            var reports = Enumerable.Range(0, 2 * Paging.MaxPageSize).Select(i => new SentinelReport
            {
                Kind = SentinelKind.Pharmacy, Reporter = $"药店{tag}", PersonName = $"购药人{i}", Detail = "退热药", RegionCode = region.Code, RegionPath = region.Path,
                ReportedAt = now.AddMinutes(-(i / 4)), ReportedBy = "test", Stage = SentinelStage.Reported,
            }).ToList();
            db.SentinelReports.AddRange(reports);
            var arrivals = Enumerable.Range(0, 2 * Paging.MaxPageSize).Select(i => new KeyPerson
            {
                Id = $"KP{tag}{i:D4}", PersonName = $"入境{i}", RegionCode = region.Code, RegionPath = region.Path, ProtocolId = "test", ArrivedFrom = "境外",
                ArrivedAt = now.AddMinutes(-(i / 4)), Status = KeyPersonStatus.UnderObservation, CreatedAt = now, CreatedBy = "test",
            }).ToList();
            db.KeyPeople.AddRange(arrivals);
            var horqin = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == "150502");
            var inbox = Enumerable.Range(0, 2 * Paging.MaxPageSize).Select(i => new Notification
            {
                RegionCode = horqin.Code, RegionPath = horqin.Path, Title = $"{tag} {i}", Body = "分页测试", CreatedAt = now,
            }).ToList();
            db.Notifications.AddRange(inbox);
            await db.SaveChangesAsync();
            (sentinels, people, notifications) = (reports.Select(r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), arrivals.Select(p => p.Id).ToList(),
                inbox.Select(n => n.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());
        }
        var client = await factory.SignedInAsync("horqin");
        await PagingChecks.AssertPagedAsync<Sentinels.SentinelDto>(client, $"/api/sentinels?region={Community}", r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), sentinels);
        await PagingChecks.AssertPagedAsync<KeyPopulations.KeyPersonDto>(client, $"/api/key-people?region={Community}", p => p.Id, people);
        await PagingChecks.AssertPagedAsync<Notifications.NotificationDto>(client, "/api/notifications", n => n.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), notifications);
    }

    [Fact]
    public async Task ClockZoneSettingDetectionAndJudgmentListsAnswerAtMostTheCapAndTheirCursorsLeadToEveryOtherRowOnce()
    {
        var now = factory.Clock.GetUtcNow();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var count = 2 * Paging.MaxPageSize;
        List<string> clocks, zones, settings, detections, judgments;
        using (var db = factory.CreateDbContext())
        {
            var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == Community);
            // Due tomorrow, so that the overdue watcher leaves them alone; some due at the same instant (ties broken by id).
            var clockRows = Enumerable.Range(0, count).Select(i => new ReportingClockInstance
            {
                PlanId = "test", ClockId = "direct-report", Name = "网络直报", Clause = "4.3", Subject = $"CK{tag}{i:D4}", RegionCode = region.Code, RegionPath = region.Path,
                StartedAt = now, DueAt = now.AddDays(1).AddMinutes(i / 3),
            }).ToList();
            var zoneRows = Enumerable.Range(0, count).Select(i => new Data.Response.ControlZone
            {
                RegionCode = region.Code, RegionPath = region.Path, Kind = Data.Response.ZoneKind.ControlZone, UnitKind = "building", Name = $"{tag}楼{i}", Reason = "分页测试",
                State = Data.Response.ZoneState.Draft, StartsAt = now, EndsAt = now.AddDays(14), CreatedBy = "test", CreatedAt = now,
            }).ToList();
            var settingRows = Enumerable.Range(0, count).Select(i => new Setting { Id = $"ST{tag}{i:D4}", Name = $"场所{i}", Type = "school", RegionCode = region.Code, RegionPath = region.Path }).ToList();
            var detectionRows = Enumerable.Range(0, count).Select(i => new Detection
            {
                Id = $"DT{tag}{i:D4}", Kind = DetectionKind.Environment, RegionCode = region.Code, RegionPath = region.Path, DetectedAt = now.AddDays(-40).AddMinutes(-(i / 3)),
                Sample = "外包装", RecordedBy = "test",
            }).ToList();
            var judgmentRows = Enumerable.Range(0, count).Select(i => new ExpertJudgment
            {
                Kind = JudgmentKind.ImportRiskLow, RegionCode = region.Code, RegionPath = region.Path, From = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-400),
                Value = "true", Reason = "分页测试", RecordedBy = "test", RecordedAt = now,
            }).ToList();
            db.Clocks.AddRange(clockRows);
            db.ControlZones.AddRange(zoneRows);
            db.Settings.AddRange(settingRows);
            db.Detections.AddRange(detectionRows);
            db.Judgments.AddRange(judgmentRows);
            await db.SaveChangesAsync();
            static string Text(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            (clocks, zones, settings) = (clockRows.Select(c => Text(c.Id)).ToList(), zoneRows.Select(z => Text(z.Id)).ToList(), settingRows.Select(s => s.Id).ToList());
            (detections, judgments) = (detectionRows.Select(d => d.Id).ToList(), judgmentRows.Select(j => Text(j.Id)).ToList());
        }
        var client = await factory.SignedInAsync("horqin");
        static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await PagingChecks.AssertPagedAsync<Clocks.ClockDto>(client, $"/api/clocks?region={Community}", c => Id(c.Id), clocks);
        await PagingChecks.AssertPagedAsync<Zones.ZoneDto>(client, $"/api/zones?region={Community}&status=draft", z => Id(z.Id), zones);
        await PagingChecks.AssertPagedAsync<SettingDto>(client, $"/api/settings?region={Community}", s => s.Id, settings);
        await PagingChecks.AssertPagedAsync<DetectionDto>(client, $"/api/detections?region={Community}&status=environment", d => d.Id, detections);
        await PagingChecks.AssertPagedAsync<JudgmentDto>(client, $"/api/judgments?region={Community}", j => Id(j.Id), judgments);

        // The clocks' own filters: open (all of these), overdue (none of these yet), a subject prefix.
        var open = await client.GetPageAsync<Clocks.ClockDto>($"/api/clocks?region={Community}&status=overdue&q=CK{tag}");
        Assert.Empty(open.Items);
        var one = await client.GetListAsync<Clocks.ClockDto>($"/api/clocks?q=CK{tag}0007");
        Assert.Equal($"CK{tag}0007", Assert.Single(one!).Subject);
    }

    /// <summary>
    /// The short version of <c>bench-http</c> (issue 12 §4): with twice the cap stored, what a user downloads is bounded in bytes,
    /// not in time — the API answers one page, the Contacts page's HTML holds no row beyond its first page.
    /// </summary>
    [Fact]
    public async Task ListAnswersAndPagesAreBoundedInBytes()
    {
        var stored = await PagingChecks.StoreContactsAsync(factory, 2 * Paging.MaxPageSize);
        var client = await factory.SignedInAsync("horqin");
        var api = await client.GetByteArrayAsync("/api/contacts");
        Assert.InRange(api.Length, 1, Paging.DefaultPageSize * 2_048);
        var capped = await client.GetByteArrayAsync($"/api/contacts?limit={Paging.MaxPageSize}");
        Assert.InRange(capped.Length, 1, Paging.MaxPageSize * 2_048);
        var html = await client.GetStringAsync("/contacts");
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(html), 1, 1 << 20);
        Assert.DoesNotContain(stored[^1], html, StringComparison.Ordinal); // the oldest of 400: never on a first page
    }

    [Theory]
    [InlineData("/api/sentinels?status=lost", "status")]
    [InlineData("/api/key-people?limit=-1", "limit")]
    [InlineData("/api/notifications?after=zzz", "after")]
    [InlineData("/api/cases?limit=0", "limit")]
    [InlineData("/api/cases?limit=201", "limit")]
    [InlineData("/api/cases?after=garbage", "after")]
    [InlineData("/api/cases?after=WyJ4Il0", "after")]
    [InlineData("/api/cases?status=dormant", "status")]
    [InlineData("/api/cases?from=2026-11-30T00:00:00Z&to=2026-11-01T00:00:00Z", "to")]
    [InlineData("/api/cases?from=yesterday", "from")]
    [InlineData("/api/contacts?limit=1000", "limit")]
    [InlineData("/api/contacts?after=bm90IGEgY3Vyc29y", "after")]
    [InlineData("/api/contacts?status=sleeping", "status")]
    [InlineData("/api/contacts?region=999999", "region")]
    [InlineData("/api/clocks?status=late", "status")]
    [InlineData("/api/zones?limit=500", "limit")]
    [InlineData("/api/tasks?after=zzz", "after")]
    [InlineData("/api/warnings?status=pending", "status")]
    [InlineData("/api/settings?status=school", "status")]
    [InlineData("/api/detections?to=tomorrow", "to")]
    [InlineData("/api/judgments?limit=x", "limit")]
    [InlineData("/api/daily-reports?limit=0", "limit")]
    [InlineData("/api/decisions?status=maybe", "status")]
    public async Task AnOutOfRangePageAMalformedCursorOrAnUnknownFilterIs400NamingTheParameter(string url, string parameter)
    {
        var client = await factory.SignedInAsync("horqin");
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _), await response.Content.ReadAsStringAsync());
    }
}

/// <summary>What the paging tests of every list share: storing twice the cap fast, and walking the pages.</summary>
public static class PagingChecks
{
    public const string Community = "150502004001";

    /// <summary>
    /// The first answer holds at most the cap and says how many match; following <c>next</c> gives every stored row, none
    /// twice, each page within the cap.
    /// </summary>
    public static async Task AssertPagedAsync<T>(HttpClient client, string url, Func<T, string> id, IReadOnlyCollection<string> stored)
    {
        var sep = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var unasked = await client.GetPageAsync<T>(url);
        Assert.Equal(Paging.DefaultPageSize, unasked.Items.Count);
        var first = await client.GetPageAsync<T>($"{url}{sep}limit={Paging.MaxPageSize}");
        Assert.Equal(Paging.MaxPageSize, first.Items.Count);
        Assert.NotNull(first.Next);
        Assert.True(first.Total >= stored.Count, $"total {first.Total}");

        var seen = first.Items.Select(id).ToList();
        var next = first.Next;
        while (next is not null)
        {
            var page = await client.GetPageAsync<T>($"{url}{sep}limit={Paging.MaxPageSize}&after={Uri.EscapeDataString(next)}");
            Assert.InRange(page.Items.Count, 1, Paging.MaxPageSize);
            Assert.Null(page.Total);
            seen.AddRange(page.Items.Select(id));
            next = page.Next;
        }
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(stored.Except(seen));
    }

    /// <summary>Cases in one community, reported a minute apart back from now, some with the same report time (ties broken by id).</summary>
    public static async Task<List<string>> StoreCasesAsync(EpiCommandFactory factory, int count)
    {
        using var db = factory.CreateDbContext();
        var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == Community);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var now = factory.Clock.GetUtcNow();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = $"PG{tag}{i:D4}";
            ids.Add(id);
            db.Cases.Add(new CaseRecord
            {
                Id = id, PersonName = $"分页测试{i}", Classification = i % 2 == 0 ? Classification.Confirmed : Classification.Asymptomatic,
                RegionCode = region.Code, RegionPath = region.Path, ReportedAt = now.AddMinutes(-(i / 2)), CreatedAt = now, CreatedBy = "test",
            });
        }
        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>Contacts under observation in one community, some registered at the same instant (ties broken by id).</summary>
    public static async Task<List<string>> StoreContactsAsync(EpiCommandFactory factory, int count)
    {
        using var db = factory.CreateDbContext();
        var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == Community);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var now = factory.Clock.GetUtcNow();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = $"PM{tag}{i:D4}";
            ids.Add(id);
            var last = now.AddHours(-(i % 48));
            db.Contacts.Add(new CloseContact
            {
                Id = id, PersonName = $"分页密接{i}", RegionCode = region.Code, RegionPath = region.Path, SourceCaseId = null,
                LastContactAt = last, ObservationEnds = Domain.People.Observation.EndsOn(last), Site = "测试隔离点",
                Status = ContactStatus.UnderObservation, CreatedAt = now.AddMinutes(-(i / 3)), CreatedBy = "test",
            });
        }
        await db.SaveChangesAsync();
        return ids;
    }
}

public sealed class SqlitePagingTests() : PagingTests<SqliteFactory>(new());

public sealed class PostgresPagingTests() : PagingTests<PostgresFactory>(new());
