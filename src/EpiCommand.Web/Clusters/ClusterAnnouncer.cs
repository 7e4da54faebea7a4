using System.Threading.Channels;
using EpiCommand.Data;
using EpiCommand.Data.Surveillance;
using EpiCommand.Domain.Time;
using EpiCommand.Web.Clocks;
using EpiCommand.Web.Notifications;
using EpiCommand.Web.Platform;
using EpiCommand.Web.Surveillance;
using Microsoft.EntityFrameworkCore;

namespace EpiCommand.Web.Clusters;

/// <summary>
/// 001 §4.4: "出现……聚集性疫情时，辖区疾控中心应……在2小时内进行网络直报". When the engine finds a cluster the platform has not
/// recorded yet, it is recorded (<see cref="ClusterRecord"/>, keyed by the cluster's id), the headquarters of its county and of
/// the city above are notified, and the plan's clocks that start on <c>clusterFound</c> are started (Tongliao:
/// <c>phe-report-cluster</c>, 2 hours — plan data). The record, the notifications and the clock are saved together; a second
/// announcer (another instance, a write and the watcher at once) fails on the record's key and announces nothing.
/// </summary>
public sealed class ClusterAnnouncer(AppDbContext db, FactsCache facts, ClockService clocks, Notifier notifier, TimeProvider clock)
{
    public const string ClockEvent = "clusterFound";

    /// <summary>Records every cluster formed up to now that is not recorded yet; returns how many this call announced.</summary>
    public async Task<int> AnnounceAsync(CancellationToken ct)
    {
        var index = await facts.GetAsync(ct);
        var now = clock.GetUtcNow();
        var today = ChinaTime.DayOf(now).DayNumber;
        var parameters = facts.Plan.Parameters;
        var formed = index.Clusters.Where(c => c.FormedDay <= today)
            .Select(c => (Cluster: c, Id: ClusterService.IdOf(index.Scenario.Settings[c.Setting].Id, DateOnly.FromDayNumber(c.FormedDay)))).ToList();
        if (formed.Count == 0) return 0;
        var ids = formed.Select(f => f.Id).ToList();
        var known = (await db.Clusters.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var announced = 0;
        foreach (var (cluster, id) in formed.Where(f => !known.Contains(f.Id)))
        {
            var setting = index.Scenario.Settings[cluster.Setting];
            var county = index.CountyOf[index.SettingRegion[cluster.Setting]];
            // The cluster belongs to the county that contains the setting (requirements.md "Cluster"); above county, to the setting's region.
            var homeCode = county >= 0 ? index.Code(county) : setting.Region;
            var home = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == homeCode, ct);
            var record = new ClusterRecord { Id = id, SettingId = setting.Id, FormedOn = DateOnly.FromDayNumber(cluster.FormedDay), RegionCode = home.Code, RegionPath = home.Path, SeenAt = now };
            IReadOnlyList<Message> messages = [];
            // A cluster already over when first seen (an old line list) is remembered, not announced.
            if (cluster.OccursWithin(parameters.ClusterWindowDays, today))
            {
                var caseIds = cluster.Cases.Select(c => index.CaseId[c]).ToList();
                var formedAt = await FormedAtAsync(cluster, caseIds, parameters.ClusterMinCases, parameters.ClusterWindowDays, ct);
                StartClocks(id, home, formedAt, now);
                record.AnnouncedAt = now;
                var cases = cluster.CasesUpTo(today);
                var type = Messages.SettingType(setting.Type).Zh;
                var title = $"聚集性疫情：{home.Name}{setting.Name}";
                var body = $"{home.Name}{setting.Name}（{type}）于 {record.FormedOn:yyyy-MM-dd} 形成聚集性疫情（14天内≥{parameters.ClusterMinCases}例，001 §1.5.1.1），"
                    + $"目前{cases}例。{ReportDemand()}";
                var link = "/clusters/" + Uri.EscapeDataString(id);
                var recipients = new List<Data.Regions.Region> { home };
                if (home.ParentCode is { } parent && await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == parent, ct) is { } city) recipients.Add(city);
                messages = Notifier.Add(db, now, recipients.Select(r => new Message(r.Code, r.Path, title, body, link)));
            }
            db.Clusters.Add(record);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another announcer recorded it first: it also notified and started the clock.
                db.ChangeTracker.Clear();
                if (await db.Clusters.AsNoTracking().AnyAsync(c => c.Id == id, ct)) continue;
                throw;
            }
            await notifier.SendAsync(db, messages, ct);
            if (record.AnnouncedAt is not null) announced++;
        }
        return announced;
    }

    /// <summary>What the plan's clusterFound clocks ask, in its words (e.g. 001 §4.4: 2 小时内网络直报).</summary>
    private string ReportDemand() => string.Join("", facts.Plan.ReportingClocks.Where(c => c.StartsOn == ClockEvent)
        .Select(c => $"请于{(c.DueHours is { } hours ? $"{hours:0.#}小时内" : "立即")}完成：{c.Name}（§{c.Clause}）。"));

    /// <summary>
    /// The plan's clusterFound clocks, from the moment the cluster formed. As for the cases of a line list (CaseService), a clock
    /// whose deadline had passed before the platform saw the cluster is not started: it was met or missed elsewhere.
    /// </summary>
    private void StartClocks(string id, Data.Regions.Region home, DateTimeOffset formedAt, DateTimeOffset now)
    {
        var late = !facts.Plan.ReportingClocks.Any(c => c.StartsOn == ClockEvent && formedAt.AddHours(c.DueHours ?? 1) > now);
        if (!late) clocks.Start(ClockEvent, id, home.Code, home.Path, formedAt);
    }

    /// <summary>
    /// The moment the run reached the threshold: the report time of the case that made it the <paramref name="min"/>th within the
    /// window on the formation day (the cases of that day in report order).
    /// </summary>
    private async Task<DateTimeOffset> FormedAtAsync(Domain.Assessment.IndexedCluster cluster, List<string> caseIds, int min, int window, CancellationToken ct)
    {
        var before = cluster.Days.Count(d => d < cluster.FormedDay && d > cluster.FormedDay - window);
        var ofDay = caseIds.Where((_, i) => cluster.Days[i] == cluster.FormedDay).ToList();
        var times = await db.Cases.AsNoTracking().Where(c => ofDay.Contains(c.Id)).Select(c => c.ReportedAt).ToListAsync(ct);
        times.Sort();
        return times.Count == 0 ? ChinaTime.StartOf(DateOnly.FromDayNumber(cluster.FormedDay)) : times[Math.Clamp(min - before - 1, 0, times.Count - 1)];
    }
}

/// <summary>Wakes the <see cref="ClusterWatcher"/> after the facts change (a case written, a line list imported).</summary>
public sealed class ClusterSignal
{
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public ClusterSignal(FactsCache facts) => facts.Invalidated += () => _requests.Writer.TryWrite(true);

    internal async Task WaitAsync(CancellationToken ct) => await _requests.Reader.ReadAsync(ct);
}

/// <summary>Looks for newly formed clusters after every change of the facts, and once a minute (the day turns; another instance wrote).</summary>
public sealed class ClusterWatcher(IServiceScopeFactory scopes, TimeProvider clock, ClusterSignal signal, ILogger<ClusterWatcher> logger) : MinuteWatcher(scopes, clock, logger)
{
    protected override string What => "Looking for newly formed clusters";

    protected override Task WakeAsync(CancellationToken ct) => signal.WaitAsync(ct);

    protected override Task ScanAsync(IServiceProvider services, CancellationToken ct) => services.GetRequiredService<ClusterAnnouncer>().AnnounceAsync(ct);
}
