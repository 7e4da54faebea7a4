using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EpiCommand.Data.Supplies;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Supplies;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Tests;

/// <summary>
/// Material reserves (issues 15 §1 and 16 §3): the stock is the sum of its ledger, an issue beyond it is refused naming what is
/// available — also under 100 parallel issues — a stocktake sheet is taken whole or not at all, and a county sees only its own
/// depots. On SQLite and PostgreSQL.
/// </summary>
public abstract class SuppliesApiTests<TFactory>(TFactory factory) : IAsyncLifetime where TFactory : EpiCommandFactory
{
    public ValueTask InitializeAsync() => factory.InitializeAsync();

    public ValueTask DisposeAsync() => factory.DisposeAsync();

    private const string City = "150500";
    private const string Horqin = "150502";
    private const string Kailu = "150523";

    private static string NewCode(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16];

    private static async Task<ItemDto> ItemAsync(HttpClient client, string name = "测试口罩", string category = "防护用品")
    {
        var response = await client.PostAsJsonAsync("/api/supplies/items", new { code = NewCode("T"), name, category, unit = "个", spec = "测试规格" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ItemDto>())!;
    }

    private static async Task<DepotDto> DepotAsync(HttpClient client, string region, string keepingUnit, string? name = null)
    {
        var response = await client.PostAsJsonAsync("/api/supplies/depots", new { name = name ?? $"测试储备库{Guid.NewGuid():N}"[..12], region, address = "测试地址", keepingUnit });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<DepotDto>())!;
    }

    private static Task<HttpResponseMessage> MoveAsync(HttpClient client, string kind, int depot, int item, int quantity, int? toDepot = null) =>
        client.PostAsJsonAsync("/api/supplies/movements", new { kind, depotId = depot, itemId = item, quantity, toDepotId = toDepot, reason = "测试", reference = "T-1" });

    private async Task<StockDto> StockAsync(HttpClient client, int depot, int item) =>
        Assert.Single((await client.GetListAsync<StockDto>($"/api/supplies/stock?depot={depot}&item={item}"))!);

