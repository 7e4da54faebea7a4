using EpiCommand.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Data.Regions;

public sealed record RegionRename(string Code, string From, string To);

/// <summary>What one import did. Regions are never deleted: one the data no longer holds is flagged missing.</summary>
public sealed record RegionImportReport(
    IReadOnlyDictionary<RegionLevel, int> InData,
    IReadOnlyDictionary<RegionLevel, int> Added,
    IReadOnlyList<RegionRename> Renamed,
    int Unchanged,
    IReadOnlyList<string> NewlyMissing,
    int StillMissing,
    IReadOnlyList<string> Returned,
    int EnglishNamesSet,
    int NeighbourPairsAdded);

/// <summary>
/// Loads or updates the regions of a database from the national division (requirements A1), in one transaction:
/// adds the new regions, renames the renamed ones, flags the ones that disappeared and never deletes a region, so
/// that cases, contacts, settings and users keep pointing at their codes. Running it twice changes nothing.
/// </summary>
public static class RegionImporter
{
    public static async Task<RegionImportReport> ImportAsync(AppDbContext db, DivisionExtract data, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var inData = data.Regions.ToDictionary(r => r.Code, StringComparer.Ordinal);
        var stored = new Dictionary<string, Region>(StringComparer.Ordinal);
        foreach (var code in data.Selection.Codes)
        {
            var prefix = code;
            foreach (var region in await db.Regions.Where(r => r.Code.StartsWith(prefix)).ToListAsync(cancellationToken)) stored[region.Code] = region;
        }
        // The province above a selected city, and any other region of the data that lies outside the selection.
        var ancestors = data.Regions.Where(r => !data.Selection.Covers(r.Code, r.Level) && !stored.ContainsKey(r.Code)).Select(r => r.Code).ToList();
        foreach (var region in await db.Regions.Where(r => ancestors.Contains(r.Code)).ToListAsync(cancellationToken)) stored[region.Code] = region;

        var added = new Dictionary<RegionLevel, int>();
        var renamed = new List<RegionRename>();
        var returned = new List<string>();
        var (unchanged, englishNamesSet) = (0, 0);
        foreach (var row in data.Regions.OrderBy(r => r.Level).ThenBy(r => r.Code, StringComparer.Ordinal))
        {
            var nameEn = data.EnglishNames.GetValueOrDefault(row.Code);
            if (stored.TryGetValue(row.Code, out var region))
            {
                var changed = false;
                if (region.Name != row.Name)
                {
                    renamed.Add(new RegionRename(row.Code, region.Name, row.Name));
                    region.Name = row.Name;
                    changed = true;
                }
                if (nameEn is not null && region.NameEn != nameEn)
                {
                    region.NameEn = nameEn;
                    englishNamesSet++;
                    changed = true;
                }
                if (region.MissingSince is not null)
                {
                    region.MissingSince = null;
                    returned.Add(row.Code);
                    changed = true;
                }
                if (!changed) unchanged++;
                continue;
            }
            var parentPath = row.ParentCode is null ? null
                : stored.TryGetValue(row.ParentCode, out var parent) ? parent.Path
                : throw new InvalidOperationException($"the parent {row.ParentCode} of {row.Code} is neither in the data nor in the database");
            region = new Region { Code = row.Code, Name = row.Name, NameEn = nameEn, Level = row.Level, ParentCode = row.ParentCode, Path = Region.PathOf(parentPath, row.Code) };
            db.Regions.Add(region);
            stored[row.Code] = region;
            added[row.Level] = added.GetValueOrDefault(row.Level) + 1;
            if (nameEn is not null) englishNamesSet++;
        }

        var newlyMissing = new List<string>();
        var stillMissing = 0;
        foreach (var region in stored.Values.Where(r => !inData.ContainsKey(r.Code) && data.Selection.Covers(r.Code, r.Level)).OrderBy(r => r.Code, StringComparer.Ordinal))
        {
            if (region.MissingSince is not null)
            {
                stillMissing++;
                continue;
            }
            region.MissingSince = now;
            newlyMissing.Add(region.Code);
        }
        await db.SaveChangesAsync(cancellationToken);

        var neighbourPairsAdded = await AddNeighboursAsync(db, data.Neighbours, cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return new RegionImportReport(
            data.Regions.GroupBy(r => r.Level).ToDictionary(g => g.Key, g => g.Count()), added, renamed, unchanged, newlyMissing, stillMissing, returned, englishNamesSet, neighbourPairsAdded);
    }

    /// <summary>Neighbours are symmetric and stored both ways; a pair is added when both regions are in the database and it is not there yet.</summary>
    private static async Task<int> AddNeighboursAsync(AppDbContext db, IReadOnlyList<(string A, string B)> pairs, CancellationToken cancellationToken)
    {
        var codes = pairs.SelectMany(p => new[] { p.A, p.B }).Distinct().ToList();
        var present = (await db.Regions.Where(r => codes.Contains(r.Code)).Select(r => r.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var existing = (await db.RegionNeighbors.Where(n => codes.Contains(n.RegionCode)).Select(n => new { n.RegionCode, n.NeighborCode }).ToListAsync(cancellationToken))
            .Select(n => (n.RegionCode, n.NeighborCode)).ToHashSet();
        var added = 0;
        foreach (var (a, b) in pairs.Where(p => present.Contains(p.A) && present.Contains(p.B)))
        {
            var pairAdded = false;
            foreach (var (from, to) in new[] { (a, b), (b, a) })
            {
                if (!existing.Add((from, to))) continue;
                db.RegionNeighbors.Add(new RegionNeighbor { RegionCode = from, NeighborCode = to });
                pairAdded = true;
            }
            if (pairAdded) added++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }
}
