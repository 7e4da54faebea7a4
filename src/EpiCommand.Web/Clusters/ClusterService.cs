using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Assessment;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Map;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Clusters;

/// <summary>
/// A cluster as of today (requirements.md "Cluster"): <see cref="Id"/> is stable (setting id and formation day, see
/// <see cref="ClusterService.IdOf"/>); <see cref="Cases"/> counts its run's cases up to today; <see cref="Active"/> = it occurs
/// within the plan's cluster window (14 days).
/// </summary>
public sealed record ClusterDto(
    string Id, string Setting, string SettingName, string? SettingType, string? County, string? CountyName, string? CountyNameEn,
    DateOnly FormedOn, DateOnly LastCaseDate, int Cases, bool Active, int DaysSinceLastCase);

/// <summary>A node of the transmission graph: a case (<c>confirmed</c>, <c>asymptomatic</c>) or a setting (<c>setting</c>).</summary>
public sealed record GraphNode(string Id, string Kind, string Label, bool InCluster);

/// <summary>An edge: <c>linked</c> (a case's <c>linkedTo</c>, from the case to the one it names) or <c>setting</c> (a case names the setting).</summary>
public sealed record GraphEdge(string From, string To, string Kind);

/// <summary>
/// A cluster with its epidemic curve by report day and by onset day (from the first case's day to the last), and its
/// transmission graph. Only cases within the caller's jurisdiction are shown; <see cref="CasesElsewhere"/> counts the others.
/// </summary>
public sealed record ClusterDetail(ClusterDto Cluster, IReadOnlyList<CurvePoint> ByReport, IReadOnlyList<OnsetPoint> ByOnset,
    IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges, int CasesElsewhere);

/// <summary>
/// The clusters of the stored facts, as the engine finds them (<see cref="FactIndex.Clusters"/>, the same clusters that count
/// for the grade and the risk — no second rule here), for a jurisdiction: listed, one by one with its cases, curves and graph.
/// </summary>
public sealed class ClusterService(AppDbContext db, FactsCache facts, TimeProvider clock)
{
    /// <summary>Active first, the newest formed first, then by id: a unique order for keyset paging.</summary>
    public static readonly Keyset<ClusterRow> Order = Keyset<ClusterRow>.By(r => r.Rank, r => r.Dto.Id);

    /// <summary>A cluster with where it lies (its setting's region path), for scoping and paging.</summary>
    public sealed record ClusterRow(ClusterDto Dto, string RegionPath, int Rank, IndexedCluster Source);

    public static string IdOf(string setting, DateOnly formedOn) => $"{setting}@{formedOn:yyyy-MM-dd}";

    /// <summary>Every cluster formed up to today whose setting lies within <paramref name="path"/>.</summary>
    public async Task<List<ClusterRow>> RowsAsync(string path, CancellationToken ct)
    {
        var index = await facts.ReadAsync(ct);
        var today = ChinaTime.Today(clock).DayNumber;
        var window = facts.Plan.Parameters.ClusterWindowDays;
        var formed = index.Clusters.Where(c => c.FormedDay <= today).ToList();
        if (formed.Count == 0) return [];
        var settingIds = formed.Select(c => index.Scenario.Settings[c.Setting].Id).Distinct().ToList();
        var paths = await db.Settings.AsNoTracking().Where(s => settingIds.Contains(s.Id) && s.RegionPath.StartsWith(path))
            .ToDictionaryAsync(s => s.Id, s => s.RegionPath, ct);
        var counties = formed.Select(c => index.CountyOf[index.SettingRegion[c.Setting]]).Where(c => c >= 0).Select(index.Code).Distinct().ToList();
        var names = await db.Regions.AsNoTracking().Where(r => counties.Contains(r.Code)).ToDictionaryAsync(r => r.Code, r => (r.Name, r.NameEn), ct);
        var rows = new List<ClusterRow>();
        foreach (var cluster in formed)
        {
            var setting = index.Scenario.Settings[cluster.Setting];
            if (!paths.TryGetValue(setting.Id, out var settingPath)) continue;
            var county = index.CountyOf[index.SettingRegion[cluster.Setting]] is var c && c >= 0 ? index.Code(c) : null;
            var (name, nameEn) = county is not null && names.TryGetValue(county, out var n) ? n : (null, null);
            var last = cluster.LastCaseDayUpTo(today);
            var active = cluster.OccursWithin(window, today);
            var dto = new ClusterDto(IdOf(setting.Id, DateOnly.FromDayNumber(cluster.FormedDay)), setting.Id, setting.Name, setting.Type, county, name, nameEn,
                DateOnly.FromDayNumber(cluster.FormedDay), DateOnly.FromDayNumber(last), cluster.CasesUpTo(today), active, today - last);
            // Day numbers stay below 4 million: the active ones sort before every one that is over, each newest formed first.
            rows.Add(new ClusterRow(dto, settingPath, (active ? 0 : 4_000_000) - cluster.FormedDay, cluster));
        }
        return rows;
    }

