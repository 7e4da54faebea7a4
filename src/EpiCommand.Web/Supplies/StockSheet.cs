using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Supplies;
using EpiCommand.Web.LineLists;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Supplies;

public sealed record StocktakeImported(int Rows, int Changed);

/// <summary>A problem with one cell of a stock sheet: the spreadsheet's row, the column's header and why. Row 0 is the file itself.</summary>
public sealed record StockSheetError(int Row, string Column, string Reason);

/// <summary>What a stocktake upload came to: the rows counted, or the errors by row and column (nothing written), or another refusal.</summary>
public sealed record StocktakeResult(StocktakeImported? Imported, IReadOnlyList<StockSheetError> Errors, Problem? Problem = null);

/// <summary>One row of the stock sheet: a depot's item, its count and its minimum.</summary>
public sealed record StockSheetRow(string Depot, string Region, string Code, string Name, string Category, string Unit, string? Spec, int OnHand, int? Minimum);

/// <summary>
/// The stock as a spreadsheet (issue 15 §1 "importable/exportable as .xlsx in the layouts the units keep"): the export lists each
/// depot's items; the same sheet, counted and filled in, comes back as a stocktake — every row checked first, then every count
/// written as one ledger line (the difference) in one transaction, or nothing when any row is wrong.
/// </summary>
public sealed class StockSheet(AppDbContext db, StockService stock)
{
    public const string SheetName = "物资库存";
    public const string DepotColumn = "储备库";
    public const string RegionColumn = "所在地区";
    public const string CodeColumn = "物资编码";
    public const string CountColumn = "库存";
    public const string MinimumColumn = "最低库存";
    private static readonly string[] Headers = [DepotColumn, RegionColumn, CodeColumn, "物资名称", "类别", "计量单位", "规格", CountColumn, MinimumColumn];

    /// <summary>The most rows a stocktake holds (a city's depots × the catalogue, with room to spare).</summary>
    public const int MaxRows = 20_000;

    public async Task<List<StockSheetRow>> RowsAsync(Jurisdiction jurisdiction, string regionPath, CancellationToken ct)
    {
        var rows = await jurisdiction.Scope(db.Stock.AsNoTracking()).Where(s => s.RegionPath.StartsWith(regionPath))
            .OrderBy(s => s.RegionPath).ThenBy(s => s.Depot!.Name).ThenBy(s => s.Item!.Code)
            .Select(s => new { s.Depot!.Name, s.RegionCode, s.Item!.Code, Item = s.Item.Name, s.Item.Category, s.Item.Unit, s.Item.Spec, s.OnHand, s.Minimum })
            .ToListAsync(ct);
        var codes = rows.Select(r => r.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return [.. rows.Select(r => new StockSheetRow(r.Name, names.GetValueOrDefault(r.RegionCode, r.RegionCode), r.Code, r.Item, Messages.SupplyCategoryName(r.Category).Zh, r.Unit, r.Spec, r.OnHand, r.Minimum))];
    }

    public static async Task WriteAsync(IReadOnlyList<StockSheetRow> rows, Stream output, CancellationToken ct)
    {
        await using var writer = new XlsxSheetWriter(output, SheetName, Headers, [.. Headers.Select(h => XlsxSheetWriter.WidthOf(h, "通辽市医疗物资储备库"))]);
        foreach (var r in rows)
        {
            writer.WriteRow([r.Depot, r.Region, r.Code, r.Name, r.Category, r.Unit, r.Spec, r.OnHand.ToString(CultureInfo.InvariantCulture), r.Minimum?.ToString(CultureInfo.InvariantCulture)]);
            if (writer.ShouldFlush) await writer.FlushAsync(ct);
        }
        await writer.CompleteAsync(ct);
    }

    /// <summary>A stocktake from a sheet: what changed, or every error by row and column and nothing written.</summary>
    public async Task<StocktakeResult> ImportAsync(Stream upload, LineListFormat format, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!StockService.MayMove(user)) return new(null, [], Problem.Forbidden("stock-not-allowed", Messages.StockMoversOnly));
        // The reader needs a seekable stream (an .xlsx is a zip).
        await using var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, ct);
        buffer.Position = 0;

        var errors = new SortedDictionary<(int Row, int Column), (string Header, Text Reason)>();
        void Error(int row, int column, string header, Text reason) => errors.TryAdd((row, column), (header, reason));

