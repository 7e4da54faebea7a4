using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Regions;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using EpiCommand.Web.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Web.Tests;

/// <summary>Warnings (D1–D5; 001 §3.4) over HTTP, on SQLite and on PostgreSQL: drafting, refusals, issue, repeat, lift, the notice as .docx and as PDF.</summary>
public abstract class WarningsApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Horqin = "150502";

    [Fact]
    public async Task DraftFromAnApprovedDecisionTakesTheLevelIssuerAndAudiencesOfItsGrade()
    {
        var decision = await ResponseSteps.ActiveResponseAsync(factory, Horqin, "horqin", "IV");
        Assert.NotNull(decision.Grade);
        var plan = factory.Services.GetRequiredService<FactsCache>().Plan;
        var level = plan.Warning!.FromGrade[Grades.ByName[decision.Grade]];
        var rule = plan.Warning.Levels.Single(l => l.Level == level);

        var horqin = await factory.SignedInAsync("horqin");
        var response = await horqin.PostAsJsonAsync("/api/warnings", new { decision = decision.Id });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var warning = (await response.Content.ReadFromJsonAsync<WarningDto>())!;
        Assert.Equal(level.ToString(), warning.Level);
        // Issued by the jurisdiction's own health commission, not the plan's generic "旗县（市、区）卫生健康委" / "市卫生健康委" (issue 14).
        var (issuing, issuer) = rule.IssuerLevel switch
        {
            RegionLevel.County => ("科尔沁区", "科尔沁区卫生健康委员会"),
            RegionLevel.City => ("通辽市", "通辽市卫生健康委员会"),
            _ => ("内蒙古自治区", "内蒙古自治区卫生健康委"),
        };
        Assert.Equal(issuer, warning.Issuer);
        Assert.Equal(rule.Recipients.Select(r => r.Replace("{region}", issuing)), warning.Audiences);
        Assert.DoesNotContain(warning.Audiences, a => a.Contains('{') || a.StartsWith('向'));
        Assert.Equal(plan.Warning.Channels, warning.Channels);
        Assert.Equal(decision.Id, warning.DecisionId);
        Assert.Equal("draft", warning.State);
        ResponseSteps.AssertSameInstant(decision.ApprovedAt!.Value, warning.GradedAt);
        ResponseSteps.AssertSameInstant(decision.ApprovedAt.Value.AddHours(24), warning.DueAt);
        Assert.Equal(ChinaTime.StartOf(new DateOnly(ChinaTime.DayOf(decision.ApprovedAt.Value).Year + 1, 1, 1)), warning.EndsAt);
        Assert.Contains("科尔沁区", warning.Name);
        Assert.Contains("确诊病例", warning.Overview);
        Assert.Contains(plan.MeasuresInForce("IV")[0].Title, warning.Measures);

        var again = await horqin.PostAsJsonAsync("/api/warnings", new { decision = decision.Id });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("重复预警", await again.Content.ReadAsStringAsync());

        using var db = factory.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.SubjectType == "warning" && e.SubjectId == warning.Id.ToString(CultureInfo.InvariantCulture) && e.Action == "warning.drafted" && e.Actor == "horqin"));
        Assert.True(await db.Notifications.AnyAsync(n => n.RegionCode == Horqin && n.Link == "/warnings" && n.Title.Contains(warning.Name)));
    }

    [Fact]
    public async Task DraftingIsRefusedForAnUnapprovedDecisionOutsideTheJurisdictionAndWithoutCause()
    {
        var city = await factory.SignedInAsync("city");
        var pending = await ResponseSteps.OpenProposalAsync(city, "150500", "activate", "III");
        Assert.NotEqual("approved", pending.Status);
        var unapproved = await city.PostAsJsonAsync("/api/warnings", new { decision = pending.Id });
        Assert.Equal(HttpStatusCode.Conflict, unapproved.StatusCode);
        Assert.Contains("批准后", await unapproved.Content.ReadAsStringAsync());

        var horqin = await factory.SignedInAsync("horqin");
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/warnings", new { region = "150524" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsJsonAsync("/api/warnings", new { decision = pending.Id })).StatusCode);
        var investigator = await factory.SignedInAsync("cdc");
        Assert.Equal(HttpStatusCode.Forbidden, (await investigator.PostAsJsonAsync("/api/warnings", new { region = "150524" })).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await city.PostAsJsonAsync("/api/warnings", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.PostAsJsonAsync("/api/warnings", new { region = "999999" })).StatusCode);
        var graded = await city.PostAsJsonAsync("/api/warnings", new { region = Horqin });
        Assert.Equal(HttpStatusCode.BadRequest, graded.StatusCode);
        Assert.Contains("决定", await graded.Content.ReadAsStringAsync());
        var quiet = await city.PostAsJsonAsync("/api/warnings", new { region = "150581" });
        Assert.Equal(HttpStatusCode.BadRequest, quiet.StatusCode);
        Assert.Contains("无需预警", await quiet.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CountyBesideAnAffectedCountyIsDraftedALevelIVWarningByTheCountyCommission()
    {
        var plan = factory.Services.GetRequiredService<FactsCache>().Plan;
        var rule = plan.Warning!.Levels.Single(l => l.Level == Grade.IV);
        var city = await factory.SignedInAsync("city");
        var warning = await DraftWarningAsync(city, "150524");
        Assert.Equal("IV", warning.Level);
        Assert.Null(warning.DecisionId);
        Assert.Equal("库伦旗卫生健康委员会", warning.Issuer);
        Assert.Equal(rule.Recipients.Select(r => r.Replace("{region}", "库伦旗")), warning.Audiences);
        Assert.Contains("奈曼旗", warning.Overview);
        Assert.Equal(warning.GradedAt.AddHours(24), warning.DueAt);
        Assert.Contains(plan.ResponseLevels.First(l => l.Trigger is null).Name, warning.Measures);
        var candidates = await city.GetFromJsonAsync<List<WarningCandidate>>("/api/warnings/candidates");
        Assert.DoesNotContain(candidates!, c => c.Region == "150524");
    }

    [Fact]
    public async Task IssueRepeatAndLiftFollowTheLifecycleAndAreAudited()
    {
        var city = await factory.SignedInAsync("city");
        var expert = await factory.SignedInAsync("expert");
        var draft = await DraftWarningAsync(city, "150521");
        Assert.Equal("draft", draft.State);

        var edited = await expert.PutAsJsonAsync($"/api/warnings/{draft.Id}", new { version = draft.Version, warnings = "请科左中旗各单位提高警惕。", channels = new[] { "文件", "官网" } });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var afterEdit = (await edited.Content.ReadFromJsonAsync<WarningDto>())!;
        Assert.Equal(draft.Version + 1, afterEdit.Version);
        Assert.Equal(["文件", "官网"], afterEdit.Channels);
        Assert.Equal(HttpStatusCode.Conflict, (await expert.PutAsJsonAsync($"/api/warnings/{draft.Id}", new { version = draft.Version, warnings = "旧版本" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await expert.PutAsJsonAsync($"/api/warnings/{draft.Id}", new { version = afterEdit.Version, channels = Array.Empty<string>() })).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await expert.PostAsync($"/api/warnings/{draft.Id}/issue", null)).StatusCode);
        var horqin = await factory.SignedInAsync("horqin");
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsync($"/api/warnings/{draft.Id}/issue", null)).StatusCode);
        var issued = await city.PostAsync($"/api/warnings/{draft.Id}/issue", null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var live = (await issued.Content.ReadFromJsonAsync<WarningDto>())!;
        Assert.Equal("issued", live.State);
        Assert.Equal("city", live.IssuedBy);
        // 001 §3.4.4 (the plan's warning.duration.until: yearEnd): to the end of the year the epidemic was graded in.
        Assert.Equal(EpiCommand.Domain.Time.ChinaTime.StartOf(new DateOnly(EpiCommand.Domain.Time.ChinaTime.DayOf(live.GradedAt).Year + 1, 1, 1)), live.EndsAt);
        Assert.Equal(HttpStatusCode.Conflict, (await city.PostAsync($"/api/warnings/{draft.Id}/issue", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await expert.PutAsJsonAsync($"/api/warnings/{draft.Id}", new { version = live.Version, warnings = "已发布后修改" })).StatusCode);

        // §3.4.4: the experts assess, the issuer repeats (§3.4.1) — an expert alone may not.
        Assert.Equal(HttpStatusCode.Forbidden, (await expert.PostAsJsonAsync($"/api/warnings/{draft.Id}/repeat", new { note = "重复" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await city.PostAsJsonAsync($"/api/warnings/{draft.Id}/repeat", new { note = " " })).StatusCode);
        var repeated = await city.PostAsJsonAsync($"/api/warnings/{draft.Id}/repeat", new { note = "专家组评估：毗邻地区新增病例，疫情有扩散趋势，重复预警。" });
        Assert.Equal(1, (await repeated.Content.ReadFromJsonAsync<WarningDto>())!.RepeatCount);

        Assert.Equal(HttpStatusCode.BadRequest, (await city.PostAsJsonAsync($"/api/warnings/{draft.Id}/lift", new { reason = "" })).StatusCode);
        var lifted = await city.PostAsJsonAsync($"/api/warnings/{draft.Id}/lift", new { reason = "毗邻地区连续14天无新增病例。" });
        var ended = (await lifted.Content.ReadFromJsonAsync<WarningDto>())!;
        Assert.Equal("lifted", ended.State);
        Assert.Equal("毗邻地区连续14天无新增病例。", ended.LiftReason);
        Assert.Equal(HttpStatusCode.Conflict, (await city.PostAsJsonAsync($"/api/warnings/{draft.Id}/lift", new { reason = "再次解除" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await city.PostAsJsonAsync($"/api/warnings/{draft.Id}/repeat", new { note = "已解除后重复" })).StatusCode);

        using var db = factory.CreateDbContext();
        var trail = await db.AuditEntries.Where(e => e.SubjectType == "warning" && e.SubjectId == draft.Id.ToString(CultureInfo.InvariantCulture)).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["warning.drafted", "warning.edited", "warning.issued", "warning.repeated", "warning.lifted"], trail.Select(e => e.Action));
        Assert.Equal(["city", "expert", "city", "city", "city"], trail.Select(e => e.Actor));
        Assert.Contains("重复预警", trail[3].Data);
        Assert.Null(AuditLog.Verify(db).Break);
        var titles = await db.Notifications.Where(n => n.RegionCode == "150521" && n.Link == "/warnings").Select(n => n.Title).ToListAsync();
        Assert.Contains(titles, t => t.StartsWith("待发布", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("已发布", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("重复预警", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("解除", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DraftNotIssuedWithin24HoursIsOverdueAndIssuingItLateIsMarked()
    {
        var city = await factory.SignedInAsync("city");
        var draft = await DraftWarningAsync(city, "150526");
        Assert.Equal("draft", draft.State);
        Assert.Equal(draft.DueAt < factory.Clock.GetUtcNow(), draft.Overdue);
        factory.Clock.SetUtcNow(draft.DueAt.AddHours(1));
        city = await factory.SignedInAsync("city"); // the sign-in cookie has expired meanwhile
        var overdue = await city.GetListAsync<WarningDto>("/api/warnings?status=draft");
        Assert.True(overdue!.Single(w => w.Id == draft.Id).Overdue);
        Assert.Equal(HttpStatusCode.BadRequest, (await city.GetAsync("/api/warnings?status=pending")).StatusCode);
        var issued = (await (await city.PostAsync($"/api/warnings/{draft.Id}/issue", null)).Content.ReadFromJsonAsync<WarningDto>())!;
        Assert.True(issued.IssuedLate);
        Assert.False(issued.Overdue);
    }

    [Fact]
    public async Task NoticeIsAnOfficialDocumentWithEveryContentFieldInChineseFonts()
    {
        var plan = factory.Services.GetRequiredService<FactsCache>().Plan;
        var city = await factory.SignedInAsync("city");
        var warning = await DraftWarningAsync(city, "150522");
        var response = await city.GetAsync($"/api/warnings/{warning.Id}/notice.docx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);

        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        using var document = WordprocessingDocument.Open(stream, false);
        var paragraphs = document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().ToList();
        var text = string.Join("\n", paragraphs.Select(p => p.InnerText));
        Assert.Equal($"{warning.Issuer}文件", paragraphs[0].InnerText);
        Assert.Equal("E00000", paragraphs[0].Descendants<Color>().First().Val!.Value);
        Assert.StartsWith("预警〔", paragraphs[1].InnerText);
        Assert.Equal($"关于发布{warning.Name}的通知", paragraphs[2].InnerText);
        Assert.Equal(JustificationValues.Center, paragraphs[2].ParagraphProperties!.Justification!.Val!.Value);
        Assert.Equal(string.Join("，", warning.Audiences) + "：", paragraphs[3].InnerText);
        string[] numerals = ["一", "二", "三", "四", "五", "六"];
        foreach (var (field, i) in plan.Warning!.ContentFields.Select((f, i) => (f, i))) Assert.Contains($"{numerals[i]}、{field}", text);
        Assert.Contains(warning.Overview.Split('\n')[0], text);
        Assert.Equal(warning.Issuer, paragraphs[^3].InnerText);
        Assert.Equal(JustificationValues.Right, paragraphs[^2].ParagraphProperties!.Justification!.Val!.Value);
        Assert.Matches(@"^\d{4}年\d{1,2}月\d{1,2}日$", paragraphs[^2].InnerText);
        // 001 §3.4.3 "同时报告市卫生健康委和本级人民政府" as the 抄报 line; no clause codes anywhere in the body.
        Assert.Equal("抄报：通辽市卫生健康委，科尔沁左翼后旗人民政府。", paragraphs[^1].InnerText);
        Assert.DoesNotContain("§", text);
        Assert.All(document.MainDocumentPart.Document.Body.Descendants<RunFonts>(), f => Assert.StartsWith("Noto ", f.EastAsia!.Value));
        Assert.Contains(document.MainDocumentPart.FontTablePart!.Fonts!.Elements<Font>(), f => f.Name == "Noto Serif CJK SC" && f.AltName!.Val == "SimSun");

        var horqin = await factory.SignedInAsync("horqin");
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.GetAsync($"/api/warnings/{warning.Id}/notice.docx")).StatusCode);
    }

    [Fact]
    public async Task NoticeConvertsToPdfWithLibreOffice()
    {
        var city = await factory.SignedInAsync("city");
        var warning = await DraftWarningAsync(city, "150522");
        var docx = await city.GetByteArrayAsync($"/api/warnings/{warning.Id}/notice.docx");
        var pdf = await OfficeConversion.ToPdfAsync(docx, "notice");
        Assert.True(pdf.Length > 1024, $"the PDF has {pdf.Length} bytes");
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
    }

    /// <summary>A warning drafted from the assessment for a region that has none.</summary>
    private static async Task<WarningDto> DraftWarningAsync(HttpClient client, string region)
    {
        Assert.DoesNotContain((await client.GetListAsync<WarningDto>("/api/warnings"))!, w => w.Region == region);
        var response = await client.PostAsJsonAsync("/api/warnings", new { region });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"drafting for {region}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<WarningDto>())!;
    }
}

public sealed class SqliteWarningsApiTests() : WarningsApiTests<SqliteFactory>(new());

public sealed class PostgresWarningsApiTests() : WarningsApiTests<PostgresFactory>(new());
