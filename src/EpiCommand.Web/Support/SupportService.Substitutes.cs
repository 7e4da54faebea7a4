using System.Globalization;
using System.Security.Claims;
using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Data.Supplies;
using EpiCommand.Domain.Regions;
using EpiCommand.Web.Platform;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Support;

/// <summary>
/// Substitutes (代用品; issue 16 §3 "shortfalls and substitutes recorded"): the city's catalogue names, for an item, another the city
/// accepts in its place one for one (e.g. KN95 for N95; both counted in the same unit). Where an item falls short, the allocation may
/// ship a substitute at a higher cost (<see cref="SupportAllocator.SubstituteCost"/>), and a dispatch issues it through the ledger
/// recorded on the request's line. Kept by the city's headquarters (物资保障组) or an administrator, each change audited.
/// </summary>
public sealed partial class SupportService
{
    public static readonly Keyset<SupplySubstitute> NewestSubstitutes = Keyset<SupplySubstitute>.By(s => s.CreatedAt, s => s.Id, descending: true);

    /// <summary>
    /// The substitutes that apply to the user: those of its city and of the regions above it (a county reads its city's), and those of
    /// the cities below it (the region reads every city's); a page, newest first; <paramref name="itemId"/> narrows to one item.
    /// </summary>
    public async Task<Page<SubstituteDto>> ListSubstitutesAsync(Jurisdiction jurisdiction, int? itemId, PageRequest page, CancellationToken ct)
    {
        var above = Ancestors(jurisdiction.Path);
        var path = jurisdiction.Path;
        var query = db.SupplySubstitutes.AsNoTracking().Where(s => above.Contains(s.RegionPath) || s.RegionPath.StartsWith(path));
        if (itemId is { } id) query = query.Where(s => s.ItemId == id);
        return await NewestSubstitutes.PageAsync(query.Include(s => s.Item).Include(s => s.Substitute), page, SubstituteDtosAsync, ct);
    }

