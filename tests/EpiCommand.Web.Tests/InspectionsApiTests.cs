using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Web.Inspections;
using EpiCommand.Web.Tasks;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Inspections (督查检查, I2; 002 §五(七), 001 §5.1.9) over HTTP, on SQLite and on PostgreSQL: planned against the plan's checklist,
/// results with photos, rectification orders as tasks, re-inspection (re-opening and closing), accountability, statistics per unit.
/// </summary>
public abstract class InspectionsApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string Horqin = "150502";
    private const string Holingol = "150581";
    private const string Health = "科尔沁区卫生健康委员会";
    private const string Office = "指挥部办公室";

    /// <summary>A unit the demo city has not inspected, so that its statistics start at nothing.</summary>
    private const string Police = "科尔沁区公安局";
    private const string Checklist = "five-haves-three-stricts";

    /// <summary>The smallest PNG there is: the signature, IHDR of a 1×1 image, IDAT and IEND.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private object Plan(string region, string unit, string inspector = Office) => new
    {
        region, title = "常态化防控督导检查", checklist = Checklist, inspectedUnit = unit, place = "区医院发热门诊", scheduledAt = factory.Clock.GetUtcNow().AddHours(-2),
        inspectors = new[] { new { unit = inspector } },
    };

    private static object Results(InspectionDto inspection, params string[] failed) => new
    {
        findings = inspection.Findings.Select(f => new { itemId = f.ItemId, passed = !failed.Contains(f.ItemId), note = failed.Contains(f.ItemId) ? "发热门诊未设缓冲区" : null }).ToArray(),
        version = inspection.Version,
    };

    private static async Task<InspectionDto> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<InspectionDto>())!;
    }

    private static async Task<string[]> FieldsAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
    }

    private static MultipartFormDataContent File(byte[] content, string name, string type)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private static async Task<JsonElement> StatsRowAsync(HttpClient client, string unit)
    {
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/inspections/stats?region={Horqin}&limit=200");
        return page.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("unit").GetString() == unit);
    }

    [Fact]
    public async Task AnInspectionFindsOrdersRectificationAsATaskReopensClosesAndRecordsAccountability()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var checklists = await horqin.GetFromJsonAsync<List<ChecklistDto>>("/api/inspections/checklists");
        var fiveHaves = checklists!.Single(c => c.Id == Checklist);
        Assert.Equal(("五有三严", "5.1.9", 8), (fiveHaves.Name, fiveHaves.Clause, fiveHaves.Items.Count));

        var planned = await OkAsync(await horqin.PostAsJsonAsync("/api/inspections", Plan(Horqin, Police)), HttpStatusCode.Created);
        Assert.Equal(("planned", 8), (planned.State, planned.Findings.Count));
        Assert.Equal(fiveHaves.Items.Select(i => i.Text), planned.Findings.Select(f => f.Text));
        Assert.All(planned.Findings, f => Assert.Equal("pending", f.State));
        using (var db = factory.CreateDbContext())
        {
            Assert.True(await db.Notifications.AnyAsync(n => n.Unit == Police && n.Title.StartsWith("督查检查通知")));
        }

        var inspected = await OkAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/results", Results(planned, "fever-clinic")));
        Assert.Equal("inspected", inspected.State);
        var finding = inspected.Findings.Single(f => f.ItemId == "fever-clinic");
        Assert.Equal(("failed", "发热门诊未设缓冲区"), (finding.State, finding.Note));
        Assert.Equal(7, inspected.Findings.Count(f => f.State == "passed"));
        // Results once only.
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/results", Results(inspected))).StatusCode);

        // A photo: an image by its content, served back to the jurisdiction; a text file calling itself a photo is refused.
        var uploaded = await horqin.PostAsync($"/api/inspections/{planned.Id}/findings/{finding.Id}/photos", File(Png, "门诊.png", "image/png"));
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        var photo = (await uploaded.Content.ReadFromJsonAsync<PhotoDto>())!;
        var served = await horqin.GetAsync(photo.Url);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(["file"], await FieldsAsync(await horqin.PostAsync($"/api/inspections/{planned.Id}/findings/{finding.Id}/photos", File("<script>"u8.ToArray(), "x.png", "image/png"))));
        Assert.Equal(["file"], await FieldsAsync(await horqin.PostAsync($"/api/inspections/{planned.Id}/findings/{finding.Id}/photos", File(new byte[InspectionService.MaxPhotoBytes + 1], "big.png", "image/png"))));

        // The rectification order is a task of the inspected unit (督办 as any task).
        var due = factory.Clock.GetUtcNow().AddHours(2);
        var ordered = await OkAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/findings/{finding.Id}/rectification",
            new { requirement = "按三区两通道设置缓冲区", dueAt = due, version = finding.Version }));
        finding = ordered.Findings.Single(f => f.Id == finding.Id);
        Assert.Equal(("rectifying", due, "open"), (finding.State, finding.DueAt, finding.TaskState));
        Assert.Single(finding.Photos);
        var firstTask = finding.TaskId!.Value;
        var task = (await horqin.GetFromJsonAsync<TaskDetailDto>($"/api/tasks/{firstTask}"))!.Task;
        Assert.Equal((Police, "002 §五(七)", (long?)null, (DateTimeOffset?)due), (task.Unit, task.Clause, task.DecisionId, task.DueAt));
        Assert.Equal(HttpStatusCode.OK, (await horqin.PostAsJsonAsync($"/api/tasks/{firstTask}/press", new { note = "请抓紧整改" })).StatusCode);
        var row = await StatsRowAsync(horqin, Police);
        Assert.Equal((1, 1, 1, 0), (row.GetProperty("findings").GetInt32(), row.GetProperty("openFindings").GetInt32(), row.GetProperty("openRectifications").GetInt32(), row.GetProperty("overdue").GetInt32()));
        factory.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(1, (await StatsRowAsync(horqin, Police)).GetProperty("overdue").GetInt32());

        // Re-inspection finds it still wanting: re-opened, a new order, then passed: closed with its task, and the inspection closed.
        var reopened = await OkAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/findings/{finding.Id}/reinspection",
            new { passed = false, note = "缓冲区仍未设置", version = finding.Version }));
        finding = reopened.Findings.Single(f => f.Id == finding.Id);
        Assert.Equal(("failed", 1, "inspected"), (finding.State, finding.Reopened, reopened.State));
        var again = await OkAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/findings/{finding.Id}/rectification",
            new { requirement = "三日内设置到位", dueAt = factory.Clock.GetUtcNow().AddDays(3), version = finding.Version }));
        finding = again.Findings.Single(f => f.Id == finding.Id);
        Assert.NotEqual(firstTask, finding.TaskId);
        var closed = await OkAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/findings/{finding.Id}/reinspection",
            new { passed = true, note = "已整改到位", version = finding.Version }));
        finding = closed.Findings.Single(f => f.Id == finding.Id);
        Assert.Equal(("closed", "closed", "closed"), (finding.State, finding.TaskState, closed.State));
        row = await StatsRowAsync(horqin, Police);
        Assert.Equal((1, 1, 0, 0, 0), (row.GetProperty("inspections").GetInt32(), row.GetProperty("findings").GetInt32(), row.GetProperty("openFindings").GetInt32(),
            row.GetProperty("openRectifications").GetInt32(), row.GetProperty("overdue").GetInt32()));

        var accountability = await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/accountability", new
        {
            findingId = finding.Id, who = "发热门诊负责人", unit = Police, what = "整改逾期未到位", decision = "诫勉谈话", decidedAt = factory.Clock.GetUtcNow().AddHours(-1),
        });
        Assert.True(accountability.StatusCode == HttpStatusCode.Created, await accountability.Content.ReadAsStringAsync());
        var detail = (await horqin.GetFromJsonAsync<InspectionDto>($"/api/inspections/{planned.Id}"))!;
        Assert.Equal(("发热门诊负责人", "诫勉谈话"), (detail.Accountability.Single().Who, detail.Accountability.Single().Decision));

        using (var db = factory.CreateDbContext())
        {
            var id = planned.Id.ToString(CultureInfo.InvariantCulture);
            var actions = await db.AuditEntries.Where(e => e.SubjectType == "inspection" && e.SubjectId == id).Select(e => e.Action).ToListAsync();
            Assert.Equal(["inspection.accountability", "inspection.finding-closed", "inspection.finding-reopened", "inspection.inspected", "inspection.photo-added", "inspection.planned",
                "inspection.rectification-ordered"], actions.Distinct().Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task BadInspectionsAreRefusedFieldByFieldAndNothingIsStored()
    {
        using var db = factory.CreateDbContext();
        var (inspections, tasks) = (await db.Inspections.CountAsync(), await db.Tasks.CountAsync());
        var horqin = await factory.SignedInAsync("horqin");
        var bad = await horqin.PostAsJsonAsync("/api/inspections", new
        {
            region = Horqin, title = " ", checklist = "no-such-list", inspectedUnit = "外省单位", scheduledAt = factory.Clock.GetUtcNow().AddYears(3),
            inspectors = new object[] { new { unit = Office, personId = 999999 }, new { unit = "" } },
        });
        Assert.Equal(["checklist", "inspectedUnit", "inspectors[0].personId", "inspectors[1].unit", "scheduledAt", "title"], await FieldsAsync(bad));
        Assert.Equal(["inspectors"], await FieldsAsync(await horqin.PostAsJsonAsync("/api/inspections", new
        {
            region = Horqin, title = "督查", checklist = Checklist, inspectedUnit = Health, scheduledAt = factory.Clock.GetUtcNow(),
        })));
        Assert.Equal((inspections, tasks), (await db.Inspections.CountAsync(), await db.Tasks.CountAsync()));

        var planned = await OkAsync(await horqin.PostAsJsonAsync("/api/inspections", Plan(Horqin, Health)), HttpStatusCode.Created);
        // Results: an unknown item, one given twice, a failed item without a note, one without a result.
        var results = new
        {
            findings = new object[]
            {
                new { itemId = "guide", passed = true }, new { itemId = "guide", passed = true }, new { itemId = "nonsense", passed = true },
                new { itemId = "rules", passed = false }, new { itemId = "materials" },
            },
        };
        Assert.Equal(["findings[1].itemId", "findings[2].itemId", "findings[3].note", "findings[4].passed"],
            await FieldsAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/results", results)));
        Assert.Equal(["findings"], await FieldsAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/results",
            new { findings = new[] { new { itemId = "guide", passed = true } } })));
        var inspected = await OkAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/results", Results(planned, "rules")));
        var finding = inspected.Findings.Single(f => f.ItemId == "rules");
        Assert.Equal(["dueAt", "requirement"], await FieldsAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/findings/{finding.Id}/rectification",
            new { requirement = "", dueAt = factory.Clock.GetUtcNow().AddHours(-1) })));
        Assert.Equal(["note"], await FieldsAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/findings/{finding.Id}/reinspection", new { passed = false })));
        Assert.Equal(["decidedAt", "decision", "what", "who"], await FieldsAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/accountability",
            new { unit = Health, decidedAt = factory.Clock.GetUtcNow().AddDays(2) })));
        // A passed item is no open finding.
        var passed = inspected.Findings.First(f => f.State == "passed");
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/findings/{passed.Id}/rectification",
            new { requirement = "x", dueAt = factory.Clock.GetUtcNow().AddDays(1) })).StatusCode);
        var after = (await horqin.GetFromJsonAsync<InspectionDto>($"/api/inspections/{planned.Id}"))!;
        Assert.Equal(("failed", (long?)null, 0), (after.Findings.Single(f => f.Id == finding.Id).State, after.Findings.Single(f => f.Id == finding.Id).TaskId, after.Accountability.Count));
    }

    [Fact]
    public async Task AnInspectionOfARegisteredUnitRecordsItsFindingsInTheFiveHavesRegister()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var units = (await horqin.GetListAsync<Readiness.UnitDto>($"/api/readiness/units?region={Horqin}"))!;
        var hospital = units.Single(u => u.Name == "科尔沁区人民医院");
        var school = units.Single(u => u.Name == "科尔沁区第一中学");
        Assert.True(hospital.FiveHaves && hospital.ThreeStricts == true);

        // 001 §5.1.9: the register's unit must be one of the region's, the three stricts a medical institution's.
        object PlanFor(int unit, string checklist = Checklist) => new
        {
            region = Horqin, title = "五有三严督导", checklist, inspectedUnit = Health, scheduledAt = factory.Clock.GetUtcNow().AddHours(-1),
            inspectors = new[] { new { unit = Office } }, registerUnit = unit,
        };
        Assert.Equal(["registerUnit"], await FieldsAsync(await horqin.PostAsJsonAsync("/api/inspections", PlanFor(school.Id))));
        Assert.Equal(["registerUnit"], await FieldsAsync(await horqin.PostAsJsonAsync("/api/inspections", PlanFor(999999))));

        var planned = await OkAsync(await horqin.PostAsJsonAsync("/api/inspections", PlanFor(hospital.Id)), HttpStatusCode.Created);
        Assert.Equal(hospital.Id, planned.RegisterUnitId);
        var inspected = await OkAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/results", Results(planned, "isolation", "fever-clinic")));
        var after = (await horqin.GetFromJsonAsync<Readiness.UnitDto>($"/api/readiness/units/{hospital.Id}"))!;
        Assert.Equal((false, false, (bool?)false, hospital.Version + 1, (DateOnly?)Domain.Time.ChinaTime.DayOf(factory.Clock.GetUtcNow())),
            (after.HasIsolationTransfer, after.StrictFeverClinic, after.ThreeStricts, after.Version, after.CheckedOn));
        Assert.True(after.HasGuide && after.StrictInvestigation);

        // Re-inspected and passed: in place again, a version more; the change is audited naming the inspection.
        var isolation = inspected.Findings.Single(f => f.ItemId == "isolation");
        await OkAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/findings/{isolation.Id}/reinspection", new { passed = true, version = isolation.Version }));
        var again = (await horqin.GetFromJsonAsync<Readiness.UnitDto>($"/api/readiness/units/{hospital.Id}"))!;
        Assert.Equal((true, false, after.Version + 1), (again.HasIsolationTransfer, again.StrictFeverClinic, again.Version));
        using var db = factory.CreateDbContext();
        var audited = await db.AuditEntries.Where(a => a.Action == "unit.changed" && a.SubjectId == hospital.Id.ToString(CultureInfo.InvariantCulture)).ToListAsync();
        Assert.Equal(2, audited.Count);
        Assert.All(audited, a => Assert.Contains($"\"inspection\":{planned.Id}", a.Data));
    }

    [Fact]
    public async Task ACountySeesItsOwnInspectionsOnlyAndTheCityAll()
    {
        var city = await factory.SignedInAsync("city");
        var other = await OkAsync(await city.PostAsJsonAsync("/api/inspections", Plan(Holingol, "霍林郭勒市卫生健康委员会", "市指挥部办公室")), HttpStatusCode.Created);
        other = await OkAsync(await city.PostAsJsonAsync($"/api/inspections/{other.Id}/results", Results(other, "guide")));
        var otherFinding = other.Findings.Single(f => f.ItemId == "guide");
        var photo = (await (await city.PostAsync($"/api/inspections/{other.Id}/findings/{otherFinding.Id}/photos", File(Png, "a.png", "image/png"))).Content.ReadFromJsonAsync<PhotoDto>())!;
        var horqin = await factory.SignedInAsync("horqin");
        var own = await OkAsync(await horqin.PostAsJsonAsync("/api/inspections", Plan(Horqin, Health)), HttpStatusCode.Created);

        var ids = (await horqin.GetFromJsonAsync<JsonElement>("/api/inspections?limit=200")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(own.Id, ids);
        Assert.DoesNotContain(other.Id, ids);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.GetAsync($"/api/inspections/{other.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.GetAsync(photo.Url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsJsonAsync($"/api/inspections/{other.Id}/findings/{otherFinding.Id}/reinspection", new { passed = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/inspections?region={Holingol}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/inspections/stats?region={Holingol}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/inspections", Plan(Holingol, "霍林郭勒市卫生健康委员会"))).StatusCode);
        var units = (await horqin.GetFromJsonAsync<JsonElement>("/api/inspections/stats?limit=200")).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("region").GetString()).ToList();
        Assert.DoesNotContain(Holingol, units);

        var cityIds = (await city.GetFromJsonAsync<JsonElement>("/api/inspections?limit=200")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Contains(own.Id, cityIds);
        Assert.Contains(other.Id, cityIds);
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync(photo.Url)).StatusCode);
        // A member unit's staff sees inspections but makes none.
        var cdc = await factory.SignedInAsync("horqin-cdc");
        Assert.Equal(HttpStatusCode.OK, (await cdc.GetAsync($"/api/inspections/{own.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cdc.PostAsJsonAsync("/api/inspections", Plan(Horqin, Health))).StatusCode);
    }

    [Fact]
    public async Task TwoClosingAFindingAtOnceCloseItOnceAndTheOtherIsTold409()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var planned = await OkAsync(await horqin.PostAsJsonAsync("/api/inspections", Plan(Horqin, Health)), HttpStatusCode.Created);
        var inspected = await OkAsync(await horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/results", Results(planned, "materials")));
        var finding = inspected.Findings.Single(f => f.ItemId == "materials");
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => horqin.PostAsJsonAsync($"/api/inspections/{planned.Id}/findings/{finding.Id}/reinspection",
            new { passed = true, note = "当场整改", version = finding.Version })));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        using var db = factory.CreateDbContext();
        var id = planned.Id.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "inspection.finding-closed" && e.SubjectId == id));
    }

    [Fact]
    public async Task TheDemoCityHasAnInspectionWithARectificationUnderWay()
    {
        var city = await factory.SignedInAsync("city");
        var list = await city.GetFromJsonAsync<JsonElement>($"/api/inspections?region={Horqin}&status=inspected");
        var demo = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("inspectedUnit").GetString() == Health);
        var detail = (await city.GetFromJsonAsync<InspectionDto>($"/api/inspections/{demo.GetProperty("id").GetInt64()}"))!;
        var open = detail.Findings.Single(f => f.State == "rectifying");
        Assert.Equal(("open", false), (open.TaskState, open.Overdue));
        var row = await StatsRowAsync(city, Health);
        Assert.Equal((1, 0), (row.GetProperty("openRectifications").GetInt32(), row.GetProperty("overdue").GetInt32()));
    }
}

public sealed class SqliteInspectionsApiTests() : InspectionsApiTests<SqliteFactory>(new());

public sealed class PostgresInspectionsApiTests() : InspectionsApiTests<PostgresFactory>(new());
