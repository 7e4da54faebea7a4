using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Data.Supplies;
using EpiCommand.Web.Supplies;
using EpiCommand.Web.Support;
using EpiCommand.Web.Users;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Mutual aid between counties (000 §二(五), §三(四)3; 001 §5.4.9; issue 16 §3): 科尔沁区 offers masks from its own depot to 奈曼旗's
/// request, the city approves once (of four approvals at once one does), the masks are issued from 科尔沁区's depot through the ledger
/// and received into 奈曼旗's; an offer beyond the offering depot's stock is refused naming what is there; a third county (开鲁县)
/// sees and does nothing of it. On SQLite and PostgreSQL.
/// </summary>
public abstract class SupportOfferTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string City = "150500";
    private const string Naiman = "150525";
    private const string Kailu = "150523";

    private async Task<ItemDto> ItemAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/supplies/items", new { code = $"M-{Guid.NewGuid():N}"[..16], name = "互助N95口罩", category = "防护用品", unit = "个" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ItemDto>())!;
    }

    private static async Task<DepotDto> DepotAsync(HttpClient client, string region, string keepingUnit)
    {
        var response = await client.PostAsJsonAsync("/api/supplies/depots", new { name = $"互助测试库{Guid.NewGuid():N}"[..14], region, keepingUnit });
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

    private async Task<SupportDto> AskAsync(HttpClient naiman, int item, int quantity)
    {
        var response = await naiman.PostAsJsonAsync("/api/support", new
        {
            region = Naiman, kind = "medicalMaterials", lines = new[] { new { itemId = item, quantity } }, neededBy = factory.Clock.GetUtcNow().AddHours(24),
            destination = "奈曼旗医疗物资储备库", reason = "N95口罩储备不足",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SupportDto>())!;
    }

    private static async Task<SupportOfferDto> OfferedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SupportOfferDto>())!;
    }

    /// <summary>A third county's headquarters: 开鲁县, created by the administrator, its one-time password changed.</summary>
    private async Task<HttpClient> KailuAsync()
    {
        var admin = await factory.SignedInAsync("admin");
        var userName = $"kailu-{Guid.NewGuid():N}"[..14];
        var created = await admin.PostAsJsonAsync("/api/users", new { userName, displayName = "开鲁县指挥部值班员", region = Kailu, roles = new[] { "Headquarters" } });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var issued = (await created.Content.ReadFromJsonAsync<IssuedPassword>())!;
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await EpiCommandFactory.SignInAsync(client, userName, issued.OneTimePassword);
        var changed = await client.PostAsJsonAsync("/api/account/password", new { currentPassword = issued.OneTimePassword, newPassword = "Kailu#Test2026" });
        Assert.True(changed.StatusCode == HttpStatusCode.NoContent, await changed.Content.ReadAsStringAsync());
        return await factory.SignedInAsync(userName, "Kailu#Test2026");
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.GetProperty("errors").Clone();
    }

    [Fact]
    public async Task ACountyOffersFromItsDepotTheCityApprovesOnceAndTheOtherCountyReceivesIt()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        var naiman = await factory.SignedInAsync("naiman");
        var kailu = await KailuAsync();
        var item = await ItemAsync(city);
        var horqinDepot = await DepotAsync(horqin, "150502", "科尔沁区卫生健康委员会");
        var naimanDepot = await DepotAsync(naiman, Naiman, "奈曼旗卫生健康委员会");
        await ReceiveStockAsync(horqin, horqinDepot.Id, item.Id, 100);
        var request = await AskAsync(naiman, item.Id, 80);

        // 科尔沁区 sees what 奈曼旗 needs (not its facts), not the request itself until it offers; 奈曼旗 does not see its own need there.
        var needs = (await horqin.GetListAsync<SupportNeedDto>("/api/support/needs?limit=200"))!;
        var need = Assert.Single(needs, n => n.Id == request.Id);
        Assert.Equal(80, need.Lines[0].Quantity);
        Assert.DoesNotContain((await naiman.GetListAsync<SupportNeedDto>("/api/support/needs?limit=200"))!, n => n.Id == request.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/support/{request.Id}")).StatusCode);

        // Bad input by field; another county's depot; its own request; the city does not offer.
        var errors = await ErrorsAsync(await horqin.PostAsJsonAsync($"/api/support/{request.Id}/offers",
            new { depotId = horqinDepot.Id, lines = new object[] { new { itemId = item.Id, quantity = 81 }, new { itemId = 987654, quantity = 1 } } }));
        Assert.True(errors.TryGetProperty("lines[0].quantity", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("lines[1].itemId", out _), errors.ToString());
        Assert.True((await ErrorsAsync(await horqin.PostAsJsonAsync($"/api/support/{request.Id}/offers", new { lines = new[] { new { itemId = item.Id, quantity = 1 } } })))
            .TryGetProperty("depotId", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync($"/api/support/{request.Id}/offers",
            new { depotId = naimanDepot.Id, lines = new[] { new { itemId = item.Id, quantity = 10 } } })).StatusCode);
        var own = await naiman.PostAsJsonAsync($"/api/support/{request.Id}/offers", new { depotId = naimanDepot.Id, lines = new[] { new { itemId = item.Id, quantity = 10 } } });
        Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
        Assert.Contains("support-offer-own", await own.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await city.PostAsJsonAsync($"/api/support/{request.Id}/offers",
            new { depotId = horqinDepot.Id, lines = new[] { new { itemId = item.Id, quantity = 10 } } })).StatusCode);

        var offer = await OfferedAsync(await horqin.PostAsJsonAsync($"/api/support/{request.Id}/offers",
            new { depotId = horqinDepot.Id, lines = new[] { new { itemId = item.Id, quantity = 50 } }, note = "可先调50个" }));
        Assert.Equal(("offered", "150502", Naiman, 50), (offer.State, offer.RegionCode, offer.RequestRegionCode, offer.Lines[0].Quantity));
        // The offering county now sees the request its offer answers; the requesting county and the city see the offer.
        Assert.Equal(HttpStatusCode.OK, (await horqin.GetAsync($"/api/support/{request.Id}")).StatusCode);
        Assert.Single((await naiman.GetListAsync<SupportOfferDto>($"/api/support/offers?request={request.Id}"))!);
        Assert.Single((await city.GetListAsync<SupportOfferDto>("/api/support/offers?status=offered&limit=200"))!, o => o.Id == offer.Id);

        // A third county sees nothing of it and does nothing with it.
        Assert.Empty((await kailu.GetListAsync<SupportOfferDto>("/api/support/offers?limit=200"))!);
        Assert.Equal(HttpStatusCode.Forbidden, (await kailu.GetAsync($"/api/support/offers/{offer.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await kailu.GetAsync($"/api/support/{request.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await kailu.PostAsJsonAsync($"/api/support/offers/{offer.Id}/decision", new { decision = "approve" })).StatusCode);
        // Nor does the offering county approve its own offer.
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync($"/api/support/offers/{offer.Id}/decision", new { decision = "approve" })).StatusCode);
        Assert.True((await ErrorsAsync(await city.PostAsJsonAsync($"/api/support/offers/{offer.Id}/decision", new { decision = "maybe" }))).TryGetProperty("decision", out _));

        // Four approvals at once: one is done, the offering depot goes down once, the request is dispatched with what was offered.
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            city.PostAsJsonAsync($"/api/support/offers/{offer.Id}/decision", new { decision = "approve", note = "同意互助" })));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(50, await OnHandAsync(horqinDepot.Id, item.Id));
        var dispatched = (await naiman.GetFromJsonAsync<SupportDto>($"/api/support/{request.Id}"))!;
        Assert.Equal(("dispatched", 50, 50, true), (dispatched.State, dispatched.Lines[0].Accepted, dispatched.Lines[0].Dispatched, dispatched.Shortfall));
        Assert.Contains("科尔沁区", dispatched.DispatchNote);
        Assert.Equal("approved", (await horqin.GetFromJsonAsync<SupportOfferDto>($"/api/support/offers/{offer.Id}"))!.State);
        // A second offer to a dispatched request is refused.
        Assert.Equal(HttpStatusCode.Conflict, (await horqin.PostAsJsonAsync($"/api/support/{request.Id}/offers",
            new { depotId = horqinDepot.Id, lines = new[] { new { itemId = item.Id, quantity = 10 } } })).StatusCode);

        // 奈曼旗 confirms receipt into its depot, as of any dispatch, once.
        var receipts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => naiman.PostAsJsonAsync($"/api/support/{request.Id}/receipt", new { depotId = naimanDepot.Id })));
        Assert.Single(receipts, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(50, await OnHandAsync(naimanDepot.Id, item.Id));

        using var db = factory.CreateDbContext();
        var lines = await db.StockMovements.Where(m => m.ItemId == item.Id).OrderBy(m => m.Id).Select(m => new { m.Kind, m.Quantity, m.DepotId, m.Reference }).ToListAsync();
        Assert.Equal([(MovementKind.Receipt, 100, horqinDepot.Id), (MovementKind.Issue, -50, horqinDepot.Id), (MovementKind.Receipt, 50, naimanDepot.Id)],
            lines.Select(l => (l.Kind, l.Quantity, l.DepotId)));
        Assert.All(lines.Skip(1), l => Assert.Equal(SupportService.Number(request.Id), l.Reference));
        var id = offer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["support.offer-approved", "support.offered"],
            await db.AuditEntries.Where(e => e.SubjectType == "support-offer" && e.SubjectId == id).Select(e => e.Action).OrderBy(a => a).ToListAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == "support.offer-dispatched"));

        // Told: the group, the city and 奈曼旗 of the offer; 科尔沁区 of the approval and of the receipt; 奈曼旗 of the dispatch.
        var told = await db.Notifications.Where(n => n.Title.Contains(request.Number)).Select(n => new { n.RegionCode, n.Unit, n.Title }).ToListAsync();
        Assert.Single(told, n => n.RegionCode == City && n.Unit == "物资保障组" && n.Title.StartsWith("互助支援", StringComparison.Ordinal));
        Assert.Single(told, n => n.RegionCode == City && n.Unit == null && n.Title.StartsWith("互助支援", StringComparison.Ordinal));
        Assert.Single(told, n => n.RegionCode == Naiman && n.Title.StartsWith("互助支援", StringComparison.Ordinal));
        Assert.Single(told, n => n.RegionCode == "150502" && n.Title.EndsWith("已批准", StringComparison.Ordinal));
        Assert.Single(told, n => n.RegionCode == Naiman && n.Title.EndsWith("已调派", StringComparison.Ordinal));
        Assert.Single(told, n => n.RegionCode == "150502" && n.Title.EndsWith("已接收", StringComparison.Ordinal));
        Assert.DoesNotContain(told, n => n.RegionCode == Kailu);
    }

    [Fact]
    public async Task AnOfferBeyondTheOfferingDepotsStockIsRefusedNamingWhatIsThereAndMayBeDeclined()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        var naiman = await factory.SignedInAsync("naiman");
        var item = await ItemAsync(city);
        var horqinDepot = await DepotAsync(horqin, "150502", "科尔沁区卫生健康委员会");
        await ReceiveStockAsync(horqin, horqinDepot.Id, item.Id, 10);
        var request = await AskAsync(naiman, item.Id, 80);
        var offer = await OfferedAsync(await horqin.PostAsJsonAsync($"/api/support/{request.Id}/offers",
            new { depotId = horqinDepot.Id, lines = new[] { new { itemId = item.Id, quantity = 30 } } }));

        var refused = await city.PostAsJsonAsync($"/api/support/offers/{offer.Id}/decision", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var detail = await refused.Content.ReadAsStringAsync();
        Assert.Contains("not-enough-stock", detail);
        Assert.Contains("10 个", detail);
        // Nothing was written: the offer waits, the request is unanswered, the stock is whole.
        Assert.Equal("offered", (await city.GetFromJsonAsync<SupportOfferDto>($"/api/support/offers/{offer.Id}"))!.State);
        Assert.Equal("submitted", (await city.GetFromJsonAsync<SupportDto>($"/api/support/{request.Id}"))!.State);
        Assert.Equal(10, await OnHandAsync(horqinDepot.Id, item.Id));

        // Declined with a reason (required), once.
        Assert.True((await ErrorsAsync(await city.PostAsJsonAsync($"/api/support/offers/{offer.Id}/decision", new { decision = "decline" }))).TryGetProperty("note", out _));
        var declined = await city.PostAsJsonAsync($"/api/support/offers/{offer.Id}/decision", new { decision = "decline", note = "库存不足，改由市级储备调拨" });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        Assert.Equal("declined", (await declined.Content.ReadFromJsonAsync<SupportOfferDto>())!.State);
        Assert.Equal(HttpStatusCode.Conflict, (await city.PostAsJsonAsync($"/api/support/offers/{offer.Id}/decision", new { decision = "approve" })).StatusCode);
        Assert.Equal("submitted", (await city.GetFromJsonAsync<SupportDto>($"/api/support/{request.Id}"))!.State);
        using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.Notifications.CountAsync(n => n.RegionCode == "150502" && n.Title.EndsWith("未批准")));
        Assert.Equal(1, await db.StockMovements.CountAsync(m => m.ItemId == item.Id));
    }

    [Fact]
    public async Task ThePageShowsTheOfferButtonToAnotherCountyAndTheOffersToTheCity()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        var naiman = await factory.SignedInAsync("naiman");
        var item = await ItemAsync(city);
        var horqinDepot = await DepotAsync(horqin, "150502", "科尔沁区卫生健康委员会");
        var request = await AskAsync(naiman, item.Id, 80);
        var countyHtml = WebUtility.HtmlDecode(await horqin.GetStringAsync("/support"));
        Assert.Contains("互助支援", countyHtml);
        Assert.Contains(request.Number, countyHtml);
        Assert.Contains("提供互助", countyHtml);
        await OfferedAsync(await horqin.PostAsJsonAsync($"/api/support/{request.Id}/offers", new { depotId = horqinDepot.Id, lines = new[] { new { itemId = item.Id, quantity = 30 } } }));
        var cityPage = await city.GetAsync("/support");
        var cityHtml = WebUtility.HtmlDecode(await cityPage.Content.ReadAsStringAsync());
        Assert.True(cityPage.StatusCode == HttpStatusCode.OK, cityHtml + factory.ServerErrors);
        Assert.Contains("互助支援", cityHtml);
        Assert.Contains("批准", cityHtml);
        Assert.Contains(horqinDepot.Name, cityHtml);
    }

    [Fact]
    public async Task TheOfferingCountyWithdrawsItsOfferOnceWhileOfferedAndAWithdrawnOfferCannotBeApproved()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        var naiman = await factory.SignedInAsync("naiman");
        var item = await ItemAsync(city);
        var horqinDepot = await DepotAsync(horqin, "150502", "科尔沁区卫生健康委员会");
        await ReceiveStockAsync(horqin, horqinDepot.Id, item.Id, 100);
        var request = await AskAsync(naiman, item.Id, 50);
        var offer = await OfferedAsync(await horqin.PostAsJsonAsync($"/api/support/{request.Id}/offers", new { depotId = horqinDepot.Id, lines = new[] { new { itemId = item.Id, quantity = 30 } } }));

        // Only the offering county withdraws: not the requesting county, not the city.
        Assert.Equal(HttpStatusCode.Forbidden, (await naiman.PostAsJsonAsync($"/api/support/offers/{offer.Id}/withdrawal", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await city.PostAsJsonAsync($"/api/support/offers/{offer.Id}/withdrawal", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await horqin.PostAsJsonAsync("/api/support/offers/99999999/withdrawal", new { })).StatusCode);
        var withdrawals = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => horqin.PostAsJsonAsync($"/api/support/offers/{offer.Id}/withdrawal", new { note = "本区库存需留用" })));
        var done = Assert.Single(withdrawals, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(withdrawals.Where(r => r != done), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var withdrawn = (await done.Content.ReadFromJsonAsync<SupportOfferDto>())!;
        Assert.Equal(("withdrawn", "本区库存需留用"), (withdrawn.State, withdrawn.DecisionNote));

        // Withdrawn, it cannot be approved, and nothing moved; the request stays open for another offer or the city.
        Assert.Equal(HttpStatusCode.Conflict, (await city.PostAsJsonAsync($"/api/support/offers/{offer.Id}/decision", new { decision = "approve" })).StatusCode);
        Assert.Equal(100, await OnHandAsync(horqinDepot.Id, item.Id));
        Assert.Equal("submitted", (await naiman.GetFromJsonAsync<SupportDto>($"/api/support/{request.Id}"))!.State);
        // The withdrawn offer no longer opens the request to 科尔沁区.
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/support/{request.Id}")).StatusCode);

        using var db = factory.CreateDbContext();
        var id = offer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.SubjectType == "support-offer" && e.SubjectId == id && e.Action == "support.offer-withdrawn"));
        var told = await db.Notifications.Where(n => n.Title.Contains(request.Number) && n.Title.EndsWith("已撤回")).Select(n => new { n.RegionCode, n.Unit }).ToListAsync();
        Assert.Single(told, n => n.RegionCode == City && n.Unit == "物资保障组");
        Assert.Single(told, n => n.RegionCode == City && n.Unit == null);
        Assert.Single(told, n => n.RegionCode == Naiman);
    }

    [Fact]
    public async Task TheAllocationShowsPendingOffersAndLeavesARequestAnApprovedOfferDispatched()
    {
        var city = await factory.SignedInAsync("city");
        var horqin = await factory.SignedInAsync("horqin");
        var naiman = await factory.SignedInAsync("naiman");
        var item = await ItemAsync(city);
        var cityDepot = await DepotAsync(city, City, "市卫生健康委员会");
        await ReceiveStockAsync(city, cityDepot.Id, item.Id, 100);
        var horqinDepot = await DepotAsync(horqin, "150502", "科尔沁区卫生健康委员会");
        await ReceiveStockAsync(horqin, horqinDepot.Id, item.Id, 100);
        await CityRespondsAtAsync("III");
        var request = await AskAsync(naiman, item.Id, 60);
        Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/support/{request.Id}/decision", new { decision = "accept" })).StatusCode);
        var offer = await OfferedAsync(await horqin.PostAsJsonAsync($"/api/support/{request.Id}/offers", new { depotId = horqinDepot.Id, lines = new[] { new { itemId = item.Id, quantity = 40 } } }));

        // Offered, not yet approved: the proposal shows what the request may still get from its neighbour beside the city's stock.
        var proposal = (await city.GetFromJsonAsync<AllocationProposal>("/api/support/allocation"))!;
        Assert.Equal(60, proposal.Shipments.Where(s => s.RequestId == request.Id).Sum(s => s.Quantity));
        var pending = Assert.Single(proposal.PendingOffers!, o => o.RequestId == request.Id);
        Assert.Equal((offer.Id, "150502", 40), (pending.Id, pending.RegionCode, pending.Lines[0].Quantity));

        // Approved, the offer dispatches the request: the allocation proposes no city stock for it any more, nor shows the offer.
        Assert.Equal(HttpStatusCode.OK, (await city.PostAsJsonAsync($"/api/support/offers/{offer.Id}/decision", new { decision = "approve" })).StatusCode);
        proposal = (await city.GetFromJsonAsync<AllocationProposal>("/api/support/allocation"))!;
        Assert.DoesNotContain(proposal.Shipments, s => s.RequestId == request.Id);
        Assert.DoesNotContain(proposal.Unmet, u => u.RequestId == request.Id);
        Assert.DoesNotContain(proposal.PendingOffers ?? [], o => o.RequestId == request.Id);
        // And approving an allocation that still names it (an old proposal) is refused, the city's stock untouched.
        Assert.Equal(HttpStatusCode.BadRequest, (await city.PostAsJsonAsync("/api/support/allocation",
            new { shipments = new[] { new { requestId = request.Id, depotId = cityDepot.Id, itemId = item.Id, quantity = 20 } } })).StatusCode);
        Assert.Equal(100, await OnHandAsync(cityDepot.Id, item.Id));
        Assert.Equal(60, await OnHandAsync(horqinDepot.Id, item.Id));
    }

    /// <summary>The city's response put in force at a level (000 §三(四)2 lets the city's reserves go at III and IV).</summary>
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
}

