using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Notifications;
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
        return (own[0].Id, all.First(h => own.All(o => o.Id != h.Id)).Id);
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
}

public sealed class SqliteMonitoringApiTests() : MonitoringApiTests<SqliteFactory>(new());

public sealed class PostgresMonitoringApiTests() : MonitoringApiTests<PostgresFactory>(new());
