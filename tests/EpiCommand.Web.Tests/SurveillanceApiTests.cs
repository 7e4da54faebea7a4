using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Data;
using EpiCommand.Web.Clocks;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Web.Tests;

/// <summary>Cases, facts, the live picture and the reporting clocks over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class SurveillanceApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string HuolinCommunity = "150581001001";
    private const string KailuCommunity = "150523100001";
    private const string ValidId = "11010519491231002X";
    private const string QuietCommunity = "150522100001";

    private static object Case(string id, string region, DateTimeOffset reportedAt, string classification = "confirmed", string? residentId = null,
        string? setting = null, string[]? linkedTo = null, string? source = "linked") =>
        new { id, classification, personName = "测试", region, reportedAt, residentId, phone = "13904750000", infectionSource = source, setting, linkedTo };

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task RegisteredCaseIsListedWithItsIdAndPhoneMasked()
    {
        var client = await factory.SignedInAsync("city");
        var id = NewId("M");
        var created = await client.PostAsJsonAsync("/api/cases", Case(id, HuolinCommunity, factory.Clock.GetUtcNow().AddHours(-1), residentId: ValidId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var stored = await client.GetFromJsonAsync<CaseDto>($"/api/cases/{id}");
        Assert.Equal("1101**********002X", stored!.ResidentId);
        Assert.Equal("139****0000", stored.Phone);
        var history = await client.GetFromJsonAsync<List<CaseEventDto>>($"/api/cases/{id}/history");
        Assert.Equal("registered", Assert.Single(history!).Kind);
    }

    [Fact]
    public async Task ACaseIsFoundByItsIdNumberOrPhoneThroughTheirKeyedHashes()
    {
        var client = await factory.SignedInAsync("city");
        var (first, second) = (NewId("L"), NewId("L"));
        var (firstId, secondId) = (AnyResidentId(), AnyResidentId());
        var secondPhone = $"139{Random.Shared.Next(10_000_000, 99_999_999)}";
        var at = factory.Clock.GetUtcNow().AddHours(-1);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/cases", Case(first, HuolinCommunity, at, residentId: firstId))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/cases",
            new { id = second, classification = "confirmed", personName = "测试", region = HuolinCommunity, reportedAt = at, residentId = secondId, phone = secondPhone })).StatusCode);

        async Task<string[]> Found(string q) =>
            (await client.GetFromJsonAsync<Page<CaseDto>>($"/api/cases?q={Uri.EscapeDataString(q)}"))!.Items.Select(c => c.Id).ToArray();
        Assert.Equal([first], await Found(firstId));
        Assert.Equal([first], await Found(firstId.ToLowerInvariant())); // a check character x typed in lower case
        Assert.Equal([second], await Found(secondPhone));
        Assert.Equal([second], await Found($"+86 {secondPhone[..3]}-{secondPhone[3..7]}-{secondPhone[7..]}"));
        Assert.Empty(await Found(AnyResidentId()));

        // What is stored is the HMAC under the configured key (not the plain value, not an unkeyed hash), and a row that lost
        // its keys (written before them, or by hand) gets them back from the backfill.
        using (var db = factory.CreateDbContext())
        {
            var stored = await db.Cases.SingleAsync(c => c.Id == second);
            var expected = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Convert.FromBase64String(EpiCommandFactory.TestLookupKey),
                System.Text.Encoding.UTF8.GetBytes("tel:" + secondPhone)).AsSpan(0, 16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            Assert.Equal(expected, stored.PhoneKey);
            await db.Cases.Where(c => c.Id == first || c.Id == second).ExecuteUpdateAsync(u => u.SetProperty(c => c.ResidentIdKey, (string?)null).SetProperty(c => c.PhoneKey, (string?)null));
        }
        Assert.Empty(await Found(firstId));
        Assert.True(await LookupBackfill.FillAsync(factory.Services.GetRequiredService<IServiceScopeFactory>(), db => db.Cases, CancellationToken.None) >= 2);
        Assert.Equal([first], await Found(firstId));
        Assert.Equal([second], await Found(secondPhone));
    }

    private static string AnyResidentId()
    {
        var first17 = $"150581{Random.Shared.Next(1950, 2010)}0{Random.Shared.Next(1, 10)}1{Random.Shared.Next(0, 10)}{Random.Shared.Next(0, 1000):D3}";
        return first17 + EpiCommand.Domain.People.ResidentId.CheckCharacter(first17);
    }

    [Fact]
    public async Task BadCaseIsRefusedFieldByFieldAndNothingIsStored()
    {
        var client = await factory.SignedInAsync("city");
        var response = await client.PostAsJsonAsync("/api/cases", new
        {
            id = "bad id!", classification = "probable", personName = "", region = "999999", reportedAt = factory.Clock.GetUtcNow().AddDays(2),
            residentId = "110105194912310021", infectionSource = "somewhere", linkedTo = new[] { "NOPE" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        foreach (var field in new[] { "id", "classification", "personName", "region", "reportedAt", "residentId", "infectionSource", "linkedTo" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
        }
        Assert.Contains("校验码", errors.GetProperty("residentId")[0].GetString());
        using var db = factory.CreateDbContext();
        Assert.False(await db.Cases.AnyAsync(c => c.Id == "bad id!"));
    }

    [Fact]
    public async Task CountyUserCannotRegisterOrReadCasesOfAnotherCounty()
    {
        var city = await factory.SignedInAsync("city");
        var kailuCase = NewId("K");
        Assert.Equal(HttpStatusCode.Created, (await city.PostAsJsonAsync("/api/cases", Case(kailuCase, KailuCommunity, factory.Clock.GetUtcNow().AddHours(-2)))).StatusCode);

        var horqin = await factory.SignedInAsync("horqin");
        var refused = NewId("X");
        var response = await horqin.PostAsJsonAsync("/api/cases", Case(refused, KailuCommunity, factory.Clock.GetUtcNow().AddHours(-1)));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.GetAsync($"/api/cases/{kailuCase}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsJsonAsync($"/api/cases/{kailuCase}/reclassify", new { outcome = "recovered" })).StatusCode);
        var page = await horqin.GetFromJsonAsync<Page<CaseDto>>("/api/cases?limit=200");
        Assert.DoesNotContain(page!.Items, c => c.Id == kailuCase);
        Assert.All(page.Items, c => Assert.StartsWith("150502", c.Region));
        using var db = factory.CreateDbContext();
        Assert.False(await db.Cases.AnyAsync(c => c.Id == refused));
    }

    [Fact]
    public async Task CaseListPagesByKeysetWithoutGapsOrRepeats()
    {
        var client = await factory.SignedInAsync("city");
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await client.GetFromJsonAsync<Page<CaseDto>>($"/api/cases?limit=4{(after is null ? "" : $"&after={Uri.EscapeDataString(after)}")}");
            seen.AddRange(page!.Items.Select(c => c.Id));
            Assert.True(page.Items.Count <= 4);
            after = page.Next;
        }
        while (after is not null);
        using var db = factory.CreateDbContext();
        var expected = await db.Cases.Where(c => c.RegionPath.StartsWith("/150000/150500/")).OrderByDescending(c => c.ReportedAt).ThenByDescending(c => c.Id).Select(c => c.Id).ToListAsync();
        Assert.Equal(expected, seen);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/cases?after=garbage")).StatusCode);
    }

    [Fact]
    public async Task ReclassificationFollowsTheAllowedPathsAndIsRecorded()
    {
        var client = await factory.SignedInAsync("cdc");
        var id = NewId("R");
        await client.PostAsJsonAsync("/api/cases", Case(id, HuolinCommunity, factory.Clock.GetUtcNow().AddHours(-1), classification: "suspected"));

        var wrong = await client.PostAsJsonAsync($"/api/cases/{id}/reclassify", new { outcome = "recovered" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var confirmed = await client.PostAsJsonAsync($"/api/cases/{id}/reclassify", new { classification = "confirmed", note = "核酸复核阳性" });
        Assert.Equal("confirmed", (await confirmed.Content.ReadFromJsonAsync<CaseDto>())!.Classification);
        var back = await client.PostAsJsonAsync($"/api/cases/{id}/reclassify", new { classification = "asymptomatic" });
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        await client.PostAsJsonAsync($"/api/cases/{id}/reclassify", new { severity = "severe" });
        await client.PostAsJsonAsync($"/api/cases/{id}/reclassify", new { outcome = "recovered" });
        var closed = await client.PostAsJsonAsync($"/api/cases/{id}/reclassify", new { severity = "mild" });
        Assert.Equal(HttpStatusCode.BadRequest, closed.StatusCode);

        var history = (await client.GetFromJsonAsync<List<CaseEventDto>>($"/api/cases/{id}/history"))!;
        Assert.Equal(["registered", "reclassified", "severity", "outcome"], history.Select(e => e.Kind));
        Assert.Equal("核酸复核阳性", history[1].Note);
        Assert.All(history, e => Assert.Equal("cdc", e.By));
    }

    [Fact]
    public async Task OnlyInvestigatorsUnmaskAndEveryUnmaskingIsRecorded()
    {
        var city = await factory.SignedInAsync("city");
        var id = NewId("U");
        await city.PostAsJsonAsync("/api/cases", Case(id, HuolinCommunity, factory.Clock.GetUtcNow().AddHours(-1), residentId: ValidId));
        Assert.Equal(HttpStatusCode.Forbidden, (await city.PostAsJsonAsync($"/api/cases/{id}/unmask", new { reason = "核对" })).StatusCode);

        var cdc = await factory.SignedInAsync("cdc");
        Assert.Equal(HttpStatusCode.BadRequest, (await cdc.PostAsJsonAsync($"/api/cases/{id}/unmask", new { reason = "" })).StatusCode);
        var unmasked = await (await cdc.PostAsJsonAsync($"/api/cases/{id}/unmask", new { reason = "流调核实身份" })).Content.ReadFromJsonAsync<Unmasked>();
        Assert.Equal(ValidId, unmasked!.ResidentId);
        using var db = factory.CreateDbContext();
        var record = await db.Unmaskings.SingleAsync(u => u.SubjectId == id);
        Assert.Equal(("cdc", "流调核实身份"), (record.UserName, record.Reason));
    }

    [Fact]
    public async Task ACaseInAQuietCountyRaisesItsGradeInTheLivePicture()
    {
        var client = await factory.SignedInAsync("city");
        var before = await client.GetFromJsonAsync<JsonElement>("/api/regions/150500/picture");
        // 科尔沁左翼后旗 has no case in the demo outbreak, and no other test puts one there.
        var row = Row(before, "150522");
        Assert.Equal(JsonValueKind.Null, row.GetProperty("grade").ValueKind);

        await client.PostAsJsonAsync("/api/cases", Case(NewId("G"), QuietCommunity, factory.Clock.GetUtcNow().AddMinutes(-30)));
        var after = await client.GetFromJsonAsync<JsonElement>("/api/regions/150500/picture");
        Assert.Equal("IV", Row(after, "150522").GetProperty("grade").GetString());
        Assert.True(after.GetProperty("counts").GetProperty("newCases24Hours").GetInt32() >= 1);
    }

    [Fact]
    public async Task PictureOfAPastDayUsesOnlyWhatWasKnownThen()
    {
        var client = await factory.SignedInAsync("city");
        var past = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddDays(-40).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var picture = await client.GetFromJsonAsync<JsonElement>($"/api/regions/150500/picture?asOf={past}");
        Assert.Equal(past, picture.GetProperty("asOf").GetString());
        Assert.Equal(JsonValueKind.Null, Row(picture, "150502").GetProperty("grade").ValueKind);
        var today = await client.GetFromJsonAsync<JsonElement>("/api/regions/150500/picture");
        Assert.Equal("III", Row(today, "150502").GetProperty("grade").GetString());
    }

    [Fact]
    public async Task OnlyExpertsRecordJudgmentsAndTheyChangeThePicture()
    {
        var city = await factory.SignedInAsync("city");
        var judgment = new { kind = "riskOverride", region = "150524", from = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime.AddHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), value = "high", reason = "专家组认定的其他情形" };
        Assert.Equal(HttpStatusCode.Forbidden, (await city.PostAsJsonAsync("/api/judgments", judgment)).StatusCode);

        var expert = await factory.SignedInAsync("expert");
        var bad = await expert.PostAsJsonAsync("/api/judgments", judgment with { value = "IV" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await expert.PostAsJsonAsync("/api/judgments", judgment)).StatusCode);
        var picture = await expert.GetFromJsonAsync<JsonElement>("/api/regions/150500/picture");
        Assert.Equal("high", Row(picture, "150524").GetProperty("risk").GetString());
    }

    [Fact]
    public async Task DetectionMakesACountyAffected()
    {
        var client = await factory.SignedInAsync("cdc");
        var response = await client.PostAsJsonAsync("/api/detections", new { id = NewId("E"), kind = "environment", region = "150526", detectedAt = factory.Clock.GetUtcNow().AddHours(-1), sample = "冷链外包装" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var picture = await client.GetFromJsonAsync<JsonElement>("/api/regions/150500/picture");
        var row = Row(picture, "150526");
        Assert.Equal("IV", row.GetProperty("grade").GetString());
        Assert.Contains(row.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("clause").GetString() == "1.5.1.2");
    }

    [Fact]
    public async Task ReportClocksRunLateAndTheOverdueAreEscalatedOnce()
    {
        var client = await factory.SignedInAsync("city");
        var id = NewId("T");
        var now = factory.Clock.GetUtcNow();
        await client.PostAsJsonAsync("/api/cases", new { id, classification = "confirmed", personName = "测试", region = "150581002002", reportedAt = now, foundAt = now });

        var clocks = (await client.GetListAsync<ClockDto>("/api/clocks"))!;
        var direct = clocks.Single(c => c.Subject == id && c.ClockId == "direct-report");
        AssertSameInstant(now.AddHours(2), direct.DueAt);
        Assert.Equal("due", direct.Status);
        var investigation = clocks.Single(c => c.Subject == id && c.ClockId == "epi-investigation");
        AssertSameInstant(now.AddHours(24), investigation.DueAt);

        factory.Clock.Advance(TimeSpan.FromMinutes(100));
        clocks = await client.GetListAsync<ClockDto>("/api/clocks");
        Assert.Equal("dueSoon", clocks!.Single(c => c.Id == direct.Id).Status);

        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        clocks = await client.GetListAsync<ClockDto>("/api/clocks");
        Assert.Equal("overdue", clocks!.Single(c => c.Id == direct.Id).Status);

        // Advancing the clock also wakes the background watcher; whichever scan comes first announces it, once.
        using (var scope = factory.Services.CreateScope())
        {
            var notifier = scope.ServiceProvider.GetRequiredService<OverdueNotifier>();
            await notifier.NotifyAsync(CancellationToken.None);
            Assert.Equal(0, await notifier.NotifyAsync(CancellationToken.None));
        }
        // The scan that claimed this clock may still be posting (another overdue clock of the case can be announced by the other scan).
        bool Announced(string robot) => factory.Webhooks.Calls.Any(c => c.Url.Contains(robot) && RobotText(c.Body).Contains(id) && RobotText(c.Body).StartsWith("【逾期】网络直报（", StringComparison.Ordinal));
        await Eventually(() => Announced("huolinguole") && Announced("tongliao"));
        // The group-robot "text" message of WeCom and DingTalk, to the county and to the city above it, once each.
        Assert.Single(factory.Webhooks.Calls, c => c.Url.Contains("huolinguole") && RobotText(c.Body).Contains(id) && RobotText(c.Body).StartsWith("【逾期】网络直报（", StringComparison.Ordinal));
        Assert.Single(factory.Webhooks.Calls, c => c.Url.Contains("tongliao") && RobotText(c.Body).Contains(id) && RobotText(c.Body).StartsWith("【逾期】网络直报（", StringComparison.Ordinal));
        using var db = factory.CreateDbContext();
        Assert.True(await db.Notifications.AnyAsync(n => n.RegionCode == "150581" && n.Body.Contains(id)));
        Assert.True(await db.Notifications.AnyAsync(n => n.RegionCode == "150500" && n.Body.Contains(id)));

        var done = await client.PostAsync($"/api/clocks/{investigation.Id}/complete", null);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        clocks = await client.GetListAsync<ClockDto>("/api/clocks");
        var questionnaire = clocks!.Single(c => c.Subject == id && c.ClockId == "case-questionnaire");
        AssertSameInstant(factory.Clock.GetUtcNow().AddHours(2), questionnaire.DueAt);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/clocks/{investigation.Id}/complete", null)).StatusCode);
    }

    [Fact]
    public async Task TheCitysFirstConfirmedCaseOfTheYearNeedsTheRegionsConfirmation()
    {
        var cdc = await factory.SignedInAsync("cdc");
        using var db = factory.CreateDbContext();
        var year = Domain.Time.ChinaTime.StartOf(new DateOnly(Domain.Time.ChinaTime.ToChina(factory.Clock.GetUtcNow()).Year, 1, 1));
        var first = await db.Cases.Where(c => c.RegionPath.StartsWith("/150000/150500/") && c.Classification == Domain.Scenarios.Classification.Confirmed && c.ReportedAt >= year)
            .OrderBy(c => c.ReportedAt).ThenBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var confirmation = await cdc.GetFromJsonAsync<ConfirmationDto>($"/api/cases/{first}/confirmation");
        Assert.True(confirmation!.FirstOfYearInCity);
        Assert.Equal(["cityCdcRetest", "regionCdcRetest", "regionExpertConfirmation"], confirmation.Steps.Select(s => s.Step));
        Assert.All(confirmation.Steps, s => Assert.Equal("4.2.1", s.Clause));
    }

    [Fact]
    public async Task LaterCasesAreConfirmedByTheCityStepByStepByTheRightPeople()
    {
        var city = await factory.SignedInAsync("city");
        var id = NewId("F");
        await city.PostAsJsonAsync("/api/cases", Case(id, HuolinCommunity, factory.Clock.GetUtcNow().AddMinutes(-10)));
        var cdc = await factory.SignedInAsync("cdc");
        var expert = await factory.SignedInAsync("expert");

        var confirmation = await cdc.GetFromJsonAsync<ConfirmationDto>($"/api/cases/{id}/confirmation");
        Assert.False(confirmation!.FirstOfYearInCity);
        Assert.Equal(["cityCdcRetest", "cityExpertConfirmation"], confirmation.Steps.Select(s => s.Step));
        Assert.Equal(HttpStatusCode.Forbidden, (await city.PostAsJsonAsync($"/api/cases/{id}/confirmation/cityCdcRetest", new { note = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await cdc.PostAsJsonAsync($"/api/cases/{id}/confirmation/regionCdcRetest", new { note = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cdc.PostAsJsonAsync($"/api/cases/{id}/confirmation/cityExpertConfirmation", new { note = "" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await cdc.PostAsJsonAsync($"/api/cases/{id}/confirmation/cityCdcRetest", new { note = "Ct 28" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await cdc.PostAsJsonAsync($"/api/cases/{id}/confirmation/cityCdcRetest", new { note = "" })).StatusCode);
        var done = await (await expert.PostAsJsonAsync($"/api/cases/{id}/confirmation/cityExpertConfirmation", new { note = "专家组会诊" })).Content.ReadFromJsonAsync<ConfirmationDto>();
        Assert.True(done!.Complete);
        Assert.Equal(["cdc", "expert"], done.Steps.Select(s => s.DoneBy));

        await expert.PostAsJsonAsync($"/api/cases/{id}/reclassify", new { severity = "critical" });
        var severe = await cdc.GetFromJsonAsync<ConfirmationDto>($"/api/cases/{id}/confirmation");
        Assert.Equal("regionExpertReview", severe!.Steps[^1].Step);
        Assert.False(severe.Complete);
    }

    [Fact]
    public async Task CountyUserSeesOnlyItsOwnClocks()
    {
        var city = await factory.SignedInAsync("city");
        var id = NewId("C");
        await city.PostAsJsonAsync("/api/cases", Case(id, KailuCommunity, factory.Clock.GetUtcNow()));
        var horqin = await factory.SignedInAsync("horqin");
        var clocks = await horqin.GetListAsync<ClockDto>("/api/clocks");
        Assert.DoesNotContain(clocks!, c => c.Subject == id);
        var kailuClock = (await city.GetListAsync<ClockDto>("/api/clocks"))!.First(c => c.Subject == id);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsync($"/api/clocks/{kailuClock.Id}/complete", null)).StatusCode);
    }

    private static string RobotText(string body)
    {
        using var message = JsonDocument.Parse(body);
        return message.RootElement.GetProperty("msgtype").GetString() == "text" ? message.RootElement.GetProperty("text").GetProperty("content").GetString()! : "";
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 50 && !condition(); i++) await Task.Delay(100);
        Assert.True(condition());
    }

    /// <summary>Databases keep instants to the millisecond (SQLite) or microsecond (PostgreSQL).</summary>
    private static void AssertSameInstant(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.True(Math.Abs((expected - actual).TotalMilliseconds) < 1, $"expected {expected:O}, got {actual:O}");

    private static JsonElement Row(JsonElement picture, string code) =>
        picture.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == code);
}

public sealed class SqliteSurveillanceApiTests() : SurveillanceApiTests<SqliteFactory>(new());

public sealed class PostgresSurveillanceApiTests() : SurveillanceApiTests<PostgresFactory>(new());