public sealed class SqliteSupportOfferTests() : SupportOfferTests<SqliteFactory>(new());

public sealed class PostgresSupportOfferTests() : SupportOfferTests<PostgresFactory>(new());

/// <summary>The CLI's allocation bench, short: the optimum is never worse than greedy, and the report says by how much and how fast.</summary>
public sealed class AllocationBenchCommandTests
{
    [Fact]
    public void TheShortBenchReportsTheRatioAndTheImprovementOverGreedy()
    {
        var result = AllocationBench.Run(AllocationBench.Generate(depots: 20, items: 5, requests: 10), runs: 1);
        Assert.True(result.Optimal.Cost <= result.Greedy.Cost);
        Assert.True(result.Optimal.UnmetQuantity <= result.Greedy.UnmetQuantity);
        var output = new StringWriter();
        Assert.Equal(0, EpiCommand.Cli.Commands.AllocationBenchCommand.Run(20, 5, 10, 1, 16, output));
        var text = output.ToString();
        Assert.Contains("ratio optimal / greedy time", text);
        Assert.Contains("objective improvement", text);
        Assert.Equal(2, EpiCommand.Cli.Commands.AllocationBenchCommand.Run(0, 5, 10, 1, 16, new StringWriter()));
    }

    [Fact]
    public void TheShortCoupledBenchReportsTheMipsGapBesideTheFlowAndGreedy()
    {
        // Vehicles at every depot couple the items: the MIP's plan fits them, within the stated gap; the flow and greedy ignore them.
        var options = new SupportAllocator.TransportOptions { RelativeGap = 0.01, TimeLimitSeconds = 20 };
        var result = AllocationBench.RunCoupled(AllocationBench.GenerateCoupled(depots: 6, items: 3, requests: 20), options, runs: 1);
        Assert.Contains(result.Mip.Status, new[] { "OPTIMAL", "FEASIBLE" });
        Assert.True(result.Mip.Bound <= result.Mip.Cost + 1);
        Assert.True(result.Mip.UnmetQuantity >= result.Flow.UnmetQuantity, "the vehicles can only take away from what the flow meets");
        foreach (var vehicle in result.Case.Vehicles)
        {
            Assert.True(result.Mip.Trips!.Where(t => t.VehicleId == vehicle.VehicleId).Sum(t => t.Count) <= vehicle.Trips);
        }
        var output = new StringWriter();
        Assert.Equal(0, EpiCommand.Cli.Commands.AllocationBenchCommand.Run(6, 3, 20, 1, 16, output, (6, 3, 20), options));
        var text = output.ToString();
        Assert.Contains("MIP (OR-Tools SCIP", text);
        Assert.Contains("gap", text);
        Assert.Contains("min-cost flow (vehicles ignored)", text);
        Assert.Contains("greedy baseline (vehicles ignored)", text);
    }
}
