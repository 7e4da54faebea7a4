using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Instructions;
using EpiCommand.Web.Tasks;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>Leaders' instructions (批示, 002 §四; I4) over HTTP, on SQLite and on PostgreSQL: recorded, assigned as tasks, closed when all are done.</summary>
public abstract class InstructionsApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Horqin = "150502";
    private const string Holingol = "150581";
    private const string Kailu = "150523";
    private const string City = "150500";
    private const string Health = "科尔沁区卫生健康委员会";
    private const string Police = "科尔沁区公安局";

    private async Task<int> LeaderAsync(string region)
    {
        using var db = factory.CreateDbContext();
        return await db.People.Where(p => p.RegionCode == region).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
    }

    private object Instruction(string region, int leaderId, params (string Unit, DateTimeOffset Due)[] units) => new
    {
        region, leaderId, issuedAt = factory.Clock.GetUtcNow().AddHours(-1), text = "请卫健、公安部门立即落实明仁街道封控区管控措施，每日报告进展。",
        subject = "关于明仁街道疫情处置情况的报告", assignments = units.Select(u => new { unit = u.Unit, dueAt = u.Due }).ToArray(),
    };

    private static async Task<InstructionDto> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<InstructionDto>())!;
    }

    private static async Task<string[]> FieldsAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task AnInstructionBecomesTasksReportedOnAndPressedAndClosesWhenEveryUnitIsDone()
    {
        var leaderId = await LeaderAsync(Horqin);
        var horqin = await factory.SignedInAsync("horqin");
        var due = factory.Clock.GetUtcNow().AddDays(2);
        var recorded = await OkAsync(await horqin.PostAsJsonAsync("/api/instructions", Instruction(Horqin, leaderId, (Health, due), (Police, due.AddDays(1)))), HttpStatusCode.Created);
        Assert.Equal(("open", 2, 0), (recorded.State, recorded.Assignments.Count, recorded.Done));
        Assert.False(string.IsNullOrEmpty(recorded.Leader));
        Assert.All(recorded.Assignments, a => Assert.Equal(("open", 0), (a.TaskState, a.TaskProgress)));
        using (var db = factory.CreateDbContext())
        {
            Assert.True(await db.Notifications.AnyAsync(n => n.Unit == Police && n.Title.StartsWith("领导批示")));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "instruction.recorded" && e.SubjectId == recorded.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        // The assignments are tasks of the existing machinery: the unit's list, 督办, progress reports.
        var healthTask = recorded.Assignments.Single(a => a.Unit == Health).TaskId!.Value;
        var policeTask = recorded.Assignments.Single(a => a.Unit == Police).TaskId!.Value;
        var task = (await horqin.GetFromJsonAsync<TaskDetailDto>($"/api/tasks/{healthTask}"))!.Task;
        Assert.Equal((Health, "002 §四", (long?)null, due), (task.Unit, task.Clause, task.DecisionId, task.DueAt));
        var forUnit = await horqin.GetFromJsonAsync<JsonElement>($"/api/tasks?unit={Uri.EscapeDataString(Police)}");
        Assert.Contains(forUnit.GetProperty("items").EnumerateArray(), t => t.GetProperty("id").GetInt64() == policeTask);
        Assert.Equal(HttpStatusCode.OK, (await horqin.PostAsJsonAsync($"/api/tasks/{policeTask}/press", new { note = "请抓紧" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await horqin.PostAsJsonAsync($"/api/tasks/{healthTask}/progress", new { note = "已完成核酸检测采样6成", progress = 60 })).StatusCode);
        var seen = (await horqin.GetFromJsonAsync<InstructionDto>($"/api/instructions/{recorded.Id}"))!;
        var health = seen.Assignments.Single(a => a.Unit == Health);
        Assert.Equal(("inProgress", 60, "已完成核酸检测采样6成"), (health.TaskState, health.TaskProgress, health.LastReport));
        Assert.Equal(1, seen.Assignments.Single(a => a.Unit == Police).TaskPresses);

        // One unit done: still open. The last one done: closed (闭环), audited.
        Assert.Equal(HttpStatusCode.OK, (await horqin.PostAsJsonAsync($"/api/tasks/{healthTask}/done", new { note = "全部完成" })).StatusCode);
        seen = (await horqin.GetFromJsonAsync<InstructionDto>($"/api/instructions/{recorded.Id}"))!;
        Assert.Equal(("open", 1), (seen.State, seen.Done));
        factory.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(HttpStatusCode.OK, (await horqin.PostAsJsonAsync($"/api/tasks/{policeTask}/done", new { note = "巡逻管控已落实" })).StatusCode);
        seen = (await horqin.GetFromJsonAsync<InstructionDto>($"/api/instructions/{recorded.Id}"))!;
        Assert.Equal(("closed", 2), (seen.State, seen.Done));
        Assert.True((seen.ClosedAt!.Value - factory.Clock.GetUtcNow()).Duration() < TimeSpan.FromSeconds(1));
        var closedList = await horqin.GetFromJsonAsync<JsonElement>("/api/instructions?status=closed");
        Assert.Contains(closedList.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt64() == recorded.Id);
        using (var db = factory.CreateDbContext())
        {
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "instruction.closed" && e.SubjectId == recorded.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task TheDemoCityHasAnOpenInstructionWithOneUnitReporting()
    {
        var city = await factory.SignedInAsync("city");
        var list = await city.GetFromJsonAsync<JsonElement>("/api/instructions?region=150500&status=open");
        var demo = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("leader").GetString() == "孙立军");
        var detail = (await city.GetFromJsonAsync<InstructionDto>($"/api/instructions/{demo.GetProperty("id").GetInt64()}"))!;
        Assert.Equal(("open", 0, 2), (detail.State, detail.Done, detail.Assignments.Count));
        Assert.Contains(detail.Assignments, a => a.TaskState == "inProgress" && a.LastReport is not null);
        Assert.All(detail.Assignments, a => Assert.False(a.Overdue));
    }

    [Fact]
    public async Task ACountySeesItsOwnInstructionsOnlyAndOnlyTheHeadquartersRecordsThem()
    {
        var city = await factory.SignedInAsync("city");
        var due = factory.Clock.GetUtcNow().AddDays(1);
        var other = await OkAsync(await city.PostAsJsonAsync("/api/instructions",
            Instruction(Holingol, await LeaderAsync(City), ("霍林郭勒市卫生健康委员会", due))), HttpStatusCode.Created);
        var horqin = await factory.SignedInAsync("horqin");
        var own = await OkAsync(await horqin.PostAsJsonAsync("/api/instructions", Instruction(Horqin, await LeaderAsync(Horqin), (Health, due))), HttpStatusCode.Created);

        var ids = (await horqin.GetFromJsonAsync<JsonElement>("/api/instructions")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(own.Id, ids);
        Assert.DoesNotContain(other.Id, ids);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.GetAsync($"/api/instructions/{other.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/instructions?region={Holingol}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/instructions", Instruction(Holingol, await LeaderAsync(City), ("霍林郭勒市卫生健康委员会", due)))).StatusCode);
        var cityIds = (await city.GetFromJsonAsync<JsonElement>("/api/instructions?limit=200")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(own.Id, cityIds);
        Assert.Contains(other.Id, cityIds);
        // A member unit's staff reports on its task but does not record instructions.
        var cdc = await factory.SignedInAsync("horqin-cdc");
        Assert.Equal(HttpStatusCode.Forbidden, (await cdc.PostAsJsonAsync("/api/instructions", Instruction(Horqin, await LeaderAsync(Horqin), (Health, due)))).StatusCode);
    }

    [Fact]
    public async Task BadInstructionsAreRefusedFieldByFieldAndNothingIsStored()
    {
        using var db = factory.CreateDbContext();
        var (instructions, tasks) = (await db.Instructions.CountAsync(), await db.Tasks.CountAsync());
        var horqin = await factory.SignedInAsync("horqin");
        var now = factory.Clock.GetUtcNow();
        var bad = await horqin.PostAsJsonAsync("/api/instructions", new
        {
            region = Horqin, leaderId = 999999, issuedAt = now.AddDays(2), text = " ",
            assignments = new object[] { new { unit = Health, dueAt = now.AddDays(1) }, new { unit = "外省单位", dueAt = now.AddDays(1) }, new { unit = Health, dueAt = now.AddDays(-1) }, new { unit = Police } },
        });
        Assert.Equal(["assignments[1].unit", "assignments[2].dueAt", "assignments[2].unit", "assignments[3].dueAt", "issuedAt", "leaderId", "text"], await FieldsAsync(bad));
        Assert.Equal(["assignments"], await FieldsAsync(await horqin.PostAsJsonAsync("/api/instructions", Instruction(Horqin, await LeaderAsync(Horqin)))));
        // A leader of another county is no leader of this one.
        Assert.Equal(["leaderId"], await FieldsAsync(await horqin.PostAsJsonAsync("/api/instructions", Instruction(Horqin, await LeaderAsync(Kailu), (Health, now.AddDays(1))))));
        Assert.Equal((instructions, tasks), (await db.Instructions.CountAsync(), await db.Tasks.CountAsync()));
    }
}

public sealed class SqliteInstructionsApiTests() : InstructionsApiTests<SqliteFactory>(new());

public sealed class PostgresInstructionsApiTests() : InstructionsApiTests<PostgresFactory>(new());
