using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using EpiCommand.Data;
using EpiCommand.Data.Identity;
using EpiCommand.Data.Response;
using EpiCommand.Data.Supplies;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Web.People;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace EpiCommand.Web.Supplies;

/// <summary>
/// Material reserves (issue 15 §1 "material depots and stock by a catalogue"; issue 16 §3 dispatch from depots; 001 §5.1.3(4)):
/// the catalogue, the depots of each jurisdiction, and the stock ledger. Stock is never edited in place: every change is a line of
/// the ledger (<see cref="StockMovement"/>), and the stock row is the ledger's cached total, written in the same transaction —
/// on hand = Σ movements, never below zero. A county sees and moves only its own depots; the city sees all.
/// </summary>
public sealed partial class StockService(AppDbContext db, TimeProvider clock, EpiCommand.Web.Readiness.ReadinessSignal readiness)
{
    /// <summary>How often a change is tried again after another writer changed the same stock at the same moment.</summary>
    private const int MaxAttempts = 30;

    public static readonly Keyset<SupplyItem> ByCode = Keyset<SupplyItem>.By(i => i.Code, i => i.Id);
    public static readonly Keyset<Depot> DepotsByName = Keyset<Depot>.By(d => d.Name, d => d.Id);
    public static readonly Keyset<StockLevel> StockByDepot = Keyset<StockLevel>.By(s => s.DepotId, s => s.Id);
    public static readonly Keyset<StockMovement> NewestFirst = Keyset<StockMovement>.By(m => m.Id, descending: true);

    public static readonly ListShape<Depot, NoStatus> DepotShape = new(null, null, d => d.Name, d => d.KeepingUnit);
    public static readonly ListShape<StockLevel, NoStatus> StockShape = new(null, null, s => s.Item!.Name, s => s.Item!.Code, s => s.Depot!.Name);
    public static readonly ListShape<StockMovement, MovementKind> MovementShape = new(m => m.Kind, m => m.At, m => m.Reference!, m => m.By);

    /// <summary>The catalogue and the depots: the headquarters and administrators.</summary>
    public static bool MayManage(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Admin);

    /// <summary>Receipts, issues, transfers and stocktakes: the headquarters and administrators (investigators and experts read).</summary>
    public static bool MayMove(ClaimsPrincipal user) => user.IsInRole(Roles.Headquarters) || user.IsInRole(Roles.Admin);

    // ---- the catalogue ----

    public async Task<Page<ItemDto>> ItemsAsync(SupplyCategory? category, string? q, PageRequest page, CancellationToken ct)
    {
        var query = db.SupplyItems.AsNoTracking();
        if (category is { } c) query = query.Where(i => i.Category == c);
        if (!string.IsNullOrWhiteSpace(q)) query = query.Where(i => i.Code.StartsWith(q.Trim()) || i.Name.StartsWith(q.Trim()));
        return await ByCode.PageAsync(query, page, ToDto, ct);
    }

    public async Task<Outcome<ItemDto>> CreateItemAsync(NewItem request, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!MayManage(user)) return Problem.Forbidden("supplies-not-allowed", Messages.SuppliesManagersOnly);
        var errors = new FieldErrors();
        var code = errors.Text("code", request.Code, 40, Messages.Required(new("物资编码", "the code")));
        if (code is not null && !ItemCode().IsMatch(code)) errors.Add("code", Messages.ItemCodeFormat);
        var name = errors.Text("name", request.Name, 100, Messages.Required(new("物资名称", "the name")));
        var category = CategoryOf(errors, "category", request.Category);
        var unit = errors.Text("unit", request.Unit, 20, Messages.Required(new("计量单位", "the unit of measure")));
        var spec = errors.Text("spec", request.Spec, 100);
        if (errors.Problem is { } invalid) return invalid;
        if (await db.SupplyItems.AnyAsync(i => i.Code == code, ct)) return Problem.Conflict("item-code-taken", Messages.ItemCodeTaken(code!));

