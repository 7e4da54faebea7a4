using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Data.Identity;
using EpiCommand.Web.Opinion;
using EpiCommand.Web.Publications;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Public-opinion monitoring (舆情监测, I5; 001 §5.1.5, §5.3.9) over HTTP, on SQLite and on PostgreSQL: reported, assessed as a task,
/// answered by a rebuttal approved by a second person of the owning headquarters and published, closed.
/// </summary>
public abstract class OpinionApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string City = "150500";
    private const string Horqin = "150502";
    private const string Holingol = "150581";
    private const string Health = "科尔沁区卫生健康委员会";

    private object Item(string region, string sensitivity = "sensitive", string summary = "网传科尔沁区明日起全域封闭，超市停业。") => new
    {
        region, source = "platform", channel = "微博", summary, link = "https://weibo.example/post/1", observedAt = factory.Clock.GetUtcNow().AddHours(-1), sensitivity,
    };

    private object Assessment(int version, string handler, string sensitivity = "high", double hours = 24) => new
    {
        version, sensitivity, assessment = "不实传言，需及时辟谣。", handler, dueAt = factory.Clock.GetUtcNow().AddHours(hours),
    };

    private static async Task<T> OkAsync<T>(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private static async Task<string[]> FieldsAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task AnItemIsReportedAssessedAsATaskAnsweredByAnApprovedRebuttalAndClosed()
    {
        var cdc = await factory.SignedInAsync("horqin-cdc");
        var horqin = await factory.SignedInAsync("horqin");
        var reported = await OkAsync<OpinionDto>(await cdc.PostAsJsonAsync("/api/opinion", Item(Horqin, "high")), HttpStatusCode.Created);
        Assert.Equal(("reported", "high", "platform", "horqin-cdc", "疾病预防控制机构"), (reported.State, reported.Sensitivity, reported.Source, reported.ReportedBy, reported.ReportingUnit));
        using (var db = factory.CreateDbContext())
        {
            // 高度敏感: the district's and the city's headquarters are told at once.
            var told = await db.Notifications.Where(n => n.Title.StartsWith("高度敏感舆情") && n.Role == Roles.Headquarters).Select(n => n.RegionCode).ToListAsync();
            Assert.Equal([City, Horqin], told.Order().ToArray());
        }

        // The CDC reports but does not assess; the county headquarters does, giving a unit a deadline: a task.
        Assert.Equal(HttpStatusCode.Forbidden, (await cdc.PostAsJsonAsync($"/api/opinion/{reported.Id}/assess", Assessment(reported.Version, Health))).StatusCode);
        var assessed = await OkAsync<OpinionDto>(await horqin.PostAsJsonAsync($"/api/opinion/{reported.Id}/assess", Assessment(reported.Version, Health)));
        Assert.Equal(("assessed", Health, "open", false), (assessed.State, assessed.Handler, assessed.TaskState, assessed.Overdue));
        var task = (await horqin.GetFromJsonAsync<JsonElement>($"/api/tasks/{assessed.TaskId}")).GetProperty("task");
        Assert.Equal((Health, OpinionService.Clause), (task.GetProperty("unit").GetString(), task.GetProperty("clause").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync($"/api/opinion/{reported.Id}/assess", Assessment(assessed.Version, Health))).StatusCode);

        // The rebuttal: drafted by the CDC, not public until the headquarters approves it.
        var draft = await OkAsync<PublicationDto>(await cdc.PostAsJsonAsync($"/api/opinion/{reported.Id}/rebuttal",
            new { version = assessed.Version, claim = "科尔沁区明日起全域封闭、超市停业", facts = "经核实，科尔沁区指挥部未作出全域封闭决定，商超正常营业，请勿信谣传谣。" }), HttpStatusCode.Created);
        Assert.Equal(("rebuttal", "draft"), (draft.Kind, draft.State));
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.DoesNotContain((await anonymous.GetFromJsonAsync<JsonElement>("/api/public/rebuttals")).GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == draft.Id);
        Assert.Equal(HttpStatusCode.Conflict, (await cdc.PostAsJsonAsync($"/api/opinion/{reported.Id}/rebuttal", new { claim = "再一次", facts = "再一次" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cdc.PostAsJsonAsync($"/api/publications/{draft.Id}/publish", new { version = draft.Version })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await horqin.PostAsJsonAsync($"/api/publications/{draft.Id}/publish", new { version = draft.Version })).StatusCode);
        var responded = await horqin.GetFromJsonAsync<OpinionDto>($"/api/opinion/{reported.Id}");
        Assert.Equal(("responded", "published"), (responded!.State, responded.RebuttalState));

        var item = Assert.Single((await anonymous.GetFromJsonAsync<JsonElement>("/api/public/rebuttals")).GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == draft.Id);
        Assert.Equal("科尔沁区明日起全域封闭、超市停业", item.GetProperty("content").GetProperty("rebuttal").GetProperty("claim").GetString());
        Assert.Contains(draft.Title, WebUtility.HtmlDecode(await anonymous.GetStringAsync("/api/public/feed")));
        var html = WebUtility.HtmlDecode(await anonymous.GetStringAsync("/public"));
        Assert.Contains("商超正常营业", html);
        Assert.DoesNotContain("weibo.example", html);

        // Closed with a note; the handler's task is done with it.
        Assert.Equal(["note"], await FieldsAsync(await horqin.PostAsJsonAsync($"/api/opinion/{reported.Id}/close", new { })));
        var closed = await OkAsync<OpinionDto>(await horqin.PostAsJsonAsync($"/api/opinion/{reported.Id}/close", new { version = responded.Version, note = "已辟谣，网上转发明显减少。" }));
        Assert.Equal(("closed", "done"), (closed.State, closed.TaskState));
        using var check = factory.CreateDbContext();
        var actions = await check.AuditEntries.Where(a => a.SubjectType == "opinion" && a.SubjectId == Id(reported.Id)).Select(a => a.Action).ToListAsync();
        Assert.Equal(["opinion.assessed", "opinion.closed", "opinion.rebuttal-drafted", "opinion.reported", "opinion.responded"], actions.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task TheRebuttalNeedsASecondHeadquartersPersonOfTheOwningLevel()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var reported = await OkAsync<OpinionDto>(await horqin.PostAsJsonAsync("/api/opinion", Item(Horqin)), HttpStatusCode.Created);
        var assessed = await OkAsync<OpinionDto>(await horqin.PostAsJsonAsync($"/api/opinion/{reported.Id}/assess", Assessment(reported.Version, Health)));
        var draft = await OkAsync<PublicationDto>(await horqin.PostAsJsonAsync($"/api/opinion/{reported.Id}/rebuttal",
            new { version = assessed.Version, claim = "网传封城", facts = "不实。" }), HttpStatusCode.Created);
        // The drafter cannot approve their own; the city cannot approve the county's (the level owns what it says).
        var own = await horqin.PostAsJsonAsync($"/api/publications/{draft.Id}/publish", new { version = draft.Version });
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("publisher-must-differ", await own.Content.ReadAsStringAsync());
        var city = await factory.SignedInAsync("city");
        Assert.Equal(HttpStatusCode.Forbidden, (await city.PostAsJsonAsync($"/api/publications/{draft.Id}/publish", new { version = draft.Version })).StatusCode);
        // Nor can a rebuttal be made up at /api/publications: it comes from an item.
        Assert.Contains("kind", await FieldsAsync(await city.PostAsJsonAsync("/api/publications", new { region = City, kind = "rebuttal" })));
        Assert.Equal("assessed", (await horqin.GetFromJsonAsync<OpinionDto>($"/api/opinion/{reported.Id}"))!.State);
        // And an item awaiting its rebuttal's approval is not closed under it.
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync($"/api/opinion/{reported.Id}/close", new { note = "结束" })).StatusCode);
    }

    [Fact]
    public async Task BadInputIsRefusedFieldByFieldAndNothingIsWritten()
    {
        var horqin = await factory.SignedInAsync("horqin");
        using var db = factory.CreateDbContext();
        var before = await db.OpinionItems.CountAsync();
        Assert.Equal(["link", "observedAt", "sensitivity", "source", "summary"], await FieldsAsync(await horqin.PostAsJsonAsync("/api/opinion",
            new { region = Horqin, source = "pigeon", link = "ftp://x", observedAt = factory.Clock.GetUtcNow().AddDays(1), sensitivity = "very" })));
        Assert.Equal(["region"], await FieldsAsync(await horqin.PostAsJsonAsync("/api/opinion", new { })));
        Assert.Equal(before, await db.OpinionItems.CountAsync());

        var reported = await OkAsync<OpinionDto>(await horqin.PostAsJsonAsync("/api/opinion", Item(Horqin)), HttpStatusCode.Created);
        var tasks = await db.Tasks.CountAsync();
        Assert.Equal(["assessment", "dueAt", "handler", "sensitivity"], await FieldsAsync(await horqin.PostAsJsonAsync($"/api/opinion/{reported.Id}/assess", new { })));
        Assert.Equal(["dueAt", "handler"], await FieldsAsync(await horqin.PostAsJsonAsync($"/api/opinion/{reported.Id}/assess",
            new { sensitivity = "high", assessment = "需处置", handler = "不存在的单位", dueAt = factory.Clock.GetUtcNow().AddHours(-1) })));
        Assert.Equal(tasks, await db.Tasks.CountAsync());
        Assert.Equal("reported", (await horqin.GetFromJsonAsync<OpinionDto>($"/api/opinion/{reported.Id}"))!.State);

        // Rebuttals are refused before assessment, and with an ID or phone number in them (as any release).
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync($"/api/opinion/{reported.Id}/rebuttal", new { claim = "网传封城", facts = "不实。" })).StatusCode);
        var assessed = await OkAsync<OpinionDto>(await horqin.PostAsJsonAsync($"/api/opinion/{reported.Id}/assess", Assessment(reported.Version, Health)));
        var publications = await db.Publications.CountAsync();
        Assert.Equal(["claim", "facts"], await FieldsAsync(await horqin.PostAsJsonAsync($"/api/opinion/{reported.Id}/rebuttal",
            new { version = assessed.Version, claim = "张三（身份证 150502199001011234）确诊", facts = "详询 13912345678" })));
        Assert.Equal(["claim", "facts"], await FieldsAsync(await horqin.PostAsJsonAsync($"/api/opinion/{reported.Id}/rebuttal", new { })));
        Assert.Equal(publications, await db.Publications.CountAsync());

        // The list's own filter and the shared ones.
        Assert.Equal(["limit", "sensitivity", "status"], await FieldsAsync(await horqin.GetAsync("/api/opinion?limit=500&sensitivity=loud&status=open")));
    }

    [Fact]
    public async Task AnotherCountysItemsAreOutOfReach()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        var theirs = await OkAsync<OpinionDto>(await city.PostAsJsonAsync("/api/opinion", Item(Holingol, summary: "霍林郭勒市网传停水")), HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/opinion", Item(Holingol))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.GetAsync($"/api/opinion/{theirs.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsJsonAsync($"/api/opinion/{theirs.Id}/assess", Assessment(theirs.Version, Health))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/opinion?region={Holingol}")).StatusCode);
        var list = await horqin.GetFromJsonAsync<JsonElement>("/api/opinion?limit=200");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == theirs.Id);
        Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.StartsWith(Horqin, i.GetProperty("region").GetString()));
        // The city sees both, and the county's item is the county's to assess, not the city's.
        var mine = await OkAsync<OpinionDto>(await horqin.PostAsJsonAsync("/api/opinion", Item(Horqin)), HttpStatusCode.Created);
        var all = await city.GetFromJsonAsync<JsonElement>("/api/opinion?sensitivity=sensitive&status=reported&limit=200");
        Assert.Contains(all.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == mine.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await city.PostAsJsonAsync($"/api/opinion/{mine.Id}/assess", Assessment(mine.Version, Health))).StatusCode);
        var search = await city.GetFromJsonAsync<JsonElement>($"/api/opinion?q={Uri.EscapeDataString("霍林郭勒市网传")}");
        Assert.Equal(theirs.Id, Assert.Single(search.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task ConcurrentApprovalsAndAssessmentsLetOneWinAndAnswerTheOther409AndTheOverdueIsShown()
    {
        var city = await factory.SignedInAsync("city");
        var office = await factory.SignedInAsync("office");
        var reported = await OkAsync<OpinionDto>(await office.PostAsJsonAsync("/api/opinion", Item(City, summary: "网传全市中小学停课")), HttpStatusCode.Created);
        var units = await (await factory.SignedInAsync("city")).GetFromJsonAsync<JsonElement>("/api/meetings/units?region=" + City);
        var unit = units.EnumerateArray().First().GetString()!;
        var answers = await Task.WhenAll(
            city.PostAsJsonAsync($"/api/opinion/{reported.Id}/assess", Assessment(reported.Version, unit, hours: 1)),
            office.PostAsJsonAsync($"/api/opinion/{reported.Id}/assess", Assessment(reported.Version, unit, hours: 1)));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order().ToArray());
        using (var db = factory.CreateDbContext())
        {
            Assert.Equal(1, await db.Tasks.CountAsync(t => t.MeasureId == $"opinion-{reported.Id}"));
        }
        var assessed = (await city.GetFromJsonAsync<OpinionDto>($"/api/opinion/{reported.Id}"))!;

        var draft = await OkAsync<PublicationDto>(await office.PostAsJsonAsync($"/api/opinion/{reported.Id}/rebuttal",
            new { version = assessed.Version, claim = "全市中小学停课", facts = "教育部门未发布停课通知，各校正常上课。" }), HttpStatusCode.Created);
        var cityAgain = await factory.SignedInAsync("city");
        var approvals = await Task.WhenAll(
            city.PostAsJsonAsync($"/api/publications/{draft.Id}/publish", new { version = draft.Version }),
            cityAgain.PostAsJsonAsync($"/api/publications/{draft.Id}/publish", new { version = draft.Version }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], approvals.Select(a => a.StatusCode).Order().ToArray());
        using (var db = factory.CreateDbContext())
        {
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "publication.published" && a.SubjectId == Id(draft.Id)));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "opinion.responded" && a.SubjectId == Id(reported.Id)));
        }

        // Past its deadline the handler's task is overdue, and the item says so.
        Assert.False((await city.GetFromJsonAsync<OpinionDto>($"/api/opinion/{reported.Id}"))!.Overdue);
        factory.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True((await city.GetFromJsonAsync<OpinionDto>($"/api/opinion/{reported.Id}"))!.Overdue);
        var listed = await city.GetFromJsonAsync<JsonElement>("/api/opinion?status=responded");
        Assert.True(Assert.Single(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == reported.Id).GetProperty("overdue").GetBoolean());
    }
}

public sealed class SqliteOpinionApiTests() : OpinionApiTests<SqliteFactory>(new());

public sealed class PostgresOpinionApiTests() : OpinionApiTests<PostgresFactory>(new());