    /// <summary>A page of the clusters of a region of the jurisdiction (the endpoint and the page checked the region), active first.</summary>
    public async Task<Page<ClusterDto>> ListAsync(string regionPath, bool? active, PageRequest page, CancellationToken ct)
    {
        var rows = await RowsAsync(regionPath, ct);
        if (active is { } wanted) rows = rows.Where(r => r.Dto.Active == wanted).ToList();
        return Order.PageOf(rows, page, r => r.Dto);
    }

    /// <summary>One cluster of the jurisdiction, or 404 (also for one outside it: its id says nothing about where it lies).</summary>
    public async Task<Outcome<ClusterRow>> FindAsync(Jurisdiction jurisdiction, string id, CancellationToken ct)
    {
        var row = (await RowsAsync(jurisdiction.Path, ct)).FirstOrDefault(r => r.Dto.Id == id);
        return row is null ? Problem.NotFound("cluster-not-found", Messages.NoSuchCluster(id)) : row;
    }

    public async Task<Outcome<ClusterDetail>> DetailAsync(Jurisdiction jurisdiction, string id, CancellationToken ct)
    {
        var found = await FindAsync(jurisdiction, id, ct);
        if (found.Problem is { } missing) return missing;
        var row = found.Value!;
        var index = await facts.ReadAsync(ct);
        var ids = CaseIds(index, row);
        var cases = await jurisdiction.Scope(db.Cases.AsNoTracking()).Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Classification, c.ReportedAt, c.OnsetAt, c.SettingId, c.OtherSettingIds, c.LinkedCaseIds }).ToListAsync(ct);

        var first = cases.Select(c => ChinaTime.DayOf(c.OnsetAt ?? c.ReportedAt)).DefaultIfEmpty(row.Dto.FormedOn).Min();
        var last = row.Dto.LastCaseDate;
        var days = Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();
        var byReport = days.Select(d =>
        {
            var ofDay = cases.Where(c => ChinaTime.DayOf(c.ReportedAt) == d).ToList();
            return new CurvePoint(d, ofDay.Count(c => c.Classification == Classification.Confirmed), ofDay.Count(c => c.Classification == Classification.Asymptomatic), 0);
        }).ToList();
        var byOnset = days.Select(d => new OnsetPoint(d, cases.Count(c => c.OnsetAt is { } onset && ChinaTime.DayOf(onset) == d))).ToList();

        // The graph: the cluster's cases; every setting they name (the cluster's own in the middle) joined to its cases; linkedTo as arrows.
        var nodes = cases.OrderBy(c => c.ReportedAt).ThenBy(c => c.Id)
            .Select(c => new GraphNode(c.Id, EnumNames.Of(c.Classification), c.Id, true)).ToList();
        var shown = nodes.Select(n => n.Id).ToHashSet();
        var edges = new List<GraphEdge>();
        var settingIds = new HashSet<string>();
        foreach (var c in cases)
        {
            foreach (var s in (c.SettingId is { } firstSetting ? [firstSetting, .. c.OtherSettingIds] : c.OtherSettingIds).Distinct())
            {
                settingIds.Add(s);
                edges.Add(new GraphEdge(c.Id, "setting:" + s, "setting"));
            }
            foreach (var linked in c.LinkedCaseIds.Where(shown.Contains)) edges.Add(new GraphEdge(c.Id, linked, "linked"));
        }
        var settingNames = await jurisdiction.Settings(db).AsNoTracking().Where(s => settingIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        // A setting outside the jurisdiction is shown by its id only.
        nodes.AddRange(settingIds.OrderBy(s => s == row.Dto.Setting ? 0 : 1).ThenBy(s => s, StringComparer.Ordinal)
            .Select(s => new GraphNode("setting:" + s, "setting", settingNames.GetValueOrDefault(s) ?? s, s == row.Dto.Setting)));
        return new ClusterDetail(row.Dto, byReport, byOnset, nodes, edges, ids.Count - cases.Count);
    }

    /// <summary>A page of the cluster's cases within the jurisdiction, newest report first.</summary>
    public async Task<Outcome<Page<CaseDto>>> CasesAsync(Jurisdiction jurisdiction, string id, PageRequest page, CancellationToken ct)
    {
        var found = await FindAsync(jurisdiction, id, ct);
        if (found.Problem is { } missing) return missing;
        var ids = CaseIds(await facts.ReadAsync(ct), found.Value!);
        var query = jurisdiction.Scope(db.Cases.AsNoTracking()).Where(c => ids.Contains(c.Id));
        return await CasePaging.Newest.PageAsync(query, page, CasesApi.ToDto, ct);
    }

    /// <summary>The ids of the run's cases known today.</summary>
    private List<string> CaseIds(FactIndex index, ClusterRow row) =>
        row.Source.Cases.Take(row.Source.CasesUpTo(ChinaTime.Today(clock).DayNumber)).Select(c => index.CaseId[c]).ToList();
}
