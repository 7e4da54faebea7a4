using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Readiness;
using EpiCommand.Web.Sentinels;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>Weekly ILI% of sentinel hospitals and unexplained pneumonia (001 §5.1.4; 004 §七(三)) over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class MonitoringApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    /// <summary>This week (the demo city reports the eight before it).</summary>
    private string ThisWeek => MonitoringService.WeekName(MonitoringService.MondayOf(ChinaTime.DayOf(factory.Clock.GetUtcNow())));

    private async Task<(int Own, int Other)> HospitalsAsync()
    {
        var own = (await (await factory.SignedInAsync("horqin")).GetListAsync<HospitalDto>("/api/readiness/hospitals"))!;
        var all = (await (await factory.SignedInAsync("city")).GetListAsync<HospitalDto>("/api/readiness/hospitals"))!;
        // Sentinel hospitals (the demo flags 科尔沁区第一人民医院 and, at the city, 通辽市医院 among others).
        return (own.First(h => h.IliSentinel).Id, all.First(h => h.IliSentinel && own.All(o => o.Id != h.Id)).Id);
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").Clone();
    }

    private static async Task<IliReportDto> ReportAsync(HttpClient client, int hospital, string week, int ili, int visits)
    {
        var response = await client.PostAsJsonAsync("/api/ili", new { hospital, week, iliVisits = ili, visits });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<IliReportDto>())!;
    }

    private static async Task<int> ToldAsync(HttpClient client, string text) =>
        (await client.GetListAsync<NotificationDto>("/api/notifications"))!.Count(n => n.Title.Contains(text, StringComparison.Ordinal));

    [Fact]
    public async Task AWeekAboveTheAlertLineNotifiesTheHeadquartersAndTheCdcOfTheCountyOnce()
    {
        var (own, _) = await HospitalsAsync();
        var (cdc, horqin) = (await factory.SignedInAsync("horqin-cdc"), await factory.SignedInAsync("horqin"));
        var week = ThisWeek;
        var first = await ReportAsync(cdc, own, week, 30, 1000);
        Assert.Equal((3.0, 5.0, false, week), (first.Percent, first.Threshold, first.AboveThreshold, first.Week));
        var title = $"流感样病例超过预警线：{first.HospitalName} {week}";
        Assert.Equal(0, await ToldAsync(horqin, title));

        // A corrected report of the week replaces the first; crossing the line (5%, the configured default) tells HQ and CDC.
        var second = await ReportAsync(cdc, own, week, 80, 1000);
        Assert.Equal((first.Id, 8.0, true), (second.Id, second.Percent, second.AboveThreshold));
        Assert.Equal((1, 1), (await ToldAsync(horqin, title), await ToldAsync(cdc, title)));
        await ReportAsync(horqin, own, week, 90, 1000);
        Assert.Equal(1, await ToldAsync(horqin, title));

        var listed = (await horqin.GetListAsync<IliReportDto>("/api/ili"))!.Where(r => r.Hospital == own && r.Week == week).ToList();
        Assert.Equal((90, "horqin"), (Assert.Single(listed).IliVisits, listed[0].ReportedBy));
        var trend = (await horqin.GetFromJsonAsync<List<IliWeekDto>>("/api/ili/weeks"))!;
        Assert.Equal(week, trend[^1].Week);
        Assert.True(trend.Count is > 1 and <= MonitoringApi.TrendWeeks, $"{trend.Count} weeks");
        var subject = first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var db = factory.CreateDbContext();
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == "ili.reported" && e.SubjectId == subject));
    }

    [Fact]
    public async Task BadReportsAreRefusedByFieldAndAnotherCountysHospitalIsForbidden()
    {
        var (own, other) = await HospitalsAsync();
        var cdc = await factory.SignedInAsync("horqin-cdc");
        var errors = await ErrorsAsync(await cdc.PostAsJsonAsync("/api/ili", new { }));
        foreach (var field in new[] { "hospital", "week", "iliVisits", "visits" }) Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync("/api/ili", new { hospital = own, week = "2026-48", iliVisits = 1, visits = 10 }))).TryGetProperty("week", out _));
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync("/api/ili", new { hospital = own, week = "2099-W01", iliVisits = 1, visits = 10 }))).TryGetProperty("week", out _));
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync("/api/ili", new { hospital = own, week = ThisWeek, iliVisits = 11, visits = 10 }))).TryGetProperty("iliVisits", out _));
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync("/api/ili", new { hospital = 999_999, week = ThisWeek, iliVisits = 1, visits = 10 }))).TryGetProperty("hospital", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await cdc.PostAsJsonAsync("/api/ili", new { hospital = other, week = ThisWeek, iliVisits = 1, visits = 10 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cdc.PostAsJsonAsync("/api/pneumonia", new { hospital = other, patientRecord = "X1", onset = "2026-11-20", findings = "发热" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("expert")).PostAsJsonAsync("/api/ili", new { hospital = own, week = ThisWeek, iliVisits = 1, visits = 10 })).StatusCode);
        await using var db = factory.CreateDbContext();
        Assert.False(await db.IliReports.AnyAsync(r => r.HospitalId == own && r.ReportedBy == "horqin-cdc"));
        // Another county's reports are not listed.
        var city = await factory.SignedInAsync("city");
        await ReportAsync(city, other, ThisWeek, 5, 500);
        Assert.DoesNotContain((await cdc.GetListAsync<IliReportDto>("/api/ili"))!, r => r.Hospital == other);
    }

    [Fact]
    public async Task AnUnexplainedPneumoniaIsRecordedAndNotifiedToTheCountysCdc()
    {
        var (own, _) = await HospitalsAsync();
        var cdc = await factory.SignedInAsync("horqin-cdc");
        var errors = await ErrorsAsync(await cdc.PostAsJsonAsync("/api/pneumonia", new { }));
        foreach (var field in new[] { "hospital", "patientRecord", "onset", "findings" }) Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync("/api/pneumonia", new { hospital = own, patientRecord = "BM-1", onset = "2099-01-01", findings = "发热" }))).TryGetProperty("onset", out _));

        var onset = ChinaTime.DayOf(factory.Clock.GetUtcNow()).AddDays(-2);
        var created = await cdc.PostAsJsonAsync("/api/pneumonia", new { hospital = own, patientRecord = "BM2026-0042", onset, findings = "发热、咳嗽，CT示双肺磨玻璃影" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var report = (await created.Content.ReadFromJsonAsync<PneumoniaReportDto>())!;
        Assert.Equal(("BM2026-0042", onset, "horqin-cdc"), (report.PatientRecord, report.Onset, report.ReportedBy));
        var title = $"不明原因肺炎报告：{report.HospitalName}";
        Assert.Equal(1, await ToldAsync(cdc, title));
        Assert.Equal(1, await ToldAsync(await factory.SignedInAsync("horqin"), title));
        Assert.Contains((await cdc.GetListAsync<PneumoniaReportDto>("/api/pneumonia?q=BM2026"))!, p => p.Id == report.Id);
    }

    [Fact]
    public async Task OnlySentinelHospitalsReportIliAndThoseNotYetReportedAreListed()
    {
        var city = await factory.SignedInAsync("city");
        var all = (await city.GetListAsync<HospitalDto>("/api/readiness/hospitals"))!;
        var plain = all.First(h => h.Name == "通辽市传染病医院");
        Assert.False(plain.IliSentinel);
        var refused = await ErrorsAsync(await city.PostAsJsonAsync("/api/ili", new { hospital = plain.Id, week = ThisWeek, iliVisits = 1, visits = 10 }));
        Assert.Contains("哨点", refused.GetProperty("hospital")[0].GetString());

        // The demo's sentinels have reported the weeks before, not this one: every one is missing, a page at a time.
        var sentinels = all.Where(h => h.IliSentinel).Select(h => h.Id).ToHashSet();
        Assert.True(sentinels.Count >= 3, $"{sentinels.Count} sentinels");
        var first = (await city.GetFromJsonAsync<Page<MissingSentinelDto>>("/api/ili/missing?limit=2"))!;
        Assert.Equal((2, (int?)sentinels.Count), (first.Items.Count, first.Total));
        var missing = (await city.GetListAsync<MissingSentinelDto>("/api/ili/missing"))!;
        Assert.Equal(sentinels, missing.Select(m => m.Id).ToHashSet());
        var horqin = await factory.SignedInAsync("horqin");
        var own = Assert.Single((await horqin.GetListAsync<MissingSentinelDto>("/api/ili/missing"))!);
        Assert.Equal(HttpStatusCode.BadRequest, (await city.GetAsync("/api/ili/missing?week=2026-48")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync("/api/ili/missing?region=150525")).StatusCode);

        // Flagged in the register, the hospital reports; one reported is no longer missing.
        var changed = await city.PutAsJsonAsync($"/api/readiness/hospitals/{plain.Id}", new
        {
            region = plain.RegionCode, name = plain.Name, level = plain.Level, kind = plain.Kind, feverClinic = plain.FeverClinic, designation = plain.Designation,
            beds = plain.Beds, designatedBeds = plain.DesignatedBeds, icuBeds = plain.IcuBeds, doctors = plain.Doctors, nurses = plain.Nurses, version = plain.Version, iliSentinel = true,
        });
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        await ReportAsync(city, plain.Id, ThisWeek, 2, 100);
        await ReportAsync(city, own.Id, ThisWeek, 2, 100);
        var after = (await city.GetListAsync<MissingSentinelDto>("/api/ili/missing"))!.Select(m => m.Id).ToHashSet();
        Assert.Equal(sentinels.Except([own.Id]).ToHashSet(), after);
        Assert.Empty((await horqin.GetListAsync<MissingSentinelDto>("/api/ili/missing"))!);
        var previous = MonitoringService.WeekName(MonitoringService.MondayOf(ChinaTime.DayOf(factory.Clock.GetUtcNow())).AddDays(-7));
        Assert.DoesNotContain((await city.GetListAsync<MissingSentinelDto>($"/api/ili/missing?week={previous}"))!, m => m.Id == own.Id);

        // Taken off the sentinel list, its reports no longer count in the week's ILI% (the alert line reads sentinels only).
        var before = (await city.GetFromJsonAsync<List<IliWeekDto>>("/api/ili/weeks"))![^1];
        var current = (await city.GetFromJsonAsync<HospitalDto>($"/api/readiness/hospitals/{plain.Id}"))!;
        Assert.True((await city.PutAsJsonAsync($"/api/readiness/hospitals/{plain.Id}", current with { IliSentinel = false })).IsSuccessStatusCode);
        var afterUnflag = (await city.GetFromJsonAsync<List<IliWeekDto>>("/api/ili/weeks"))![^1];
        Assert.Equal((before.Hospitals - 1, before.Visits - 100), (afterUnflag.Hospitals, afterUnflag.Visits));
    }

    private async Task<PneumoniaReportDto> PneumoniaAsync(HttpClient client, int hospital, string record)
    {
        var onset = ChinaTime.DayOf(factory.Clock.GetUtcNow()).AddDays(-2);
        var created = await client.PostAsJsonAsync("/api/pneumonia", new { hospital, patientRecord = record, onset, findings = "发热、咳嗽，CT示双肺磨玻璃影" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<PneumoniaReportDto>())!;
    }

    [Fact]
    public async Task ClosingAnUnexplainedPneumoniaRecordsItsOutcomeOnceAndASecondCloseIsAConflict()
    {
        var (own, _) = await HospitalsAsync();
        var cdc = await factory.SignedInAsync("horqin-cdc");
        var report = await PneumoniaAsync(cdc, own, "BM2026-0100");
        Assert.Equal(("open", (string?)null, 0), (report.Status, report.Outcome, report.Version));
        var today = ChinaTime.DayOf(factory.Clock.GetUtcNow());
        var url = $"/api/pneumonia/{report.Id}/close";

        var errors = await ErrorsAsync(await cdc.PostAsJsonAsync(url, new { version = 0 }));
        foreach (var field in new[] { "outcome", "concludedOn" }) Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync(url, new { version = 0, outcome = "cured", concludedOn = today }))).TryGetProperty("outcome", out _));
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync(url, new { version = 0, outcome = "covid", concludedOn = today }))).TryGetProperty("caseId", out _));
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync(url, new { version = 0, outcome = "covid", caseId = "NO-SUCH", concludedOn = today }))).TryGetProperty("caseId", out _));
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync(url, new { version = 0, outcome = "otherDiagnosis", concludedOn = today }))).TryGetProperty("diagnosis", out _));
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync(url, new { version = 0, outcome = "excluded", caseId = "X", concludedOn = today }))).TryGetProperty("caseId", out _));
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync(url, new { version = 0, outcome = "excluded", concludedOn = today.AddDays(1) }))).TryGetProperty("concludedOn", out _));
        Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync(url, new { version = 0, outcome = "excluded", concludedOn = today.AddDays(-10) }))).TryGetProperty("concludedOn", out _));
        // Who reports closes: not the experts; another county does not see the report.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.SignedInAsync("expert")).PostAsJsonAsync(url, new { version = 0, outcome = "excluded", concludedOn = today })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await factory.SignedInAsync("naiman")).PostAsJsonAsync(url, new { version = 0, outcome = "excluded", concludedOn = today })).StatusCode);

        var closed = await cdc.PostAsJsonAsync(url, new { version = 0, outcome = "其他诊断", diagnosis = "支原体肺炎", concludedOn = today });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var dto = (await closed.Content.ReadFromJsonAsync<PneumoniaReportDto>())!;
        Assert.Equal(("closed", "otherDiagnosis", "支原体肺炎", (DateOnly?)today, "horqin-cdc", 1), (dto.Status, dto.Outcome, dto.Diagnosis, dto.ConcludedOn, dto.ClosedBy, dto.Version));
        // A second close — with the version read before, or the new one — is refused and changes nothing.
        Assert.Equal(HttpStatusCode.Conflict, (await (await factory.SignedInAsync("horqin")).PostAsJsonAsync(url, new { version = 0, outcome = "excluded", concludedOn = today })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await cdc.PostAsJsonAsync(url, new { version = 1, outcome = "excluded", concludedOn = today })).StatusCode);
        var listed = (await cdc.GetListAsync<PneumoniaReportDto>("/api/pneumonia?q=BM2026-0100"))!;
        Assert.Equal(("closed", "otherDiagnosis"), (Assert.Single(listed).Status, listed[0].Outcome));
        var subject = report.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "pneumonia.closed" && e.SubjectId == subject));
    }

    [Fact]
    public async Task APneumoniaLinkedToAConfirmedCaseAndOpenReportsPastTheClockAreOverdue()
    {
        var (own, _) = await HospitalsAsync();
        var cdc = await factory.SignedInAsync("horqin-cdc");
        string confirmed, suspected;
        await using (var db = factory.CreateDbContext())
        {
            var path = (await db.Regions.SingleAsync(r => r.Code == Data.Demo.DemoSeeder.HorqinCode)).Path;
            confirmed = await db.Cases.Where(c => c.RegionPath.StartsWith(path) && c.Classification == Classification.Confirmed).Select(c => c.Id).FirstAsync();
            suspected = await db.Cases.Where(c => c.RegionPath.StartsWith(path) && c.Classification != Classification.Confirmed).Select(c => c.Id).FirstOrDefaultAsync() ?? "";
        }
        var linked = await PneumoniaAsync(cdc, own, "BM2026-0200");
        var late = await PneumoniaAsync(cdc, own, "BM2026-0201");
        var today = ChinaTime.DayOf(factory.Clock.GetUtcNow());
        if (suspected.Length > 0)
        {
            Assert.True((await ErrorsAsync(await cdc.PostAsJsonAsync($"/api/pneumonia/{linked.Id}/close", new { version = 0, outcome = "covid", caseId = suspected, concludedOn = today })))
                .TryGetProperty("caseId", out _));
        }
        var closed = await cdc.PostAsJsonAsync($"/api/pneumonia/{linked.Id}/close", new { version = 0, outcome = "确诊新冠病例", caseId = confirmed, concludedOn = today });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var dto = (await closed.Content.ReadFromJsonAsync<PneumoniaReportDto>())!;
        Assert.Equal(("covid", confirmed), (dto.Outcome, dto.CaseId));

        // The report clock (24 hours by default, 001 §4.3's investigation clock): an open report past it is overdue, a closed one is not.
        Assert.Equal(late.ReportedAt.AddHours(24), late.DueAt);
        factory.Clock.Advance(TimeSpan.FromHours(25));
        cdc = await factory.SignedInAsync("horqin-cdc"); // the sign-in of a day ago has expired
        var listed = (await cdc.GetListAsync<PneumoniaReportDto>("/api/pneumonia?q=BM2026-02"))!;
        Assert.Equal("overdue", listed.Single(p => p.Id == late.Id).Status);
        Assert.Equal("closed", listed.Single(p => p.Id == linked.Id).Status);
    }
}

public sealed class SqliteMonitoringApiTests() : MonitoringApiTests<SqliteFactory>(new());

public sealed class PostgresMonitoringApiTests() : MonitoringApiTests<PostgresFactory>(new());