    /// <summary>The ledger invariant: every stock row equals the sum of its movements, the last line's balance is it, and no balance is negative.</summary>
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
        var lastBalances = await db.StockMovements.GroupBy(m => m.StockId).Select(g => g.OrderByDescending(m => m.Id).Select(m => new { m.StockId, m.BalanceAfter }).First()).ToListAsync();
        Assert.All(lastBalances, l => Assert.Equal(stock[l.StockId], l.BalanceAfter));
    }

    [Fact]
    public async Task ReceiptsIssuesTransfersAndStocktakesAreLedgerLinesAndTheStockIsTheirSum()
    {
        var city = await factory.SignedInAsync("city");
        var item = await ItemAsync(city);
        var a = await DepotAsync(city, City, "市卫生健康委员会");
        var b = await DepotAsync(city, Kailu, "开鲁县卫生健康委员会");

        Assert.Equal(HttpStatusCode.Created, (await MoveAsync(city, "receipt", a.Id, item.Id, 500)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await MoveAsync(city, "issue", a.Id, item.Id, 120)).StatusCode);
        var transfer = await MoveAsync(city, "transfer", a.Id, item.Id, 80, b.Id);
        Assert.Equal(HttpStatusCode.Created, transfer.StatusCode);
        var lines = (await transfer.Content.ReadFromJsonAsync<MovementsDone>())!.Movements;
        Assert.Equal(["transferOut", "transferIn"], lines.Select(l => l.Kind));
        Assert.Equal([-80, 80], lines.Select(l => l.Quantity));
        Assert.Equal(lines[0].TransferId, lines[1].TransferId);
        var counted = await MoveAsync(city, "stocktake", a.Id, item.Id, 290);
        Assert.Equal(HttpStatusCode.Created, counted.StatusCode);
        Assert.Equal(-10, (await counted.Content.ReadFromJsonAsync<MovementsDone>())!.Movements.Single().Quantity);

        Assert.Equal(290, (await StockAsync(city, a.Id, item.Id)).OnHand);
        Assert.Equal(80, (await StockAsync(city, b.Id, item.Id)).OnHand);
        var history = (await city.GetListAsync<MovementDto>($"/api/supplies/movements?depot={a.Id}&item={item.Id}"))!;
        Assert.Equal(["adjustment", "transferOut", "issue", "receipt"], history.Select(m => m.Kind));
        Assert.Equal([290, 300, 380, 500], history.Select(m => m.BalanceAfter));
        await AssertLedgerHoldsAsync();

        using var db = factory.CreateDbContext();
        var ids = history.Select(m => m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.SubjectType == "stock-movement" && ids.Contains(e.SubjectId)));
    }

    [Fact]
    public async Task AnIssueBeyondTheStockIsRefusedNamingWhatIsAvailable()
    {
        var city = await factory.SignedInAsync("city");
        var item = await ItemAsync(city, "测试防护服");
        var depot = await DepotAsync(city, City, "市卫生健康委员会");
        Assert.Equal(HttpStatusCode.Created, (await MoveAsync(city, "receipt", depot.Id, item.Id, 37)).StatusCode);

        var refused = await MoveAsync(city, "issue", depot.Id, item.Id, 38);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("urn:epicommand:problem:not-enough-stock", problem.RootElement.GetProperty("type").GetString());
        Assert.Contains("37 个", problem.RootElement.GetProperty("detail").GetString());
        // A transfer beyond the stock too, and nothing is written by either.
        var other = await DepotAsync(city, City, "市卫生健康委员会");
        Assert.Equal(HttpStatusCode.Conflict, (await MoveAsync(city, "transfer", depot.Id, item.Id, 40, other.Id)).StatusCode);
        Assert.Single((await city.GetListAsync<MovementDto>($"/api/supplies/movements?item={item.Id}"))!);
        Assert.Equal(37, (await StockAsync(city, depot.Id, item.Id)).OnHand);

        // Bad input by field; readers may not move stock.
        var bad = await city.PostAsJsonAsync("/api/supplies/movements", new { kind = "gift", depotId = depot.Id, itemId = 0, quantity = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var text = await bad.Content.ReadAsStringAsync();
        foreach (var field in new[] { "kind", "itemId", "quantity" }) Assert.Contains($"\"{field}\"", text);
        var cdc = await factory.SignedInAsync("cdc");
        Assert.Equal(HttpStatusCode.Forbidden, (await MoveAsync(cdc, "issue", depot.Id, item.Id, 1)).StatusCode);
        Assert.Equal(37, (await StockAsync(cdc, depot.Id, item.Id)).OnHand);
    }

    [Fact]
    public async Task AHundredParallelIssuesNeverDriveTheStockNegativeNorLoseAMovement()
    {
        const int initial = 60;
        const int parallel = 100;
        var city = await factory.SignedInAsync("city");
        var item = await ItemAsync(city, "测试N95口罩");
        var depot = await DepotAsync(city, City, "市卫生健康委员会");
        Assert.Equal(HttpStatusCode.Created, (await MoveAsync(city, "receipt", depot.Id, item.Id, initial)).StatusCode);

        var answers = await Task.WhenAll(Enumerable.Range(0, parallel).Select(i => MoveAsync(city, "issue", depot.Id, item.Id, 1 + i % 2)));
        var statuses = answers.Select(a => (int)a.StatusCode).ToList();
        var summary = string.Join(", ", statuses);
        if (answers.FirstOrDefault(a => (int)a.StatusCode >= 500) is { } failed) summary += "\n" + await failed.Content.ReadAsStringAsync() + "\n" + factory.ServerErrors;
        Assert.True(statuses.All(s => s is 201 or 409), summary);

        var accepted = answers.Select((a, i) => (a, quantity: 1 + i % 2)).Where(x => x.a.IsSuccessStatusCode).ToList();
        Assert.NotEmpty(accepted);
        Assert.Contains(statuses, s => s == 409);
        using var db = factory.CreateDbContext();
        var issues = await db.StockMovements.Where(m => m.ItemId == item.Id && m.Kind == MovementKind.Issue).ToListAsync();
        Assert.Equal(accepted.Count, issues.Count);
        Assert.Equal(accepted.Sum(x => x.quantity), -issues.Sum(m => m.Quantity));
        Assert.All(issues, m => Assert.True(m.BalanceAfter >= 0));
        var onHand = (await StockAsync(city, depot.Id, item.Id)).OnHand;
        Assert.Equal(initial - accepted.Sum(x => x.quantity), onHand);
        // The stock was spent down: what is left is less than the smallest refused issue.
        Assert.True(onHand < 2, $"{onHand} left");
        Assert.Equal(parallel - accepted.Count, await Task.WhenAll(answers.Where(a => !a.IsSuccessStatusCode).Select(a => a.Content.ReadAsStringAsync()))
            .ContinueWith(t => t.Result.Count(body => body.Contains("not-enough-stock"))));
        await AssertLedgerHoldsAsync();
    }

    [Fact]
    public async Task AStocktakeSheetWithABadRowChangesNothingAndAGoodOneCountsEveryRow()
    {
        var city = await factory.SignedInAsync("city");
        var item = await ItemAsync(city, "测试消毒液", "消杀用品");
        var depot = await DepotAsync(city, Horqin, "科尔沁区卫生健康委员会");
        Assert.Equal(HttpStatusCode.Created, (await MoveAsync(city, "receipt", depot.Id, item.Id, 100)).StatusCode);

        var export = await city.GetAsync($"/api/supplies/stock/export.xlsx?region={Horqin}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var sheet = LineListFile.Read(await export.Content.ReadAsByteArrayAsync());
        Assert.Equal(StockSheet.DepotColumn, sheet[0][0]);
        Assert.Contains(sheet, r => r[0] == depot.Name && r[2] == item.Code && r[7] == "100");

        object?[] header = ["储备库", "物资编码", "库存", "最低库存"];
        var bad = LineListFile.Xlsx([header, [depot.Name, item.Code, 95.0, 50.0], [depot.Name, "NO-SUCH-ITEM", 3.0], ["不存在的库", item.Code, "十"]]);
        var refused = await UploadAsync(city, bad);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            var errors = problem.RootElement.GetProperty("errors");
            Assert.Contains("NO-SUCH-ITEM", errors.GetProperty("row 3, 物资编码")[0].GetString());
            Assert.Contains("不存在的库", errors.GetProperty("row 4, 储备库")[0].GetString());
            Assert.Contains("十", errors.GetProperty("row 4, 库存")[0].GetString());
        }
        Assert.Equal(100, (await StockAsync(city, depot.Id, item.Id)).OnHand);
        Assert.Single((await city.GetListAsync<MovementDto>($"/api/supplies/movements?item={item.Id}"))!);

        var good = LineListFile.Xlsx([header, [depot.Name, item.Code, 95.0, 120.0]]);
        var imported = await UploadAsync(city, good);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(new StocktakeImported(1, 1), await imported.Content.ReadFromJsonAsync<StocktakeImported>());
        var stock = await StockAsync(city, depot.Id, item.Id);
        Assert.Equal((95, 120, true), (stock.OnHand, stock.Minimum!.Value, stock.Low));
        var adjustment = (await city.GetListAsync<MovementDto>($"/api/supplies/movements?item={item.Id}&status=adjustment"))!.Single();
        Assert.Equal(-5, adjustment.Quantity);
        await AssertLedgerHoldsAsync();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] xlsx)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(xlsx), "file", "盘点.xlsx" } };
        return await client.PostAsync("/api/supplies/stock/import", form);
    }

    [Fact]
    public async Task ACountySeesAndMovesOnlyItsOwnDepots()
    {
        var city = await factory.SignedInAsync("city");
        var item = await ItemAsync(city);
        var kailu = await DepotAsync(city, Kailu, "开鲁县卫生健康委员会");
        var horqin = await factory.SignedInAsync("horqin");
        var own = await DepotAsync(horqin, Horqin, "科尔沁区卫生健康委员会");
        Assert.Equal(HttpStatusCode.Created, (await MoveAsync(city, "receipt", kailu.Id, item.Id, 10)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await MoveAsync(horqin, "receipt", own.Id, item.Id, 10)).StatusCode);

        Assert.All((await horqin.GetListAsync<DepotDto>("/api/supplies/depots?limit=200"))!, d => Assert.Equal(Horqin, d.RegionCode));
        Assert.All((await horqin.GetListAsync<StockDto>("/api/supplies/stock?limit=200"))!, s => Assert.Equal(Horqin, s.RegionCode));
        Assert.All((await horqin.GetListAsync<MovementDto>("/api/supplies/movements?limit=200"))!, m => Assert.NotEqual(kailu.Id, m.DepotId));
        Assert.Equal(HttpStatusCode.Forbidden, (await MoveAsync(horqin, "issue", kailu.Id, item.Id, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await MoveAsync(horqin, "transfer", own.Id, item.Id, 1, kailu.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.PostAsJsonAsync("/api/supplies/depots", new { name = "外县库", region = Kailu, keepingUnit = "开鲁县卫生健康委员会" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await horqin.GetAsync($"/api/supplies/stock?region={Kailu}")).StatusCode);

        var all = (await city.GetListAsync<StockDto>($"/api/supplies/stock?item={item.Id}"))!;
        Assert.Equal([Horqin, Kailu], all.Select(s => s.RegionCode).Order());
        Assert.Equal(10, (await StockAsync(city, kailu.Id, item.Id)).OnHand);
    }
}

public sealed class SqliteSuppliesApiTests() : SuppliesApiTests<SqliteFactory>(new());

public sealed class PostgresSuppliesApiTests() : SuppliesApiTests<PostgresFactory>(new());
