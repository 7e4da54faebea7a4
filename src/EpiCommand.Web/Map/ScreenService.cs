using EpiCommand.Data;
using EpiCommand.Data.Regions;
using EpiCommand.Data.Response;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Scenarios;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Map;

public sealed record OnsetPoint(DateOnly Day, int Cases);

public sealed record ScreenResponse(string Region, string Level, DateTimeOffset Since);

public sealed record ScreenCluster(string County, string Setting, DateOnly Formed);

/// <summary>Tasks of the responses: how many there are (cancelled and closed ones aside), done, and overdue.</summary>
public sealed record ScreenTasks(int Total, int Done, int Overdue);

/// <summary>What the leaders' view shows beside the live picture and the map.</summary>
public sealed record ScreenExtras(IReadOnlyList<OnsetPoint>? Onset, IReadOnlyList<ScreenResponse> Responses, IReadOnlyList<ScreenCluster> Clusters, ScreenTasks Tasks);

/// <summary>The leaders' view (大屏, issue 14): the curve by onset, the responses in force, the active clusters and task completion of a region.</summary>
public sealed class ScreenService(AppDbContext db, FactsCache facts, TimeProvider clock)
{
    public const int ClustersShown = 8;

    public async Task<ScreenExtras> GetAsync(Region region, DateOnly day, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var path = region.Path;

        var onset = await OnsetCurveAsync(path, day, ct);

        var responses = await db.Activations.AsNoTracking().Where(a => a.EndedAt == null && a.RegionPath.StartsWith(path))
            .OrderBy(a => a.RegionPath).Select(a => new ScreenResponse(a.RegionCode, a.Level, a.StartedAt)).Take(50).ToListAsync(ct);

        var index = await facts.ReadAsync(ct);
        var within = await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(path) && r.Level == Domain.Regions.RegionLevel.County).Select(r => r.Code).ToListAsync(ct);
        var clusters = MapService.ActiveClusterList(index, day, facts.Plan.Parameters.ClusterWindowDays)
            .Where(c => within.Contains(c.County)).Select(c => new ScreenCluster(c.County, c.Setting, c.Formed)).ToList();

        var tasks = db.Tasks.AsNoTracking().Where(t => t.RegionPath.StartsWith(path) && t.State != TaskState.Cancelled && t.State != TaskState.Closed);
        var counts = new ScreenTasks(
            await tasks.CountAsync(ct),
            await tasks.CountAsync(t => t.State == TaskState.Done, ct),
            await tasks.CountAsync(t => t.State != TaskState.Done && t.DueAt != null && t.DueAt < now, ct));
        return new ScreenExtras(onset, responses, clusters, counts);
    }

    /// <summary>Cases (confirmed and asymptomatic) by onset day over the days of the curve by report; null when none of the region's cases records an onset.</summary>
    public async Task<IReadOnlyList<OnsetPoint>?> OnsetCurveAsync(string path, DateOnly day, CancellationToken ct)
    {
        var first = ChinaTime.StartOf(day.AddDays(-(PictureService.CurveDays - 1)));
        var end = ChinaTime.StartOf(day.AddDays(1));
        var onsets = await db.Cases.AsNoTracking()
            .Where(c => c.RegionPath.StartsWith(path) && c.OnsetAt != null && c.OnsetAt >= first && c.OnsetAt < end && c.Outcome != CaseOutcome.Excluded && c.Classification != Classification.Suspected)
            .Select(c => c.OnsetAt!.Value).ToListAsync(ct);
        return onsets.Count == 0 ? null : Enumerable.Range(0, PictureService.CurveDays).Select(i => day.AddDays(i - (PictureService.CurveDays - 1)))
            .Select(d => new OnsetPoint(d, onsets.Count(o => ChinaTime.DayOf(o) == d))).ToList();
    }
}