        var depots = await jurisdiction.Scope(db.Depots.AsNoTracking()).ToListAsync(ct);
        var regionCodes = depots.Select(d => d.RegionCode).Distinct().ToList();
        var regionNames = await db.Regions.AsNoTracking().Where(r => regionCodes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        var items = await db.SupplyItems.AsNoTracking().ToDictionaryAsync(i => i.Code, ct);
        var legs = new List<StockService.Leg>();
        var seen = new Dictionary<(int, int), int>();
        Dictionary<string, int>? columns = null;
        try
        {
            foreach (var row in SheetReader.Read(buffer, format, ct))
            {
                if (row.IsEmpty) continue;
                if (columns is null)
                {
                    columns = row.Cells.Select((c, i) => (Header: c?.Trim(), i)).Where(h => !string.IsNullOrEmpty(h.Header))
                        .GroupBy(h => h.Header!).ToDictionary(g => g.Key, g => g.First().i);
                    foreach (var required in new[] { DepotColumn, CodeColumn, CountColumn })
                    {
                        if (!columns.ContainsKey(required)) Error(0, 0, required, Messages.StockSheetMissingColumn(required));
                    }
                    if (errors.Count > 0) break;
                    continue;
                }
                if (legs.Count + errors.Count >= MaxRows) { Error(row.Number, 0, "file", Messages.TooMany(MaxRows)); break; }
                string? Cell(string header) => columns.TryGetValue(header, out var i) && i < row.Cells.Count && row.Cells[i]?.Trim() is { Length: > 0 } t ? t : null;
                int Col(string header) => columns.TryGetValue(header, out var i) ? i + 1 : 0;

                Depot? depot = null;
                if (Cell(DepotColumn) is not { } depotName) Error(row.Number, Col(DepotColumn), DepotColumn, Messages.Required(new("储备库", "the depot")));
                else
                {
                    var named = depots.Where(d => d.Name == depotName).ToList();
                    if (named.Count > 1 && Cell(RegionColumn) is { } regionName) named = [.. named.Where(d => regionNames.GetValueOrDefault(d.RegionCode) == regionName)];
                    if (named.Count == 1) depot = named[0];
                    else Error(row.Number, Col(DepotColumn), DepotColumn, Messages.NoSuchDepotNamed(depotName));
                }
                SupplyItem? item = null;
                if (Cell(CodeColumn) is not { } code) Error(row.Number, Col(CodeColumn), CodeColumn, Messages.Required(new("物资编码", "the item code")));
                else if (!items.TryGetValue(code, out item)) Error(row.Number, Col(CodeColumn), CodeColumn, Messages.NoSuchItemCode(code));
                var count = Whole(Cell(CountColumn), required: true, Messages.CountNotNegative, t => Error(row.Number, Col(CountColumn), CountColumn, t));
                var minimumText = Cell(MinimumColumn);
                var minimum = Whole(minimumText, required: false, Messages.MinimumNotNegative, t => Error(row.Number, Col(MinimumColumn), MinimumColumn, t));
                if (depot is null || item is null || count is null || (minimumText is not null && minimum is null)) continue;
                if (seen.TryGetValue((depot.Id, item.Id), out var first))
                {
                    Error(row.Number, Col(CodeColumn), CodeColumn, Messages.StockRowDuplicated(first));
                    continue;
                }
                seen[(depot.Id, item.Id)] = row.Number;
                legs.Add(new StockService.Leg(depot, item, MovementKind.Adjustment, count.Value, minimum, SetMinimum: minimum is not null));
            }
        }
        catch (UnreadableSheetException e)
        {
            return new(null, [], Problem.Invalid("file", e.Reason));
        }
        if (columns is null) Error(0, 0, "file", Messages.StockSheetEmpty);
        if (errors.Count == 0 && legs.Count == 0) Error(0, 0, "file", Messages.StockSheetEmpty);
        if (errors.Count > 0) return new(null, [.. errors.Select(e => new StockSheetError(e.Key.Row, e.Value.Header, e.Value.Reason.ToString()))]);
        var done = await stock.CommitAsync(legs, "盘点导入", null, null, user.UserName(), ct);
        if (done.Problem is { } refused) return new(null, [], refused);
        return new(new StocktakeImported(legs.Count, done.Value!.Count(m => m.Quantity != 0)), []);
    }

    private static int? Whole(string? text, bool required, Text notWhole, Action<Text> error)
    {
        if (text is null)
        {
            if (required) error(Messages.Required(new("数量", "the quantity")));
            return null;
        }
        // Excel writes a number cell as e.g. "120" or "120.0".
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value == decimal.Truncate(value) && value is >= 0 and <= int.MaxValue)
        {
            return (int)value;
        }
        error(decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out _) ? notWhole : Messages.NotAWholeNumber(text));
        return null;
    }
}