        var now = clock.GetUtcNow();
        var item = new SupplyItem { Code = code!, Name = name!, Category = category!.Value, Unit = unit!, Spec = spec, CreatedAt = now };
        db.SupplyItems.Add(item);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [new AuditRecord("supply-item.created", "supply-item", item.Id.ToString(CultureInfo.InvariantCulture), new { item.Code, item.Name, item.Category, item.Unit, item.Spec })], ct);
        }
        catch (DbUpdateException e) when (IsRace(e))
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("item-code-taken", Messages.ItemCodeTaken(code!));
        }
        return ToDto(item);
    }

    // ---- depots ----

    public async Task<Page<DepotDto>> DepotsAsync(Jurisdiction jurisdiction, ListFilter<NoStatus> filter, PageRequest page, CancellationToken ct)
    {
        var query = DepotShape.Apply(db.Depots.AsNoTracking(), jurisdiction, filter);
        return await DepotsByName.PageAsync(query, page, DepotDtosAsync, ct);
    }

    public async Task<Outcome<DepotDto>> CreateDepotAsync(NewDepot request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayManage(user)) return Problem.Forbidden("supplies-not-allowed", Messages.SuppliesManagersOnly);
        var errors = new FieldErrors();
        var region = await jurisdiction.RegionAsync(db, request.Region, "region", ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        var name = errors.Text("name", request.Name, 100, Messages.Required(new("储备库名称", "the depot's name")));
        var address = errors.Text("address", request.Address, Limits.LineCharacters);
        var unit = errors.Text("keepingUnit", request.KeepingUnit, 100, Messages.Required(new("保管单位", "the keeping unit")));
        if (unit is not null && region.Value is { } r && !(await PeopleService.UnitsForAsync(db, r.Path, ct)).Contains(unit))
        {
            errors.Add("keepingUnit", Messages.NoSuchUnit(unit, r.Name));
        }
        if (errors.Problem is { } invalid) return invalid;
        var code = region.Value!.Code;
        if (await db.Depots.AnyAsync(d => d.RegionCode == code && d.Name == name, ct)) return Problem.Conflict("depot-name-taken", Messages.DepotNameTaken(name!));

        var now = clock.GetUtcNow();
        var depot = new Depot { Name = name!, RegionCode = code, RegionPath = region.Value.Path, Address = address, KeepingUnit = unit!, CreatedAt = now };
        db.Depots.Add(depot);
        try
        {
            await AuditLog.SaveChangesAsync(db, user.UserName(), now, () =>
                [new AuditRecord("depot.created", "depot", depot.Id.ToString(CultureInfo.InvariantCulture), new { depot.Name, depot.RegionCode, depot.Address, depot.KeepingUnit }, depot.RegionPath)], ct);
        }
        catch (DbUpdateException e) when (IsRace(e))
        {
            db.ChangeTracker.Clear();
            return Problem.Conflict("depot-name-taken", Messages.DepotNameTaken(name!));
        }
        return (await DepotDtosAsync([depot], ct))[0];
    }

    // ---- stock and the ledger ----

    public async Task<Page<StockDto>> StockAsync(Jurisdiction jurisdiction, ListFilter<NoStatus> filter, StockFilter only, PageRequest page, CancellationToken ct)
    {
        var query = StockShape.Apply(db.Stock.AsNoTracking(), jurisdiction, filter);
        if (only.DepotId is { } depot) query = query.Where(s => s.DepotId == depot);
        if (only.ItemId is { } item) query = query.Where(s => s.ItemId == item);
        if (only.Category is { } category) query = query.Where(s => s.Item!.Category == category);
        if (only.Low) query = query.Where(s => s.Minimum != null && s.OnHand < s.Minimum);
        return await StockByDepot.PageAsync(query.Include(s => s.Item).Include(s => s.Depot), page, StockDtosAsync, ct);
    }

    public async Task<Page<MovementDto>> MovementsAsync(Jurisdiction jurisdiction, ListFilter<MovementKind> filter, int? depotId, int? itemId, PageRequest page, CancellationToken ct)
    {
        var query = MovementShape.Apply(db.StockMovements.AsNoTracking(), jurisdiction, filter);
        if (depotId is { } depot) query = query.Where(m => m.DepotId == depot);
        if (itemId is { } item) query = query.Where(m => m.ItemId == item);
        return await NewestFirst.PageAsync(query, page, MovementDtosAsync, ct);
    }

    /// <summary>
    /// Records a receipt, an issue, a transfer (two lines, out and in, one transaction) or a stocktake (the count; the line is
    /// the difference). An issue or transfer larger than the stock is refused with 409 naming what is available.
    /// </summary>
    public async Task<Outcome<MovementsDone>> MoveAsync(NewMovement request, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!MayMove(user)) return Problem.Forbidden("stock-not-allowed", Messages.StockMoversOnly);
        var errors = new FieldErrors();
        var kind = request.Kind?.Trim().ToLowerInvariant();
        if (kind is not ("receipt" or "issue" or "transfer" or "stocktake")) errors.Add("kind", Messages.MovementKinds(request.Kind));
        var depot = await DepotAsync(errors, "depotId", request.DepotId, jurisdiction, ct);
        if (depot.Problem is { } depotRefused) return depotRefused;
        var item = await ItemAsync(errors, "itemId", request.ItemId, ct);
        if (request.Quantity is not { } quantity) errors.Add("quantity", Messages.Required(new("数量", "the quantity")));
        else if (kind == "stocktake" ? quantity < 0 : quantity <= 0) errors.Add("quantity", kind == "stocktake" ? Messages.CountNotNegative : Messages.QuantityPositive);
        var reason = errors.Text("reason", request.Reason, Limits.LineCharacters);
        var reference = errors.Text("reference", request.Reference, 100);
        Depot? to = null;
        if (kind == "transfer")
        {
            var target = await DepotAsync(errors, "toDepotId", request.ToDepotId, jurisdiction, ct);
            if (target.Problem is { } targetRefused) return targetRefused;
            to = target.Value;
            if (to is not null && depot.Value is not null && to.Id == depot.Value.Id) errors.Add("toDepotId", Messages.TransferToSameDepot);
        }
        if (errors.Problem is { } invalid) return invalid;

        var q = request.Quantity!.Value;
        var (d, i) = (depot.Value!, item!);
        Leg[] legs = kind switch
        {
            "receipt" => [new Leg(d, i, MovementKind.Receipt, q)],
            "issue" => [new Leg(d, i, MovementKind.Issue, -q)],
            "transfer" => [new Leg(d, i, MovementKind.TransferOut, -q), new Leg(to!, i, MovementKind.TransferIn, q)],
            _ => [new Leg(d, i, MovementKind.Adjustment, q)],
        };
        var done = await CommitAsync(legs, reason, reference, kind == "transfer" ? Guid.NewGuid() : null, user.UserName(), ct);
        if (done.Problem is { } refused) return refused;
        return new MovementsDone(await MovementDtosAsync(done.Value!, ct));
    }

    /// <summary>One line of a change: a signed quantity, or for a stocktake the count (and optionally a new minimum).</summary>
    internal sealed record Leg(Depot Depot, SupplyItem Item, MovementKind Kind, int Quantity, int? Minimum = null, bool SetMinimum = false);

    /// <summary>
    /// Writes the lines of one change and their stock totals in one transaction, audited. The stock row is changed by one
    /// conditional UPDATE (on hand + quantity ≥ 0): on PostgreSQL it takes the row's lock and, when another writer held it,
    /// is evaluated again on that writer's result, so no two issues both spend the same stock; on SQLite the transaction holds
    /// the database's write lock from its start. A stocktake sets the count on the version it read (the concurrency token),
    /// and is tried again from a fresh read when another change came between.
    /// </summary>
    /// <param name="guard">
    /// Run first inside the transaction (emergency support, issue 16: the conditional update of the request the lines answer); a
    /// problem it returns refuses the whole change, so that a dispatch and its ledger lines are written together once or not at all.
    /// </param>
    /// <param name="audit">Audit entries written with the lines' own.</param>
    internal async Task<Outcome<List<StockMovement>>> CommitAsync(IReadOnlyList<Leg> legs, string? reason, string? reference, Guid? transfer, string actor, CancellationToken ct,
        Func<DateTimeOffset, Task<Problem?>>? guard = null, Func<IEnumerable<AuditRecord>>? audit = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var now = clock.GetUtcNow();
                if (guard is not null && await guard(now) is { } refused) return refused;
                var movements = new List<StockMovement>();
                // Rows in one order (depot, item) in every transaction: two transfers in opposite directions wait, never deadlock.
                foreach (var leg in legs.OrderBy(l => l.Depot.Id).ThenBy(l => l.Item.Id))
                {
                    var stockId = await StockIdAsync(leg, now, ct);
                    var delta = leg.Quantity;
                    if (leg.Kind == MovementKind.Adjustment)
                    {
                        var read = await db.Stock.AsNoTracking().Where(s => s.Id == stockId).Select(s => new { s.OnHand, s.Version }).FirstAsync(ct);
                        delta = leg.Quantity - read.OnHand;
                        var count = leg.Quantity;
                        var set = await db.Stock.Where(s => s.Id == stockId && s.Version == read.Version)
                            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, count).SetProperty(x => x.Version, x => x.Version + 1).SetProperty(x => x.UpdatedAt, now), ct);
                        if (set == 0) throw new StockRaced();
                        if (leg.SetMinimum)
                        {
                            var minimum = leg.Minimum;
                            await db.Stock.Where(s => s.Id == stockId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Minimum, minimum), ct);
                        }
                    }
                    else
                    {
                        var changed = await db.Stock.Where(s => s.Id == stockId && s.OnHand + delta >= 0)
                            .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + delta).SetProperty(x => x.Version, x => x.Version + 1).SetProperty(x => x.UpdatedAt, now), ct);
                        if (changed == 0)
                        {
                            var available = await db.Stock.AsNoTracking().Where(s => s.Id == stockId).Select(s => s.OnHand).FirstAsync(ct);
                            return Problem.Conflict("not-enough-stock", Messages.NotEnoughStock(leg.Item.Name, leg.Depot.Name, available, leg.Item.Unit));
                        }
                    }
                    var balance = await db.Stock.AsNoTracking().Where(s => s.Id == stockId).Select(s => s.OnHand).FirstAsync(ct);
                    movements.Add(new StockMovement
                    {
                        StockId = stockId, DepotId = leg.Depot.Id, ItemId = leg.Item.Id, RegionCode = leg.Depot.RegionCode, RegionPath = leg.Depot.RegionPath, Kind = leg.Kind,
                        Quantity = delta, BalanceAfter = balance, Reason = reason, Reference = reference, TransferId = transfer, By = actor, At = now,
                    });
                }
                db.StockMovements.AddRange(movements);
                await AuditLog.SaveChangesAsync(db, actor, now, () => movements.Select(m => new AuditRecord("stock." + EnumNames.Of(m.Kind), "stock-movement",
                    m.Id.ToString(CultureInfo.InvariantCulture), new { depot = m.DepotId, item = m.ItemId, m.Quantity, m.BalanceAfter, m.Reason, m.Reference, m.TransferId }, m.RegionPath))
                    .Concat(audit is null ? [] : audit()), ct);
                await transaction.CommitAsync(ct);
                // The reserve norms are read over the stock (001 §5.1.3(4)): their history records the change.
                readiness.Changed();
                // Shown in the order the user asked for them (the out line of a transfer first).
                return movements.OrderBy(m => legs.ToList().FindIndex(l => l.Depot.Id == m.DepotId && l.Item.Id == m.ItemId)).ToList();
            }
            catch (Exception e) when (attempt < MaxAttempts && IsRace(e))
            {
                // Another writer changed the same stock (or created the same stock row) at the same moment: again, from a fresh read.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), ct);
            }
        }
    }

    /// <summary>The stock row of the leg's depot and item, created empty (on hand 0) the first time the item goes into the depot.</summary>
    private async Task<int> StockIdAsync(Leg leg, DateTimeOffset now, CancellationToken ct)
    {
        var id = await db.Stock.Where(s => s.DepotId == leg.Depot.Id && s.ItemId == leg.Item.Id).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
        if (id is { } found) return found;
        var row = new StockLevel { DepotId = leg.Depot.Id, ItemId = leg.Item.Id, RegionCode = leg.Depot.RegionCode, RegionPath = leg.Depot.RegionPath, OnHand = 0, UpdatedAt = now };
        db.Stock.Add(row);
        await db.SaveChangesAsync(ct);
        db.Entry(row).State = EntityState.Detached;
        return row.Id;
    }

    private sealed class StockRaced() : Exception("the stock changed between the read and the write");

    private static bool IsRace(Exception e) => e switch
    {
        StockRaced => true,
        DbUpdateException update => WriteConflict.Is(update),
        PostgresException pg => pg.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation,
        _ => e.InnerException is PostgresException inner && IsRace(inner),
    };

    internal async Task<Outcome<Depot>> DepotAsync(FieldErrors errors, string path, int? id, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (id is not { } depotId)
        {
            errors.Add(path, Messages.Required(new("储备库", "the depot")));
            return default(Depot)!;
        }
        var depot = await db.Depots.AsNoTracking().FirstOrDefaultAsync(d => d.Id == depotId, ct);
        if (depot is null)
        {
            errors.Add(path, Messages.NoSuchDepot(depotId));
            return default(Depot)!;
        }
        // A depot of another county: its stock is not this user's to move (nor to know of).
        if (!jurisdiction.Covers(depot)) return Problem.Forbidden("outside-jurisdiction", Messages.OutsideJurisdiction(depot.RegionCode));
        return depot;
    }

    private async Task<SupplyItem?> ItemAsync(FieldErrors errors, string path, int? id, CancellationToken ct)
    {
        if (id is not { } itemId)
        {
            errors.Add(path, Messages.Required(new("物资", "the item")));
            return null;
        }
        var item = await db.SupplyItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null) errors.Add(path, Messages.NoSuchItem(itemId));
        return item;
    }

    /// <summary>A category by its name (protective…) or its Chinese label (防护用品…).</summary>
    public static SupplyCategory? CategoryOf(FieldErrors errors, string path, string? text, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) errors.Add(path, Messages.OneOf("", CategoryList));
            return null;
        }
        var t = text.Trim();
        if (EnumNames.TryParse<SupplyCategory>(t, out var parsed)) return parsed;
        foreach (var c in Enum.GetValues<SupplyCategory>())
        {
            if (Messages.SupplyCategoryName(c).Zh == t) return c;
        }
        errors.Add(path, Messages.OneOf(t, CategoryList));
        return null;
    }

    private static string CategoryList => string.Join(", ", Enum.GetValues<SupplyCategory>().Select(c => $"{EnumNames.Of(c)} ({Messages.SupplyCategoryName(c).Zh})"));

    public static ItemDto ToDto(SupplyItem i) =>
        new(i.Id, i.Code, i.Name, EnumNames.Of(i.Category), Messages.SupplyCategoryName(i.Category).ToString(), i.Unit, i.Spec);

    private async Task<Dictionary<string, string>> RegionNamesAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Distinct().ToList();
        return await db.Regions.AsNoTracking().Where(r => list.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
    }

    private async Task<IReadOnlyList<DepotDto>> DepotDtosAsync(IReadOnlyList<Depot> depots, CancellationToken ct)
    {
        var names = await RegionNamesAsync(depots.Select(d => d.RegionCode), ct);
        return [.. depots.Select(d => new DepotDto(d.Id, d.Name, d.RegionCode, names.GetValueOrDefault(d.RegionCode, d.RegionCode), d.Address, d.KeepingUnit))];
    }

    private async Task<IReadOnlyList<StockDto>> StockDtosAsync(IReadOnlyList<StockLevel> rows, CancellationToken ct)
    {
        var names = await RegionNamesAsync(rows.Select(s => s.RegionCode), ct);
        return [.. rows.Select(s => new StockDto(s.Id, s.DepotId, s.Depot!.Name, s.RegionCode, names.GetValueOrDefault(s.RegionCode, s.RegionCode), ToDto(s.Item!),
            s.OnHand, s.Minimum, s.Minimum is { } min && s.OnHand < min, s.Version, s.UpdatedAt))];
    }

    private async Task<IReadOnlyList<MovementDto>> MovementDtosAsync(IReadOnlyList<StockMovement> rows, CancellationToken ct)
    {
        var depotIds = rows.Select(m => m.DepotId).Distinct().ToList();
        var itemIds = rows.Select(m => m.ItemId).Distinct().ToList();
        var depots = await db.Depots.AsNoTracking().Where(d => depotIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var items = await db.SupplyItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        return [.. rows.Select(m => new MovementDto(m.Id, m.DepotId, depots.GetValueOrDefault(m.DepotId, ""), m.ItemId, items[m.ItemId].Code, items[m.ItemId].Name, items[m.ItemId].Unit,
            EnumNames.Of(m.Kind), Messages.MovementKindName(m.Kind).ToString(), m.Quantity, m.BalanceAfter, m.Reason, m.Reference, m.TransferId, m.By, m.At))];
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex ItemCode();
}

public sealed record ItemDto(int Id, string Code, string Name, string Category, string CategoryName, string Unit, string? Spec);
public sealed record DepotDto(int Id, string Name, string RegionCode, string RegionName, string? Address, string KeepingUnit);
public sealed record StockDto(int Id, int DepotId, string DepotName, string RegionCode, string RegionName, ItemDto Item, int OnHand, int? Minimum, bool Low, int Version,
    DateTimeOffset UpdatedAt);
public sealed record MovementDto(long Id, int DepotId, string DepotName, int ItemId, string ItemCode, string ItemName, string Unit, string Kind, string KindName,
    int Quantity, int BalanceAfter, string? Reason, string? Reference, Guid? TransferId, string By, DateTimeOffset At);
/// <summary>The ledger lines a change wrote: one, or two for a transfer (out, then in).</summary>
public sealed record MovementsDone(IReadOnlyList<MovementDto> Movements);
public sealed record NewItem(string? Code, string? Name, string? Category, string? Unit, string? Spec);
public sealed record NewDepot(string? Name, string? Region, string? Address, string? KeepingUnit);

/// <summary>kind: receipt, issue, transfer (to toDepotId) or stocktake (quantity = the count).</summary>
public sealed record NewMovement(string? Kind, int? DepotId, int? ItemId, int? Quantity, int? ToDepotId = null, string? Reason = null, string? Reference = null);

public sealed record StockFilter(int? DepotId = null, int? ItemId = null, SupplyCategory? Category = null, bool Low = false);