    /// <summary>A city accepts <c>substituteId</c> for <c>itemId</c>, one for one: both in the catalogue, different, of the same category and unit; once.</summary>
    public async Task<Outcome<SubstituteDto>> AddSubstituteAsync(NewSubstitute input, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!await MayAnswerAsync(user, jurisdiction, ct)) return Problem.Forbidden("support-city-only", Messages.SupportCityOnly);
        var errors = new FieldErrors();
        var region = await jurisdiction.RegionAsync(db, string.IsNullOrWhiteSpace(input.Region) ? jurisdiction.RegionCode : input.Region, "region", ct);
        if (region.Problem is { Kind: ProblemKind.Forbidden } forbidden) return forbidden;
        errors.Add(region.Problem);
        if (region.Value is { Level: not RegionLevel.City }) errors.Add("region", Messages.SubstituteCityOnly);
        var note = errors.Text("note", input.Note, 500);
        var ids = new[] { input.ItemId, input.SubstituteId }.OfType<int>().ToList();
        var items = await db.SupplyItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        SupplyItem? Item(string path, int? id)
        {
            if (id is not { } value) errors.Add(path, Messages.Required(new("物资", "the item")));
            else if (!items.TryGetValue(value, out var found)) errors.Add(path, Messages.NoSuchItem(value));
            else return found;
            return null;
        }
        var item = Item("itemId", input.ItemId);
        var substitute = Item("substituteId", input.SubstituteId);
        if (item is not null && substitute is not null)
        {
            if (item.Id == substitute.Id) errors.Add("substituteId", Messages.SubstituteSameItem);
            // One for one: the same unit of measure, and the same kind of need (a living item never stands for a medical one).
            else if (item.Unit != substitute.Unit) errors.Add("substituteId", Messages.SubstituteUnit(item.Unit, substitute.Unit));
            else if ((item.Category == SupplyCategory.Living) != (substitute.Category == SupplyCategory.Living)) errors.Add("substituteId", Messages.SubstituteCategory);
        }
        if (errors.Problem is { } invalid) return invalid;
        var city = region.Value!;
        if (await db.SupplySubstitutes.AnyAsync(s => s.RegionPath == city.Path && s.ItemId == item!.Id && s.SubstituteId == substitute!.Id, ct))
            return Problem.Conflict("support-substitute-exists", Messages.SubstituteExists(substitute!.Name, item!.Name));
        var now = clock.GetUtcNow();
        var by = user.UserName();
        var row = new SupplySubstitute { RegionCode = city.Code, RegionPath = city.Path, ItemId = item!.Id, SubstituteId = substitute!.Id, Note = note, CreatedAt = now, CreatedBy = by };
        db.SupplySubstitutes.Add(row);
        try
        {
            await AuditLog.SaveChangesAsync(db, by, now, () => [SubstituteAudit("support.substitute-added", row, new { item = row.ItemId, substitute = row.SubstituteId, ratio = "1:1", note })], ct);
        }
        catch (DbUpdateException)
        {
            // Two people adding the same at once: the unique index lets one in.
            db.ChangeTracker.Clear();
            return Problem.Conflict("support-substitute-exists", Messages.SubstituteExists(substitute.Name, item.Name));
        }
        db.ChangeTracker.Clear();
        return (await SubstituteDtosAsync([row], ct))[0];
    }

    /// <summary>The city withdraws a substitute: once (a second removal finds none, 404); what was dispatched with it stays recorded.</summary>
    public async Task<Outcome<SubstituteDto>> RemoveSubstituteAsync(long id, ClaimsPrincipal user, Jurisdiction jurisdiction, CancellationToken ct)
    {
        if (!await MayAnswerAsync(user, jurisdiction, ct)) return Problem.Forbidden("support-city-only", Messages.SupportCityOnly);
        var row = await db.SupplySubstitutes.AsNoTracking().Include(s => s.Item).Include(s => s.Substitute).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (row is null) return Problem.NotFound("support-substitute-not-found", Messages.NoSuchSubstitute(id));
        if (!jurisdiction.Covers(row)) return Problem.Forbidden("outside-jurisdiction", Messages.OutsideJurisdiction(row.RegionCode));
        var dto = (await SubstituteDtosAsync([row], ct))[0];
        var now = clock.GetUtcNow();
        var by = user.UserName();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.SupplySubstitutes.Where(s => s.Id == id).ExecuteDeleteAsync(ct) == 0) return Problem.NotFound("support-substitute-not-found", Messages.NoSuchSubstitute(id));
        await AuditLog.SaveChangesAsync(db, by, now, () => [SubstituteAudit("support.substitute-removed", row, new { item = row.ItemId, substitute = row.SubstituteId })], ct);
        await transaction.CommitAsync(ct);
        return dto;
    }

    /// <summary>The substitutes of the given items in every city's catalogue (the allocation keeps those of each request's city).</summary>
    private async Task<List<SupplySubstitute>> SubstitutesAsync(IReadOnlyList<int> itemIds, CancellationToken ct) =>
        await db.SupplySubstitutes.AsNoTracking().Where(s => itemIds.Contains(s.ItemId)).Include(s => s.Substitute).ToListAsync(ct);

    /// <summary>The substitutes the request's city accepts for its items.</summary>
    private async Task<List<SupplySubstitute>> SubstitutesForAsync(SupportRequest request, CancellationToken ct) =>
        [.. (await SubstitutesAsync([.. request.Lines.Select(l => l.ItemId)], ct)).Where(s => request.RegionPath.StartsWith(s.RegionPath, StringComparison.Ordinal))];

    /// <summary>"/150000/150500/150523/" → "/150000/", "/150000/150500/", "/150000/150500/150523/".</summary>
    private static List<string> Ancestors(string path)
    {
        var result = new List<string>();
        for (var i = path.IndexOf('/', 1); i > 0; i = path.IndexOf('/', i + 1)) result.Add(path[..(i + 1)]);
        return result;
    }

    private static AuditRecord SubstituteAudit(string action, SupplySubstitute s, object data) =>
        new(action, "supply-substitute", s.Id.ToString(CultureInfo.InvariantCulture), data, s.RegionPath);

    private async Task<IReadOnlyList<SubstituteDto>> SubstituteDtosAsync(IReadOnlyList<SupplySubstitute> rows, CancellationToken ct)
    {
        var ids = rows.SelectMany(r => new[] { r.ItemId, r.SubstituteId }).Distinct().ToList();
        var items = await db.SupplyItems.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var codes = rows.Select(r => r.RegionCode).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => codes.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => r.Name, ct);
        return [.. rows.Select(r => new SubstituteDto(r.Id, r.RegionCode, names.GetValueOrDefault(r.RegionCode, r.RegionCode), r.ItemId, items[r.ItemId].Name, r.SubstituteId,
            items[r.SubstituteId].Name, items[r.ItemId].Unit, "1:1", r.Note, r.CreatedAt, r.CreatedBy))];
    }
}

/// <summary>An accepted substitute of the city's catalogue: <c>substituteName</c> may be shipped for <c>itemName</c>, one for one.</summary>
public sealed record SubstituteDto(long Id, string RegionCode, string RegionName, int ItemId, string ItemName, int SubstituteId, string SubstituteName, string Unit, string Ratio,
    string? Note, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>region: the city (default: the user's); itemId: the item; substituteId: what may be shipped in its place, one for one.</summary>
public sealed record NewSubstitute(int? ItemId, int? SubstituteId, string? Region = null, string? Note = null);
