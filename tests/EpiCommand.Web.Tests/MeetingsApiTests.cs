using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Meetings;
using EpiCommand.Web.Tasks;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>Coordination meetings (I1; 002 §五(一)) over HTTP, on SQLite and on PostgreSQL.</summary>
public abstract class MeetingsApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Horqin = "150502";
    private const string Holingol = "150581";
    private const string Health = "科尔沁区卫生健康委员会";
    private const string Police = "科尔沁区公安局";

    private object Meeting(string region, string calledBy, string[] units, string topic = "研究部署核酸检测和社区管控", int? personId = null, DateTimeOffset? startsAt = null) => new
    {
        region, calledBy, topic, startsAt = startsAt ?? factory.Clock.GetUtcNow().AddHours(1), place = "区卫健委三楼会议室", online = false,
        attendees = units.Select((u, i) => new { unit = u, personId = i == 0 ? personId : null }).ToArray(),
    };

    private static async Task<MeetingDto> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<MeetingDto>())!;
    }

    private static async Task<string[]> FieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task AMemberUnitCallsAMeetingWhoseDecisionsBecomeTasksFollowedUpAndPressedAndItsMinutesExportAsDocx()
    {
        using (var seed = factory.CreateDbContext())
        {
            Assert.Contains(Health, await seed.MemberUnits.Where(u => u.RegionCode == Horqin).Select(u => u.Name).ToListAsync());
        }
        int personId;
        using (var db = factory.CreateDbContext()) personId = await db.People.Where(p => p.RegionPath.Contains("/" + Horqin + "/")).Select(p => p.Id).FirstAsync();
        var horqin = await factory.SignedInAsync("horqin");
        var meeting = await OkAsync(await horqin.PostAsJsonAsync("/api/meetings", Meeting(Horqin, Health, [Health, Police], personId: personId)), HttpStatusCode.Created);
        Assert.Equal(("scheduled", 2), (meeting.State, meeting.Attendees.Count));
        using (var db = factory.CreateDbContext())
        {
            Assert.True(await db.Notifications.AnyAsync(n => n.Unit == Police && n.Title.Contains("会议通知")));
        }

        // Minutes only once it has started.
        var early = await horqin.PostAsJsonAsync($"/api/meetings/{meeting.Id}/record", new { minutes = "会议通报了疫情", decisions = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        factory.Clock.Advance(TimeSpan.FromHours(2));
        var due = factory.Clock.GetUtcNow().AddDays(2);
        var bad = await horqin.PostAsJsonAsync($"/api/meetings/{meeting.Id}/record", new
        {
            minutes = "",
            decisions = new object[] { new { text = "开展全员核酸检测", unit = "不存在的单位", dueAt = due }, new { text = "", unit = Police, dueAt = factory.Clock.GetUtcNow().AddDays(-1) } },
        });
        Assert.Equal(["decisions[0].unit", "decisions[1].dueAt", "decisions[1].text", "minutes"], await FieldsAsync(bad));
        using (var db = factory.CreateDbContext()) Assert.False(await db.Tasks.AnyAsync(t => t.MeetingDecisionId != null && t.RegionCode == Horqin));

        var held = await OkAsync(await horqin.PostAsJsonAsync($"/api/meetings/{meeting.Id}/record", new
        {
            minutes = "会议通报了全区疫情形势，会商研判了发展趋势。",
            version = meeting.Version,
            decisions = new object[]
            {
                new { text = "48小时内完成明仁街道全员核酸检测", unit = Health, dueAt = due },
                new { text = "加强封控区域周边巡逻管控", unit = Police, dueAt = due.AddDays(1) },
            },
        }));
        Assert.Equal("held", held.State);
        Assert.All(held.Decisions, d => Assert.Equal(("open", 0), (d.TaskState, d.TaskProgress)));
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync($"/api/meetings/{meeting.Id}/record", new { minutes = "再记一次" })).StatusCode);

        // The decisions are tasks of the existing machinery: listed for the unit, pressed (督办), reported on.
        var taskId = held.Decisions[0].TaskId!.Value;
        var task = (await horqin.GetFromJsonAsync<TaskDetailDto>($"/api/tasks/{taskId}"))!.Task;
        Assert.Equal((Health, "002 §五(一)", (long?)null, held.Decisions[0].DueAt), (task.Unit, task.Clause, task.DecisionId, task.DueAt));
        var forUnit = await horqin.GetFromJsonAsync<JsonElement>($"/api/tasks?unit={Uri.EscapeDataString(Health)}");
        Assert.Contains(forUnit.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetInt64() == taskId);
        Assert.Equal(HttpStatusCode.OK, (await horqin.PostAsJsonAsync($"/api/tasks/{taskId}/press", new { note = "请加快进度" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await horqin.PostAsJsonAsync($"/api/tasks/{taskId}/progress", new { note = "已完成60%", progress = 60 })).StatusCode);
        var again = (await horqin.GetFromJsonAsync<MeetingDto>($"/api/meetings/{meeting.Id}"))!;
        Assert.Equal(("inProgress", 60), (again.Decisions[0].TaskState, again.Decisions[0].TaskProgress));

        var document = await horqin.GetAsync($"/api/meetings/{meeting.Id}/minutes.docx");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var docx = await document.Content.ReadAsByteArrayAsync();
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            var paragraphs = word.MainDocumentPart!.Document!.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
            Assert.Contains(paragraphs, p => p.EndsWith("协调会议纪要", StringComparison.Ordinal));
            Assert.Contains(paragraphs, p => p.Contains("议定事项", StringComparison.Ordinal));
            Assert.Contains(paragraphs, p => p.StartsWith("（1）48小时内完成明仁街道全员核酸检测。责任单位：" + Health, StringComparison.Ordinal));
            Assert.Contains(paragraphs, p => p.Contains(Police, StringComparison.Ordinal));
        }
        var pdf = await OfficeConversion.ToPdfAsync(docx, "meeting-minutes");
        Assert.True(pdf.Length > 1000);
    }

    [Fact]
    public async Task ACountySeesItsOwnMeetingsOnly()
    {
        var city = await factory.SignedInAsync("city");
        var holingol = await OkAsync(await city.PostAsJsonAsync("/api/meetings", Meeting(Holingol, "霍林郭勒市卫生健康委员会", ["霍林郭勒市卫生健康委员会"])), HttpStatusCode.Created);
        var horqin = await factory.SignedInAsync("horqin");
        var own = await OkAsync(await horqin.PostAsJsonAsync("/api/meetings", Meeting(Horqin, Health, [Health])), HttpStatusCode.Created);

        var list = await horqin.GetFromJsonAsync<JsonElement>("/api/meetings");
        var ids = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(own.Id, ids);
        Assert.DoesNotContain(holingol.Id, ids);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.GetAsync($"/api/meetings/{holingol.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.GetAsync($"/api/meetings/{holingol.Id}/minutes.docx")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/meetings?region={Holingol}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/meetings", Meeting(Holingol, "霍林郭勒市卫生健康委员会", ["霍林郭勒市卫生健康委员会"]))).StatusCode);
        var cityList = await city.GetFromJsonAsync<JsonElement>("/api/meetings?limit=200");
        var cityIds = cityList.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(own.Id, cityIds);
        Assert.Contains(holingol.Id, cityIds);
    }

    [Fact]
    public async Task BadMeetingsAreRefusedFieldByFieldAndNothingIsStored()
    {
        using var db = factory.CreateDbContext();
        var before = await db.Meetings.CountAsync();
        var horqin = await factory.SignedInAsync("horqin");
        var bad = await horqin.PostAsJsonAsync("/api/meetings", new
        {
            region = Horqin, calledBy = "某某公司", topic = " ", place = "", startsAt = (DateTimeOffset?)null,
            attendees = new object[] { new { unit = Health }, new { unit = "外省单位" }, new { unit = Police, personId = 999999 } },
        });
        Assert.Equal(["attendees[1].unit", "attendees[2].personId", "calledBy", "place", "startsAt", "topic"], await FieldsAsync(bad));
        Assert.Equal(["attendees"], await FieldsAsync(await horqin.PostAsJsonAsync("/api/meetings", Meeting(Horqin, Health, []))));
        // A member unit calls in its own name; an expert calls none.
        var cdc = await factory.SignedInAsync("horqin-cdc");
        Assert.Equal(["calledBy"], await FieldsAsync(await cdc.PostAsJsonAsync("/api/meetings", Meeting(Horqin, Police, [Police]))));
        var expert = await factory.SignedInAsync("expert");
        Assert.Equal(HttpStatusCode.Forbidden, (await expert.PostAsJsonAsync("/api/meetings", Meeting(Horqin, Health, [Health]))).StatusCode);
        Assert.Equal(before, await db.Meetings.CountAsync());

        // Cancelled with a reason; then neither recorded nor cancelled again.
        var meeting = await OkAsync(await horqin.PostAsJsonAsync("/api/meetings", Meeting(Horqin, Health, [Health])), HttpStatusCode.Created);
        Assert.Equal(["reason"], await FieldsAsync(await horqin.PostAsJsonAsync($"/api/meetings/{meeting.Id}/cancel", new { })));
        Assert.Equal("cancelled", (await OkAsync(await horqin.PostAsJsonAsync($"/api/meetings/{meeting.Id}/cancel", new { reason = "改期" }))).State);
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync($"/api/meetings/{meeting.Id}/cancel", new { reason = "改期" })).StatusCode);
    }
}

public sealed class SqliteMeetingsApiTests() : MeetingsApiTests<SqliteFactory>(new());

public sealed class PostgresMeetingsApiTests() : MeetingsApiTests<PostgresFactory>(new());
