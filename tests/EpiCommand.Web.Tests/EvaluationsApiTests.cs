using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using EpiCommand.Data;
using EpiCommand.Data.Response;
using EpiCommand.Domain.Response;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Evaluations;
using EpiCommand.Web.Response;
using EpiCommand.Web.Surveillance;
using EpiCommand.Web.Warnings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Evaluation reports after termination (E9, C7; 001 §8.2.2) over HTTP, on SQLite and on PostgreSQL. The response of 科尔沁区 is
/// activated, warned and, once the plan's termination day has come (the clock is moved past 14 days after the last case), ended.
/// </summary>
public abstract class EvaluationsApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Horqin = "150502";

    [Fact]
    public async Task EndedResponseIsListedAndItsReportIsPrefilledFromTheRecord()
    {
        var termination = await TerminatedAsync();
        var expert = await factory.SignedInAsync("expert");
        var listed = (await expert.GetFromJsonAsync<List<TerminatedResponse>>("/api/evaluations"))!.Single(t => t.Decision == termination.Id);
        Assert.Equal("科尔沁区", listed.RegionName);
        Assert.Equal("IV", listed.Level);

        // A case naming two settings counts in each (requirements.md "Cluster"): B01 of the school is also of the family S2.
        await using (var write = factory.CreateDbContext())
        {
            var b01 = await write.Cases.SingleAsync(c => c.Id == "B01");
            b01.OtherSettingIds = ["S2"];
            await write.SaveChangesAsync();
        }
        var report = await ReportAsync(expert, termination.Id);
        Assert.Contains("场所“明仁街道某小学”（学校）", report.SourceAndRoute);
        Assert.Contains("报告5例（B01、B02、B03、B04、B05）", report.SourceAndRoute);
        Assert.Contains("场所“铁区社区某家庭”（家庭）", report.SourceAndRoute);
        Assert.Contains("报告6例（B01、B06、B07、B08、B09、B10）", report.SourceAndRoute);
        Assert.Equal(Horqin, report.Region);
        Assert.Equal("科尔沁区新冠肺炎疫情Ⅳ级应急响应处理工作评估报告", report.Title);
        Assert.Contains("首例", report.Cause);
        Assert.Contains("明仁街道某小学", report.SourceAndRoute);
        Assert.Contains("启动Ⅳ级应急响应", report.Course);
        Assert.Contains("终止Ⅳ级应急响应", report.Course);
        Assert.Contains("horqin批准", report.Course);
        Assert.Contains("发布科尔沁区新冠肺炎疫情", report.Course);
        Assert.Contains("确诊病例", report.Treatment);

        using var db = factory.CreateDbContext();
        var decisionIds = await db.Decisions.Where(d => d.RegionCode == Horqin && d.Status == DecisionStatus.Approved).Select(d => d.Id).ToListAsync();
        var tasks = await db.Tasks.CountAsync(t => t.RegionCode == Horqin && t.DecisionId != null && decisionIds.Contains(t.DecisionId.Value));
        Assert.True(tasks > 0);
        Assert.Contains($"按预案措施下达任务{tasks}项", report.Measures);
        Assert.Contains("发布预警1项", report.Measures);

        Assert.Equal(HttpStatusCode.Conflict, (await expert.PostAsJsonAsync("/api/evaluations", new { decision = termination.Id })).StatusCode);
        Assert.Equal(report.Id, (await expert.GetFromJsonAsync<List<TerminatedResponse>>("/api/evaluations"))!.Single(t => t.Decision == termination.Id).Report);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.SubjectType == "evaluation" && e.SubjectId == report.Id.ToString(CultureInfo.InvariantCulture) && e.Action == "evaluation.drafted"));
    }

    [Fact]
    public async Task ReportIsEditedAgainstTheVersionReadAndEveryEditIsAudited()
    {
        var termination = await TerminatedAsync();
        var horqin = await factory.SignedInAsync("horqin");
        var report = await ReportAsync(horqin, termination.Id);

        var edited = await horqin.PutAsJsonAsync($"/api/evaluations/{report.Id}", new { version = report.Version, lessons = "早发现、早报告：学校晨午检发现首例。", problems = "部分任务逾期。" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var saved = (await edited.Content.ReadFromJsonAsync<EvaluationDto>())!;
        Assert.Equal(report.Version + 1, saved.Version);
        Assert.Equal("早发现、早报告：学校晨午检发现首例。", saved.Lessons);
        Assert.Equal("horqin", saved.UpdatedBy);
        Assert.Equal(report.Cause, saved.Cause);

        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PutAsJsonAsync($"/api/evaluations/{report.Id}", new { version = report.Version, lessons = "旧版本" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await horqin.PutAsJsonAsync($"/api/evaluations/{report.Id}", new { version = saved.Version, title = " " })).StatusCode);
        var investigator = await factory.SignedInAsync("horqin-cdc");
        Assert.Equal(HttpStatusCode.Forbidden, (await investigator.PutAsJsonAsync($"/api/evaluations/{report.Id}", new { version = saved.Version, lessons = "调查员修改" })).StatusCode);

        using var db = factory.CreateDbContext();
        var edit = await db.AuditEntries.Where(e => e.SubjectType == "evaluation" && e.SubjectId == report.Id.ToString(CultureInfo.InvariantCulture) && e.Action == "evaluation.edited").ToListAsync();
        Assert.Equal("horqin", Assert.Single(edit).Actor);
        Assert.Contains("lessons", edit[0].Data);
        Assert.Null(AuditLog.Verify(db).Break);
    }

    [Fact]
    public async Task OnlyAnApprovedTerminationIsEvaluated()
    {
        var termination = await TerminatedAsync();
        var expert = await factory.SignedInAsync("expert");
        using var db = factory.CreateDbContext();
        var activation = await db.Decisions.Where(d => d.RegionCode == Horqin && d.Kind == DecisionKind.Activate && d.Status == DecisionStatus.Approved).FirstAsync();
        var notTermination = await expert.PostAsJsonAsync("/api/evaluations", new { decision = activation.Id });
        Assert.Equal(HttpStatusCode.BadRequest, notTermination.StatusCode);
        Assert.Contains("终止", await notTermination.Content.ReadAsStringAsync());
        var rejected = await expert.PostAsJsonAsync("/api/evaluations", new { decision = await WriteRejectedTerminationAsync() });
        Assert.Equal(HttpStatusCode.Conflict, rejected.StatusCode);
        Assert.Contains("批准后", await rejected.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await expert.PostAsJsonAsync("/api/evaluations", new { decision = 987654 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await expert.PostAsJsonAsync("/api/evaluations", new { })).StatusCode);
        var investigator = await factory.SignedInAsync("cdc");
        Assert.Equal(HttpStatusCode.Forbidden, (await investigator.PostAsJsonAsync("/api/evaluations", new { decision = termination.Id })).StatusCode);
    }

    [Fact]
    public async Task ReportDownloadsAsADocumentWithTheSectionsOf8_2_2()
    {
        var termination = await TerminatedAsync();
        var city = await factory.SignedInAsync("city");
        var report = await ReportAsync(city, termination.Id);
        var docx = await city.GetByteArrayAsync($"/api/evaluations/{report.Id}/report.docx");
        using var stream = new MemoryStream(docx);
        using var document = WordprocessingDocument.Open(stream, false);
        var paragraphs = document.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Contains(report.Title, paragraphs);
        Assert.Contains(paragraphs, p => p == "科尔沁区人民政府，通辽市卫生健康委员会：");
        string[] numerals = ["一", "二", "三", "四", "五", "六", "七"];
        foreach (var ((heading, _), i) in EvaluationReportDocument.Sections.Select((s, i) => (s, i))) Assert.Contains($"{numerals[i]}、{heading}", paragraphs);
        Assert.Contains(report.SourceAndRoute.Split('\n')[0], paragraphs);
        Assert.Equal("科尔沁区疫情处理工作评估小组", paragraphs[^2]);

        var pdf = await OfficeConversion.ToPdfAsync(docx, "evaluation");
        Assert.True(pdf.Length > 1024, $"the PDF has {pdf.Length} bytes");
    }

    private static async Task<EvaluationDto> ReportAsync(HttpClient client, long decision)
    {
        Assert.Null((await client.GetFromJsonAsync<List<TerminatedResponse>>("/api/evaluations"))!.Single(t => t.Decision == decision).Report);
        var response = await client.PostAsJsonAsync("/api/evaluations", new { decision });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"drafting the report of #{decision}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<EvaluationDto>())!;
    }

    /// <summary>
    /// The approved termination of 科尔沁区's response, all through the API: activated (proposed, confirmed, approved), warned
    /// (drafted, issued by the city), then — the clock moved past 14 days after the last case (001 §8.1) — the engine's
    /// termination recommendation confirmed and approved.
    /// </summary>
    private async Task<DecisionDto> TerminatedAsync()
    {
        var horqin = await factory.SignedInAsync("horqin");
        Assert.Empty((await horqin.GetFromJsonAsync<List<TerminatedResponse>>("/api/evaluations"))!);
        var activation = await ResponseSteps.ActiveResponseAsync(factory, Horqin, "horqin", "IV");
        var drafted = await horqin.PostAsJsonAsync("/api/warnings", new { decision = activation.Id });
        var warning = (await drafted.Content.ReadFromJsonAsync<WarningDto>())!;
        // Grade IV → warning III, issued by the city (001 §3.4.1): the county may not.
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsync($"/api/warnings/{warning.Id}/issue", null)).StatusCode);
        var city = await factory.SignedInAsync("city");
        Assert.True((await city.PostAsync($"/api/warnings/{warning.Id}/issue", null)).IsSuccessStatusCode);

        factory.Clock.Advance(TimeSpan.FromDays(15));
        factory.Services.GetRequiredService<FactsCache>().Invalidate();
        horqin = await factory.SignedInAsync("horqin");
        var expert = await factory.SignedInAsync("expert");
        await ResponseSteps.RefreshRecommendationsAsync(factory);
        var termination = (await horqin.GetListAsync<DecisionDto>("/api/decisions?open=true"))!.Single(d => d.Region == Horqin);
        Assert.Equal("terminate", termination.Kind);
        Assert.Equal(HttpStatusCode.OK, (await expert.PostAsJsonAsync($"/api/decisions/{termination.Id}/confirm", new { note = "专家组论证同意终止" })).StatusCode);
        var approved = await horqin.PostAsJsonAsync($"/api/decisions/{termination.Id}/approve", new { note = "同意终止" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        return (await approved.Content.ReadFromJsonAsync<DecisionDto>())!;
    }

    /// <summary>A termination the experts rejected, written directly: after the response has ended, the API no longer accepts a termination proposal.</summary>
    private async Task<long> WriteRejectedTerminationAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var plan = scope.ServiceProvider.GetRequiredService<FactsCache>().Plan;
        var now = factory.Clock.GetUtcNow();
        var region = await db.Regions.AsNoTracking().FirstAsync(r => r.Code == Horqin);
        var termination = new ResponseDecision
        {
            PlanId = plan.Id, RegionCode = Horqin, RegionPath = region.Path, Kind = DecisionKind.Terminate, FromLevel = "IV", Clause = plan.Termination!.Clause,
            Reason = "末例病例后14天无新发病例", Status = DecisionStatus.Rejected, ProposedBy = "horqin", ProposedAt = now,
            ConfirmedBy = "expert", ConfirmedAt = now, ConfirmationNote = "专家组认为仍有扩散风险", ClosedAt = now,
        };
        db.Decisions.Add(termination);
        await AuditLog.SaveChangesAsync(db, "expert", now, () =>
            [new AuditRecord("decision.rejected", "decision", termination.Id.ToString(CultureInfo.InvariantCulture), new { note = termination.ConfirmationNote }, region.Path)], default);
        return termination.Id;
    }
}

public sealed class SqliteEvaluationsApiTests() : EvaluationsApiTests<SqliteFactory>(new());

public sealed class PostgresEvaluationsApiTests() : EvaluationsApiTests<PostgresFactory>(new());
