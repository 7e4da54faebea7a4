using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Data.Supplies;
using EpiCommand.Web.Readiness;
using EpiCommand.Web.Supplies;
using EpiCommand.Web.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Emergency support (seed 000; issue 16; requirements H1–H3): a county's request goes to the working group the plan names, a county
/// sees only its own, bad input is refused by field, an answer given twice at once is given once, and materials move through the
/// stock ledger once — dispatched from city depots, received into the county's — also when allocated optimally. On SQLite and PostgreSQL.
/// </summary>
public abstract class SupportApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string City = "150500";
    private const string Horqin = "150502";
    private const string Kailu = "150523";

    private async Task<ItemDto> ItemAsync(HttpClient client, string name = "测试N95口罩", string category = "防护用品")
    {
        var response = await client.PostAsJsonAsync("/api/supplies/items", new { code = $"S-{Guid.NewGuid():N}"[..16], name, category, unit = "个" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ItemDto>())!;
    }

    private static async Task<DepotDto> DepotAsync(HttpClient client, string region, string keepingUnit)
    {
        var response = await client.PostAsJsonAsync("/api/supplies/depots", new { name = $"支援测试库{Guid.NewGuid():N}"[..14], region, keepingUnit });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<DepotDto>())!;
    }

    private static async Task ReceiveStockAsync(HttpClient client, int depot, int item, int quantity)
    {
        var response = await client.PostAsJsonAsync("/api/supplies/movements", new { kind = "receipt", depotId = depot, itemId = item, quantity, reason = "测试" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<int> OnHandAsync(int depot, int item)
    {
        using var db = factory.CreateDbContext();
        return await db.Stock.Where(s => s.DepotId == depot && s.ItemId == item).Select(s => s.OnHand).FirstOrDefaultAsync();
    }

    private object Materials(string region, int item, int quantity, int hours = 24) => new
    {
        region, kind = "medicalMaterials", lines = new[] { new { itemId = item, quantity } }, neededBy = factory.Clock.GetUtcNow().AddHours(hours),
        destination = "旗县医疗物资储备库", reason = "N95口罩储备不足，不能满足发热门诊和流调队伍需要",
    };

    /// <summary>The city's response put in force at a level, as headquarters do it (DecisionsApiTests): proposed, confirmed by an expert, approved.</summary>
    private async Task CityRespondsAtAsync(string level)
    {
        var city = await factory.SignedInAsync("city");
        var expert = await factory.SignedInAsync("expert");
        var proposed = await city.PostAsJsonAsync("/api/decisions", new { region = City, kind = "activate", toLevel = level, reason = "跨旗县传播链，有进一步扩散趋势（§1.5.2.3）" });
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var id = (await proposed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await expert.PostAsJsonAsync($"/api/decisions/{id}/confirm", new { note = "同意" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/decisions/{id}/approve", new { note = "同意" })).StatusCode);
    }

    private object Team(string region, string kind, int quantity = 2) => new
    {
        region, kind, quantity, neededBy = factory.Clock.GetUtcNow().AddHours(12), destination = "旗县疾控中心", reason = "本地能力不足",
    };

    private static async Task<SupportDto> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SupportDto>())!;
    }

    private static async Task<SupportDto> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SupportDto>())!;
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.GetProperty("errors").Clone();
    }

    /// <summary>The ledger invariant of docs/supplies.md over the whole database.</summary>
    private async Task AssertLedgerHoldsAsync()
    {
        using var db = factory.CreateDbContext();
        var sums = await db.StockMovements.GroupBy(m => m.StockId).Select(g => new { g.Key, Sum = g.Sum(m => m.Quantity), Min = g.Min(m => m.BalanceAfter) }).ToListAsync();
        var stock = await db.Stock.ToDictionaryAsync(s => s.Id, s => s.OnHand);
        Assert.All(stock, s => Assert.True(s.Value >= 0));
        foreach (var sum in sums)
        {
            Assert.Equal(stock[sum.Key], sum.Sum);
            Assert.True(sum.Min >= 0);
        }
    }

    [Fact]
    public async Task ARequestGoesToTheWorkingGroupThePlanNamesWithTheFactsAndIsAudited()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var item = await ItemAsync(horqin);
        var expected = new Dictionary<string, (string Group, string Clause)>
        {
            ["pcrLab"] = ("医疗防控组", "三(二)4"), ["expertsOnSite"] = ("医疗防控组", "三(二)2"), ["epiTeam"] = ("医疗防控组", "三(二)3"),
            ["socialControl"] = ("社会管控组", "三(三)2"), ["marketSupervision"] = ("物资保障组", "三(四)5"), ["transport"] = ("交通保障组", "三(五)2"),
        };
        foreach (var (kind, (group, clause)) in expected)
        {
            var request = await CreatedAsync(await horqin.PostAsJsonAsync("/api/support", Team(Horqin, kind)));
            Assert.Equal((group, clause, "submitted", Horqin), (request.WorkingGroup, request.Clause, request.State, request.RegionCode));
        }
        var materials = await CreatedAsync(await horqin.PostAsJsonAsync("/api/support", Materials(Horqin, item.Id, 2000)));
        Assert.Equal("物资保障组", materials.WorkingGroup);
        Assert.Equal(2000, Assert.Single(materials.Lines).Quantity);
        Assert.NotNull(materials.RecentCases);
        Assert.StartsWith("ZY-", materials.Number);

        var routes = (await horqin.GetFromJsonAsync<SupportRoutesDto>("/api/support/routes"))!;
        Assert.Equal("综合协调组", routes.EscalationGroup);
        Assert.Equal(["交通保障组", "医疗防控组", "物资保障组", "社会管控组", "综合协调组"], routes.Routes.Select(r => r.WorkingGroup).Distinct().Order(StringComparer.Ordinal));

        // The city's inbox by working group and kind.
        var city = await factory.SignedInAsync("city");
        var inbox = (await city.GetListAsync<SupportDto>("/api/support?group=医疗防控组&status=submitted&limit=200"))!;
        Assert.Equal(3, inbox.Count);
        Assert.All(inbox, r => Assert.Equal("医疗防控组", r.WorkingGroup));
        Assert.Single((await city.GetListAsync<SupportDto>("/api/support?kind=medicalMaterials"))!);
        Assert.Equal(7, (await city.GetListAsync<SupportDto>($"/api/support?region={Horqin}&limit=200"))!.Count);

        using var db = factory.CreateDbContext();
        Assert.Equal(7, await db.AuditEntries.CountAsync(e => e.SubjectType == "support-request" && e.Action == "support.requested"));
    }

    [Fact]
    public async Task ACountyNeitherSeesNorAnswersAnotherCountysRequests()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        var kailu = await CreatedAsync(await city.PostAsJsonAsync("/api/support", Team(Kailu, "epiTeam")));
        var own = await CreatedAsync(await horqin.PostAsJsonAsync("/api/support", Team(Horqin, "epiTeam")));

        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/support/{kailu.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/support?region={Kailu}")).StatusCode);
        Assert.All((await horqin.GetListAsync<SupportDto>("/api/support?limit=200"))!, r => Assert.Equal(Horqin, r.RegionCode));
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/support", Team(Kailu, "epiTeam"))).StatusCode);
        // A county asks; it does not answer, not even its own request.
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync($"/api/support/{own.Id}/decision", new { decision = "accept" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync("/api/support/allocation")).StatusCode);
        // Investigators and experts read; they neither ask nor answer.
        var cdc = await factory.SignedInAsync("cdc");
        Assert.Equal(HttpStatusCode.Forbidden, (await cdc.PostAsJsonAsync("/api/support", Team(Kailu, "epiTeam"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cdc.GetAsync($"/api/support/{kailu.Id}")).StatusCode);
        // The city sees both.
        Assert.Equal([Horqin, Kailu], (await city.GetListAsync<SupportDto>("/api/support"))!.Select(r => r.RegionCode).Order());
    }

    [Fact]
    public async Task BadInputIsRefusedByFieldPathAndNothingIsStored()
    {
        var city = await factory.SignedInAsync("city");
        var item = await ItemAsync(city);
        var errors = await ErrorsAsync(await city.PostAsJsonAsync("/api/support", new { region = Horqin, kind = "miracle", neededBy = factory.Clock.GetUtcNow().AddDays(-1) }));
        foreach (var field in new[] { "kind", "destination", "reason", "neededBy" }) Assert.True(errors.TryGetProperty(field, out _), errors.ToString());

        errors = await ErrorsAsync(await city.PostAsJsonAsync("/api/support", new
        {
            region = City, kind = "medicalMaterials", lines = new object[] { new { itemId = item.Id, quantity = 0 }, new { itemId = 987654, quantity = 5 } },
            neededBy = factory.Clock.GetUtcNow().AddDays(1), destination = "某地", reason = "理由",
        }));
        foreach (var field in new[] { "region", "lines[0].quantity", "lines[1].itemId" }) Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        errors = await ErrorsAsync(await city.PostAsJsonAsync("/api/support", new { region = Horqin, kind = "pcrLab", neededBy = factory.Clock.GetUtcNow().AddDays(1), destination = "某地", reason = "理由" }));
        Assert.True(errors.TryGetProperty("quantity", out _), errors.ToString());
        Assert.Empty((await city.GetListAsync<SupportDto>("/api/support"))!);

        var request = await CreatedAsync(await city.PostAsJsonAsync("/api/support", Team(Horqin, "pcrLab", 3)));
        errors = await ErrorsAsync(await city.PostAsJsonAsync($"/api/support/{request.Id}/decision", new { decision = "maybe" }));
        Assert.True(errors.TryGetProperty("decision", out _));
        errors = await ErrorsAsync(await city.PostAsJsonAsync($"/api/support/{request.Id}/decision", new { decision = "partial", quantity = 3 }));
        Assert.True(errors.TryGetProperty("reason", out _));
        Assert.True(errors.TryGetProperty("quantity", out _));
        errors = await ErrorsAsync(await city.PostAsJsonAsync($"/api/support/{request.Id}/decision", new { decision = "decline", reason = " " }));
        Assert.True(errors.TryGetProperty("reason", out _));
        Assert.Equal("submitted", (await city.GetFromJsonAsync<SupportDto>($"/api/support/{request.Id}"))!.State);
        Assert.Equal(HttpStatusCode.NotFound, (await city.PostAsJsonAsync("/api/support/987654321/decision", new { decision = "accept" })).StatusCode);
    }

    [Fact]
    public async Task FourAnswersGivenAtOnceAreGivenOnce()
    {
        var city = await factory.SignedInAsync("city");
        var office = await factory.SignedInAsync("office");
        var request = await CreatedAsync(await city.PostAsJsonAsync("/api/support", Team(Horqin, "socialControl", 10)));

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => (i % 2 == 0 ? city : office).PostAsJsonAsync($"/api/support/{request.Id}/decision",
            i switch { 0 => (object)new { decision = "accept" }, 1 => new { decision = "decline", reason = "力量不足" }, 2 => new { decision = "partial", quantity = 4, reason = "只能派4人" }, _ => new { decision = "accept" } })));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        var stored = (await city.GetFromJsonAsync<SupportDto>($"/api/support/{request.Id}"))!;
        Assert.NotEqual("submitted", stored.State);
        using var db = factory.CreateDbContext();
        var id = request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.SubjectType == "support-request" && e.SubjectId == id && e.Action != "support.requested"));
    }

    [Fact]
    public async Task WhatTheCityCannotCoverGoesToTheRegionOnce()
    {
        var city = await factory.SignedInAsync("city");
        var full = await CreatedAsync(await city.PostAsJsonAsync("/api/support", Team(Horqin, "pcrLab", 2)));
        await OkAsync(await city.PostAsJsonAsync($"/api/support/{full.Id}/decision", new { decision = "accept" }));
        Assert.Equal(HttpStatusCode.Conflict, (await city.PostAsJsonAsync($"/api/support/{full.Id}/escalation", new { note = "上报" })).StatusCode);

        var part = await CreatedAsync(await city.PostAsJsonAsync("/api/support", Team(Horqin, "pcrLab", 5)));
        var answered = await OkAsync(await city.PostAsJsonAsync($"/api/support/{part.Id}/decision", new { decision = "partial", quantity = 2, reason = "市级机动队伍只有2支" }));
        Assert.Equal(("partlyAccepted", 2, true), (answered.State, answered.AcceptedQuantity!.Value, answered.Shortfall));
        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => city.PostAsJsonAsync($"/api/support/{part.Id}/escalation", new { note = "请自治区支援3支队伍" })));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        var escalated = (await city.GetFromJsonAsync<SupportDto>($"/api/support/{part.Id}"))!;
        Assert.NotNull(escalated.EscalatedAt);
        Assert.Equal("自治区新冠肺炎疫情防控指挥部", escalated.EscalateTo);
        // The accepted part is still dispatched; a team needs no depot.
        Assert.Equal("dispatched", (await OkAsync(await city.PostAsJsonAsync($"/api/support/{part.Id}/dispatch", new { note = "市级机动检测队出发" }))).State);

        // The region (自治区) sees every city's requests and answers the escalated part on the same record, once; the city cannot.
        Assert.Equal(HttpStatusCode.Forbidden, (await city.PostAsJsonAsync($"/api/support/{part.Id}/region-answer", new { decision = "accept" })).StatusCode);
        var region = await factory.SignedInAsync("region");
        Assert.Contains((await region.GetListAsync<SupportDto>("/api/support?limit=200"))!, r => r.Id == part.Id);
        Assert.Equal(HttpStatusCode.Conflict, (await region.PostAsJsonAsync($"/api/support/{full.Id}/region-answer", new { decision = "accept" })).StatusCode);
        var refusal = await ErrorsAsync(await region.PostAsJsonAsync($"/api/support/{part.Id}/region-answer", new { decision = "decline" }));
        Assert.True(refusal.TryGetProperty("note", out _), refusal.ToString());
        var regionAnswers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            region.PostAsJsonAsync($"/api/support/{part.Id}/region-answer", new { decision = "accept", note = "自治区机动核酸检测队3支明日到达" })));
        Assert.Single(regionAnswers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(regionAnswers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var answered2 = (await city.GetFromJsonAsync<SupportDto>($"/api/support/{part.Id}"))!;
        Assert.Equal((true, "自治区机动核酸检测队3支明日到达", "region"), (answered2.RegionAccepted!.Value, answered2.RegionNote, answered2.RegionAnsweredBy));
    }

    [Fact]
    public async Task ATeamOfTheRostersGoesWithItsTransportAndIsTrackedToReceipt()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        var teams = (await city.GetListAsync<TeamDto>("/api/readiness/teams?limit=200"))!;
        var testing = teams.Single(t => t.Name == "市级机动核酸检测队");
        var horqinOwn = teams.Single(t => t.RegionCode == Horqin);
        var idle = await city.PostAsJsonAsync("/api/readiness/teams", new { name = "市级备用检测队", type = "laboratoryTesting", mobile = true });
        Assert.Equal(HttpStatusCode.Created, idle.StatusCode);
        var nobody = (await idle.Content.ReadFromJsonAsync<TeamDto>())!;

        var request = await CreatedAsync(await horqin.PostAsJsonAsync("/api/support", Team(Horqin, "pcrLab", 1)));
        await OkAsync(await city.PostAsJsonAsync($"/api/support/{request.Id}/decision", new { decision = "accept" }));
        var departs = factory.Clock.GetUtcNow().AddHours(1);

        // The county's own team, a team with nobody on duty, one unknown; the arrival before the departure; no vehicle.
        var errors = await ErrorsAsync(await city.PostAsJsonAsync($"/api/support/{request.Id}/dispatch", new
        {
            teamIds = new[] { horqinOwn.Id, nobody.Id, 987654 },
            transport = new { driver = "王师傅", driverPhone = "13904750000", route = "通辽市—科尔沁区", departsAt = departs, arrivesAt = departs.AddHours(-1) },
        }));
        foreach (var field in new[] { "teamIds[0]", "teamIds[1]", "teamIds[2]", "transport.vehicle", "transport.arrivesAt" }) Assert.True(errors.TryGetProperty(field, out _), $"{field}: {errors}");
        Assert.Equal("accepted", (await city.GetFromJsonAsync<SupportDto>($"/api/support/{request.Id}"))!.State);

        var sent = await OkAsync(await city.PostAsJsonAsync($"/api/support/{request.Id}/dispatch", new
        {
            note = "市级机动检测队出发", teamIds = new[] { testing.Id },
            transport = new { vehicle = "蒙G·A1234 核酸检测车", driver = "王师傅", driverPhone = "13904750000", route = "通辽市—科尔沁区", departsAt = departs, arrivesAt = departs.AddHours(2) },
        }));
        Assert.Equal("dispatched", sent.State);
        Assert.Equal((testing.Id, "市级机动核酸检测队"), (Assert.Single(sent.Teams).TeamId, sent.Teams[0].Name));
        Assert.Equal(("蒙G·A1234 核酸检测车", "通辽市—科尔沁区", departs.AddHours(2)), (sent.Transport!.Vehicle, sent.Transport.Route, sent.Transport.ArrivesAt!.Value));

        // What is on the road reaches the county: its receipt is the arrival.
        factory.Clock.Advance(TimeSpan.FromHours(2));
        var received = await OkAsync(await horqin.PostAsJsonAsync($"/api/support/{request.Id}/receipt", new { note = "检测队已到达" }));
        Assert.Equal("received", received.State);
        Assert.Equal(factory.Clock.GetUtcNow(), received.ReceivedAt);
        Assert.Equal("蒙G·A1234 核酸检测车", received.Transport!.Vehicle);
        using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.SupportTeams.CountAsync(t => t.RequestId == request.Id));
        var subject = request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == "support.dispatched" && e.SubjectId == subject && e.Data.Contains("A1234")));
    }

    [Fact]
    public async Task ARequestUnansweredPastItsNeededByTimeIsPressedOnceAndTheGroupIsTold()
    {
        var horqin = await factory.SignedInAsync("horqin");
        var late = await CreatedAsync(await horqin.PostAsJsonAsync("/api/support", Team(Horqin, "epiTeam")));
        var answered = await CreatedAsync(await horqin.PostAsJsonAsync("/api/support", Team(Horqin, "socialControl")));
        var city = await factory.SignedInAsync("city");
        await OkAsync(await city.PostAsJsonAsync($"/api/support/{answered.Id}/decision", new { decision = "accept" }));
        Assert.Null(late.OverdueAt);

        // Needed within 12 hours: 13 hours on, two scanners at once press it once (the watcher may be a third).
        factory.Clock.Advance(TimeSpan.FromHours(13));
        await using (var one = factory.Services.CreateAsyncScope())
        await using (var two = factory.Services.CreateAsyncScope())
        {
            await Task.WhenAll(one.ServiceProvider.GetRequiredService<SupportService>().AnnounceOverdueAsync(CancellationToken.None),
                two.ServiceProvider.GetRequiredService<SupportService>().AnnounceOverdueAsync(CancellationToken.None));
        }
        city = await factory.SignedInAsync("city");   // a new sign-in: 13 hours outlast the session
        var pressed = (await city.GetFromJsonAsync<SupportDto>($"/api/support/{late.Id}"))!;
        Assert.NotNull(pressed.OverdueAt);
        Assert.Null((await city.GetFromJsonAsync<SupportDto>($"/api/support/{answered.Id}"))!.OverdueAt);

        using var db = factory.CreateDbContext();
        var lateId = late.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var answeredId = answered.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "support.overdue" && e.SubjectId == lateId));
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == "support.overdue" && e.SubjectId == answeredId));
        var told = await db.Notifications.Where(n => n.Title.Contains(late.Number) && n.Title.StartsWith("督办")).ToListAsync();
        Assert.Equal(2, told.Count);
        Assert.All(told, n => Assert.Equal(City, n.RegionCode));
        Assert.Contains(told, n => n.Unit == "医疗防控组");
    }

    [Fact]
    public async Task MaterialsAreIssuedFromCityDepotsAndReceivedIntoTheCountysOnceThroughTheLedger()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        var item = await ItemAsync(city);
        var cityDepot = await DepotAsync(city, City, "市卫生健康委员会");
        var horqinDepot = await DepotAsync(horqin, Horqin, "科尔沁区卫生健康委员会");
        await ReceiveStockAsync(city, cityDepot.Id, item.Id, 100);
        await CityRespondsAtAsync("III");

        var request = await CreatedAsync(await horqin.PostAsJsonAsync("/api/support", Materials(Horqin, item.Id, 80)));
        var answered = await OkAsync(await city.PostAsJsonAsync($"/api/support/{request.Id}/decision",
            new { decision = "partial", reason = "市级储备有限", lines = new[] { new { itemId = item.Id, quantity = 60 } } }));
        Assert.Equal(60, answered.Lines[0].Accepted);

        // More than accepted, from the county's own depot, or before acceptance: refused by field, nothing written.
        var errors = await ErrorsAsync(await city.PostAsJsonAsync($"/api/support/{request.Id}/dispatch",
            new { shipments = new[] { new { depotId = cityDepot.Id, itemId = item.Id, quantity = 61 }, new { depotId = horqinDepot.Id, itemId = item.Id, quantity = 1 } } }));
        Assert.True(errors.TryGetProperty("shipments[0].quantity", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("shipments[1].depotId", out _), errors.ToString());
        Assert.Equal(100, await OnHandAsync(cityDepot.Id, item.Id));

        // Four dispatches at once: one is done, the stock goes down once.
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => city.PostAsJsonAsync($"/api/support/{request.Id}/dispatch",
            new { shipments = new[] { new { depotId = cityDepot.Id, itemId = item.Id, quantity = 60 } }, note = "车牌蒙G12345" })));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(40, await OnHandAsync(cityDepot.Id, item.Id));

        // A dispatch beyond the stock is refused naming what is available, and leaves the request accepted.
        var second = await CreatedAsync(await horqin.PostAsJsonAsync("/api/support", Materials(Horqin, item.Id, 50)));
        await OkAsync(await city.PostAsJsonAsync($"/api/support/{second.Id}/decision", new { decision = "accept" }));
        var short_ = await city.PostAsJsonAsync($"/api/support/{second.Id}/dispatch", new { shipments = new[] { new { depotId = cityDepot.Id, itemId = item.Id, quantity = 50 } } });
        Assert.Equal(HttpStatusCode.Conflict, short_.StatusCode);
        var detail = await short_.Content.ReadAsStringAsync();
        Assert.Contains("not-enough-stock", detail);
        Assert.Contains("40 个", detail);
        Assert.Equal("accepted", (await city.GetFromJsonAsync<SupportDto>($"/api/support/{second.Id}"))!.State);
        Assert.Equal(40, await OnHandAsync(cityDepot.Id, item.Id));

        // Receipt: only the requesting county, into its own depot, once.
        Assert.Equal(HttpStatusCode.Forbidden, (await city.PostAsJsonAsync($"/api/support/{request.Id}/receipt", new { depotId = cityDepot.Id })).StatusCode);
        var receipts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => horqin.PostAsJsonAsync($"/api/support/{request.Id}/receipt", new { depotId = horqinDepot.Id, note = "已清点" })));
        Assert.Single(receipts, a => a.StatusCode == HttpStatusCode.OK);
        var received = (await horqin.GetFromJsonAsync<SupportDto>($"/api/support/{request.Id}"))!;
        Assert.Equal(("received", 60, 60), (received.State, received.Lines[0].Dispatched, received.Lines[0].Received));
        Assert.Equal(60, await OnHandAsync(horqinDepot.Id, item.Id));

        using var db = factory.CreateDbContext();
        var lines = await db.StockMovements.Where(m => m.ItemId == item.Id).OrderBy(m => m.Id).Select(m => new { m.Kind, m.Quantity, m.Reference }).ToListAsync();
        Assert.Equal([(MovementKind.Receipt, 100), (MovementKind.Issue, -60), (MovementKind.Receipt, 60)], lines.Select(l => (l.Kind, l.Quantity)));
        Assert.All(lines.Skip(1), l => Assert.Equal(SupportService.Number(request.Id), l.Reference));
        await AssertLedgerHoldsAsync();

        // Each step was told to those who act next, once: the group and the city of the request, the county of the answer and the
        // dispatch, the group of the receipt.
        var told = await db.Notifications.Where(n => n.Title.Contains(request.Number)).Select(n => new { n.RegionCode, n.Unit, n.Title }).ToListAsync();
        Assert.Single(told, n => n.RegionCode == City && n.Unit == "物资保障组" && n.Title.EndsWith("待答复", StringComparison.Ordinal));
        Assert.Single(told, n => n.RegionCode == City && n.Unit == null && n.Title.EndsWith("待答复", StringComparison.Ordinal));
        Assert.Single(told, n => n.RegionCode == Horqin && n.Title.Contains("部分同意", StringComparison.Ordinal));
        Assert.Single(told, n => n.RegionCode == Horqin && n.Title.EndsWith("已调派", StringComparison.Ordinal));
        Assert.Single(told, n => n.RegionCode == City && n.Unit == "物资保障组" && n.Title.EndsWith("已接收", StringComparison.Ordinal));
        Assert.Equal(5, told.Count);
    }

    [Fact]
    public async Task ThePlansConditionsDecideWhatMayBeAskedForAndGranted()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        var item = await ItemAsync(city);

        // 000 §三(四)2: the city's medical reserves are allocated while its response is at III or IV — none is in force yet.
        var materials = await CreatedAsync(await horqin.PostAsJsonAsync("/api/support", Materials(Horqin, item.Id, 100)));
        Assert.Null(materials.ResponseLevel);
        var refused = await city.PostAsJsonAsync($"/api/support/{materials.Id}/decision", new { decision = "accept" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var text = await refused.Content.ReadAsStringAsync();
        Assert.Contains("support-condition", text);
        Assert.Contains("三(四)2", text);
        Assert.Equal("submitted", (await city.GetFromJsonAsync<SupportDto>($"/api/support/{materials.Id}"))!.State);
        // Declining is always open (and the rest may go to the region).
        await CityRespondsAtAsync("III");
        Assert.Equal("accepted", (await OkAsync(await city.PostAsJsonAsync($"/api/support/{materials.Id}/decision", new { decision = "accept" }))).State);

        // §三(四)3: living necessities when the county's short-term supply is in severe difficulty — the county says so.
        var noodles = await ItemAsync(city, "测试方便面", "生活物资");
        object Living(bool? severe) => new
        {
            region = Horqin, kind = "livingNecessities", lines = new[] { new { itemId = noodles.Id, quantity = 300 } }, neededBy = factory.Clock.GetUtcNow().AddHours(12),
            destination = "科尔沁区应急物资储备库", reason = "封控小区生活物资供应中断", severeShortage = severe,
        };
        var errors = await ErrorsAsync(await horqin.PostAsJsonAsync("/api/support", Living(null)));
        Assert.True(errors.TryGetProperty("severeShortage", out var why), errors.ToString());
        Assert.Contains("三(四)3", why.ToString());
        var living = await CreatedAsync(await horqin.PostAsJsonAsync("/api/support", Living(true)));
        Assert.True(living.SevereShortage);
        Assert.Equal("III", living.ResponseLevel);

        // 001 §5.4.9–5.4.10: the region's mobile forces at level II and above; the county is under the city's III.
        var forces = await horqin.PostAsJsonAsync("/api/support", Team(Horqin, "mobileForces", 1));
        Assert.Equal(HttpStatusCode.BadRequest, forces.StatusCode);
        var forcesText = await forces.Content.ReadAsStringAsync();
        Assert.Contains("5.4.9", forcesText);
        Assert.Contains("III级", forcesText);
        var routes = (await city.GetFromJsonAsync<JsonElement>("/api/support/routes")).GetProperty("routes").EnumerateArray().ToList();
        var mobile = routes.Single(r => r.GetProperty("kind").GetString() == "mobileForces");
        Assert.True(mobile.GetProperty("viaRegion").GetBoolean());
        Assert.Equal(["I", "II"], mobile.GetProperty("countyResponse").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal(["III", "IV"], routes.Single(r => r.GetProperty("kind").GetString() == "medicalMaterials").GetProperty("cityResponse").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task TheApprovedOptimalAllocationMeetsWhatGreedyLeavesShortAndDispatchesIt()
    {
        var city = await factory.SignedInAsync("city");
        var item = await ItemAsync(city, "测试防护服");
        var cityDepot = await DepotAsync(city, City, "市卫生健康委员会");
        var kailuDepot = await DepotAsync(city, Kailu, "开鲁县卫生健康委员会");
        await ReceiveStockAsync(city, cityDepot.Id, item.Id, 10);
        await ReceiveStockAsync(city, kailuDepot.Id, item.Id, 10);
        await CityRespondsAtAsync("III");
        // 科尔沁区 needs it first; greedy gives it the city depot and leaves 开鲁县 (which cannot draw on its own depot) short.
        var horqinRequest = await CreatedAsync(await city.PostAsJsonAsync("/api/support", Materials(Horqin, item.Id, 10, hours: 6)));
        var kailuRequest = await CreatedAsync(await city.PostAsJsonAsync("/api/support", Materials(Kailu, item.Id, 10, hours: 12)));
        foreach (var r in new[] { horqinRequest, kailuRequest }) await OkAsync(await city.PostAsJsonAsync($"/api/support/{r.Id}/decision", new { decision = "accept" }));

        var proposal = (await city.GetFromJsonAsync<AllocationProposal>("/api/support/allocation"))!;
        Assert.Equal(0, proposal.UnmetQuantity);
        Assert.Equal(10, proposal.GreedyUnmetQuantity);
        Assert.True(proposal.Cost < proposal.GreedyCost);
        Assert.Contains(proposal.Shipments, s => s.RequestId == horqinRequest.Id && s.DepotId == kailuDepot.Id && s.Quantity == 10);
        Assert.Contains(proposal.Shipments, s => s.RequestId == kailuRequest.Id && s.DepotId == cityDepot.Id && s.Quantity == 10);

        var approved = await city.PostAsJsonAsync("/api/support/allocation",
            new { shipments = proposal.Shipments.Select(s => new { s.RequestId, s.DepotId, s.ItemId, s.Quantity }), note = "按优化方案调拨" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        Assert.All((await approved.Content.ReadFromJsonAsync<List<SupportDto>>())!, r => Assert.Equal("dispatched", r.State));
        Assert.Equal(0, await OnHandAsync(cityDepot.Id, item.Id));
        Assert.Equal(0, await OnHandAsync(kailuDepot.Id, item.Id));
        // Approved again: nothing is dispatched twice.
        Assert.Equal(HttpStatusCode.BadRequest, (await city.PostAsJsonAsync("/api/support/allocation",
            new { shipments = proposal.Shipments.Select(s => new { s.RequestId, s.DepotId, s.ItemId, s.Quantity }) })).StatusCode);
        Assert.Empty((await city.GetFromJsonAsync<AllocationProposal>("/api/support/allocation"))!.Shipments);
        await AssertLedgerHoldsAsync();
    }

    [Fact]
    public async Task AnAcceptedSubstituteFillsTheGapAndTheLedgerIssuesAndReceivesItExactly()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        var n95 = await ItemAsync(city, "测试N95口罩");
        var kn95 = await ItemAsync(city, "测试KN95口罩");
        var suit = await ItemAsync(city, "测试防护服");
        var cityDepot = await DepotAsync(city, City, "市卫生健康委员会");
        var horqinDepot = await DepotAsync(horqin, Horqin, "科尔沁区卫生健康委员会");
        await ReceiveStockAsync(city, cityDepot.Id, n95.Id, 10);
        await ReceiveStockAsync(city, cityDepot.Id, kn95.Id, 30);
        await CityRespondsAtAsync("III");

        // The catalogue: kept by the city, checked, once, audited; the county reads its city's.
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/support/substitutes", new { itemId = n95.Id, substituteId = kn95.Id })).StatusCode);
        var errors = await ErrorsAsync(await city.PostAsJsonAsync("/api/support/substitutes", new { itemId = n95.Id, substituteId = n95.Id }));
        Assert.True(errors.TryGetProperty("substituteId", out _), errors.ToString());
        errors = await ErrorsAsync(await city.PostAsJsonAsync("/api/support/substitutes", new { itemId = 999999, region = Horqin }));
        Assert.True(errors.TryGetProperty("itemId", out _) && errors.TryGetProperty("substituteId", out _) && errors.TryGetProperty("region", out _), errors.ToString());
        var added = await city.PostAsJsonAsync("/api/support/substitutes", new { itemId = n95.Id, substituteId = kn95.Id, note = "KN95可代替N95" });
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
        var substitute = (await added.Content.ReadFromJsonAsync<SubstituteDto>())!;
        Assert.Equal((City, "1:1"), (substitute.RegionCode, substitute.Ratio));
        Assert.Equal(HttpStatusCode.Conflict, (await city.PostAsJsonAsync("/api/support/substitutes", new { itemId = n95.Id, substituteId = kn95.Id })).StatusCode);
        var seen = (await horqin.GetFromJsonAsync<JsonElement>($"/api/support/substitutes?item={n95.Id}")).GetProperty("items");
        Assert.Equal(kn95.Id, Assert.Single(seen.EnumerateArray()).GetProperty("substituteId").GetInt32());

        // 25 N95 asked and accepted, 10 in stock: the proposal ships the 10 and KN95 for the other 15.
        var request = await CreatedAsync(await horqin.PostAsJsonAsync("/api/support", Materials(Horqin, n95.Id, 25)));
        await OkAsync(await city.PostAsJsonAsync($"/api/support/{request.Id}/decision", new { decision = "accept" }));
        var proposal = (await city.GetFromJsonAsync<AllocationProposal>("/api/support/allocation"))!;
        Assert.Equal(0, proposal.UnmetQuantity);
        Assert.Contains(proposal.Shipments, s => (s.RequestId, s.ItemId, s.Quantity, s.ForItemId) == (request.Id, n95.Id, 10, null));
        var instead = Assert.Single(proposal.Shipments, s => s.ForItemId is not null);
        Assert.Equal((kn95.Id, 15, n95.Id, "测试N95口罩"), (instead.ItemId, instead.Quantity, instead.ForItemId, instead.ForItemName));
        Assert.Equal(1 + SupportAllocator.SubstituteCost, instead.UnitCost);

        // A substitute the catalogue does not name is refused by field, nothing written.
        var wrong = await ErrorsAsync(await city.PostAsJsonAsync("/api/support/allocation",
            new { shipments = new[] { new { requestId = request.Id, depotId = cityDepot.Id, itemId = suit.Id, quantity = 1, forItemId = n95.Id } } }));
        Assert.True(wrong.TryGetProperty("shipments[0].itemId", out _), wrong.ToString());

        var approved = await city.PostAsJsonAsync("/api/support/allocation",
            new { shipments = proposal.Shipments.Select(s => new { s.RequestId, s.DepotId, s.ItemId, s.Quantity, s.ForItemId }), note = "按优化方案调拨" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        Assert.Equal((0, 15), (await OnHandAsync(cityDepot.Id, n95.Id), await OnHandAsync(cityDepot.Id, kn95.Id)));

        // The county sees what was substituted on its line.
        var dispatched = (await horqin.GetFromJsonAsync<SupportDto>($"/api/support/{request.Id}"))!;
        var line = Assert.Single(dispatched.Lines);
        Assert.Equal(("dispatched", 25, 0, (string?)null), (dispatched.State, line.Dispatched, line.Shortfall, line.ShortfallReason));
        var used = Assert.Single(line.Substitutes!);
        Assert.Equal((kn95.Id, 15), (used.ItemId, used.Quantity));

        // Received as what came: 10 N95 and 15 KN95 into the county's depot.
        await OkAsync(await horqin.PostAsJsonAsync($"/api/support/{request.Id}/receipt", new { depotId = horqinDepot.Id }));
        Assert.Equal((10, 15), (await OnHandAsync(horqinDepot.Id, n95.Id), await OnHandAsync(horqinDepot.Id, kn95.Id)));

        using (var db = factory.CreateDbContext())
        {
            var moved = await db.StockMovements.Where(m => m.Reference == SupportService.Number(request.Id)).OrderBy(m => m.Id)
                .Select(m => new { m.DepotId, m.ItemId, m.Kind, m.Quantity }).ToListAsync();
            (int, int, MovementKind, int)[] expected = [(cityDepot.Id, n95.Id, MovementKind.Issue, -10), (cityDepot.Id, kn95.Id, MovementKind.Issue, -15),
                (horqinDepot.Id, n95.Id, MovementKind.Receipt, 10), (horqinDepot.Id, kn95.Id, MovementKind.Receipt, 15)];
            Assert.Equal(expected.Order(), moved.Select(m => (m.DepotId, m.ItemId, m.Kind, m.Quantity)).Order());
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "support.substitute-added"));
        }

        // A dispatch short of what was accepted records the shortfall and its reason on the line.
        var second = await CreatedAsync(await horqin.PostAsJsonAsync("/api/support", Materials(Horqin, n95.Id, 20)));
        await OkAsync(await city.PostAsJsonAsync($"/api/support/{second.Id}/decision", new { decision = "accept" }));
        var shortOne = await OkAsync(await city.PostAsJsonAsync($"/api/support/{second.Id}/dispatch",
            new { shipments = new[] { new { depotId = cityDepot.Id, itemId = kn95.Id, quantity = 5, forItemId = n95.Id } }, shortfallReason = "市级N95储备已用尽，其余上报自治区" }));
        Assert.Equal((5, 15, "市级N95储备已用尽，其余上报自治区"), (shortOne.Lines[0].Dispatched, shortOne.Lines[0].Shortfall, shortOne.Lines[0].ShortfallReason));
        Assert.Equal(10, await OnHandAsync(cityDepot.Id, kn95.Id));

        // Withdrawn by the city, once: the allocation no longer uses it.
        Assert.Equal(HttpStatusCode.OK, (await city.DeleteAsync($"/api/support/substitutes/{substitute.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.DeleteAsync($"/api/support/substitutes/{substitute.Id}")).StatusCode);
        await AssertLedgerHoldsAsync();
    }

    [Fact]
    public async Task ThePageRendersForTheCityWithTheAllocationAndForACountyWithANewRequest()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        await CreatedAsync(await horqin.PostAsJsonAsync("/api/support", Team(Horqin, "pcrLab")));
        var cityPage = await city.GetAsync("/support");
        var cityHtml = WebUtility.HtmlDecode(await cityPage.Content.ReadAsStringAsync());
        Assert.True(cityPage.StatusCode == HttpStatusCode.OK, cityHtml + factory.ServerErrors);
        Assert.Contains("应急支援", cityHtml);
        Assert.Contains("物资调配方案", cityHtml);
        var countyHtml = WebUtility.HtmlDecode(await horqin.GetStringAsync("/support"));
        Assert.Contains("新的支援申请", countyHtml);
        Assert.DoesNotContain("物资调配方案", countyHtml);
    }
}

public sealed class SqliteSupportApiTests() : SupportApiTests<SqliteFactory>(new());

public sealed class PostgresSupportApiTests() : SupportApiTests<PostgresFactory>(new());
